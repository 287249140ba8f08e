// A plain Go net/http version of the album API's GET /albums/{id} and GET /albums, standard library
// only: the reference that bench/albums.sh --compare-go measures beside scalelab in the same minutes.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
)

type album struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Artist string  `json:"artist"`
	Price  float64 `json:"price"`
}

type store struct {
	mu     sync.RWMutex
	order  []string
	albums map[string]album
}

func (s *store) get(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/albums/")
	s.mu.RLock()
	a, ok := s.albums[id]
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"message": "album not found"})
		return
	}
	json.NewEncoder(w).Encode(a)
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	all := make([]album, 0, len(s.order))
	for _, id := range s.order {
		all = append(all, s.albums[id])
	}
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(all)
}

func main() {
	port := flag.Int("port", 18182, "HTTP port")
	flag.Parse()
	s := &store{albums: map[string]album{}}
	for _, a := range []album{
		{"1", "Blue Train", "John Coltrane", 56.99},
		{"2", "Jeru", "Gerry Mulligan", 17.99},
		{"3", "Sarah Vaughan and Clifford Brown", "Sarah Vaughan", 39.99},
	} {
		s.order = append(s.order, a.ID)
		s.albums[a.ID] = a
	}
	http.HandleFunc("/albums/", s.get)
	http.HandleFunc("/albums", s.list)
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"status":"healthy"}`) })
	log.Fatal(http.ListenAndServe(fmt.Sprintf("127.0.0.1:%d", *port), nil))
}
