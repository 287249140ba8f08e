"""A FastAPI version of the catalog's GET /products/{id} and POST /products/{id}/details: the reference
that bench/catalog.sh measures beside scalelab in the same minutes (the course's reference numbers were
taken on FastAPI/uvicorn). Run it with Debian's packages (apt-get install python3-fastapi python3-uvicorn):

    /usr/bin/python3 -m uvicorn app:app --app-dir bench/fastapi-catalog --host 127.0.0.1 --port 18193
"""
from fastapi import FastAPI, Path
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field


class Product(BaseModel):
    product_id: int = Field(..., ge=1)
    sku: str = Field(..., min_length=1, max_length=100)
    manufacturer: str = Field(..., min_length=1, max_length=200)
    category_id: int = Field(..., ge=1)
    weight: int = Field(..., ge=0)
    some_other_id: int = Field(..., ge=1)


app = FastAPI()
products = {
    1: Product(product_id=1, sku="LAPTOP-001", manufacturer="Dell", category_id=1, weight=2500, some_other_id=101),
    2: Product(product_id=2, sku="PHONE-001", manufacturer="Apple", category_id=2, weight=200, some_other_id=102),
}


@app.get("/health")
async def health():
    return {"status": "healthy"}


@app.get("/products/{product_id}", response_model=Product)
async def get_product(product_id: int = Path(..., ge=1, le=2147483647)):
    product = products.get(product_id)
    if product is None:
        return JSONResponse(status_code=404, content={"error": "PRODUCT_NOT_FOUND", "message": "product not found"})
    return product


@app.post("/products/{product_id}/details", status_code=204)
async def save_details(product: Product, product_id: int = Path(..., ge=1, le=2147483647)):
    if product.product_id != product_id:
        return JSONResponse(
            status_code=400,
            content={"error": "ID_MISMATCH", "message": "the body's product_id differs from the path's productId"},
        )
    products[product_id] = product
    return Response(status_code=204)
