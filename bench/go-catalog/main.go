// A Go/Gin version of the catalog's GET /products/{id} and POST /products/{id}/details: the reference
// that bench/catalog.sh measures beside scalelab in the same minutes (the course's reference numbers
// were taken on a Gin server). Built offline against Debian's golang-github-gin-gonic-gin:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o go-catalog .
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

type product struct {
	ProductID    int    `json:"product_id" binding:"required,min=1"`
	SKU          string `json:"sku" binding:"required,min=1,max=100"`
	Manufacturer string `json:"manufacturer" binding:"required,min=1,max=200"`
	CategoryID   int    `json:"category_id" binding:"required,min=1"`
	Weight       *int   `json:"weight" binding:"required,min=0"`
	SomeOtherID  int    `json:"some_other_id" binding:"required,min=1"`
}

type store struct {
	mu       sync.RWMutex
	products map[int]product
}

func pathID(c *gin.Context) (int, bool) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id < 1 || id > 2147483647 {
		c.JSON(http.StatusBadRequest, gin.H{"error": "INVALID_ID", "message": "productId must be a positive integer"})
		return 0, false
	}
	return id, true
}

func (s *store) get(c *gin.Context) {
	id, ok := pathID(c)
	if !ok {
		return
	}
	s.mu.RLock()
	p, found := s.products[id]
	s.mu.RUnlock()
	if !found {
		c.JSON(http.StatusNotFound, gin.H{"error": "PRODUCT_NOT_FOUND", "message": "product not found"})
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *store) details(c *gin.Context) {
	id, ok := pathID(c)
	if !ok {
		return
	}
	var p product
	if err := c.ShouldBindJSON(&p); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "INVALID_PRODUCT", "message": err.Error()})
		return
	}
	if p.ProductID != id {
		c.JSON(http.StatusBadRequest, gin.H{"error": "ID_MISMATCH", "message": "the body's product_id differs from the path's productId"})
		return
	}
	s.mu.Lock()
	s.products[id] = p
	s.mu.Unlock()
	c.Status(http.StatusNoContent)
}

func main() {
	port := flag.Int("port", 18192, "HTTP port")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	w1, w2 := 2500, 200
	s := &store{products: map[int]product{
		1: {1, "LAPTOP-001", "Dell", 1, &w1, 101},
		2: {2, "PHONE-001", "Apple", 2, &w2, 102},
	}}
	r := gin.New() // no logger middleware, as a service under load would run
	r.Use(gin.Recovery())
	r.GET("/products/:id", s.get)
	r.POST("/products/:id/details", s.details)
	r.GET("/health", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "healthy"}) })
	log.Fatal(r.Run(fmt.Sprintf("127.0.0.1:%d", *port)))
}
