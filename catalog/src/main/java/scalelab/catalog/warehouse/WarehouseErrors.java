package scalelab.catalog.warehouse;

import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;

/** The refusals every {@link Warehouse} gives, worded once. */
final class WarehouseErrors {
    private WarehouseErrors() {}

    /** Both arguments of reserve, release and ship must be >= 1: one 400 names every bad one. */
    static void checkRequest(int productId, int quantity) {
        new Problems()
                .check(productId >= 1, "product_id must be >= 1")
                .check(quantity >= 1, "quantity must be >= 1")
                .throwIfAny("INVALID_REQUEST", "the request is invalid");
    }

    static ApiException notFound(int productId) {
        return new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + productId);
    }

    static ApiException insufficientStock(int productId, int requested, int available) {
        return ApiException.badRequest(
                "INSUFFICIENT_STOCK",
                "not enough stock available",
                "product_id " + productId + ": requested " + requested + ", available " + available);
    }

    static ApiException insufficientReserved(int productId, int requested, int reserved) {
        return ApiException.badRequest(
                "INSUFFICIENT_RESERVED",
                "not enough reserved stock",
                "product_id " + productId + ": requested " + requested + ", reserved " + reserved);
    }
}
