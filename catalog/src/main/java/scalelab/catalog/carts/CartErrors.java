package scalelab.catalog.carts;

import scalelab.core.http.ApiException;

/** The refusals every {@link CartStore} gives, worded once. */
final class CartErrors {
    private CartErrors() {}

    static ApiException notFound(int cartId) {
        return new ApiException(404, "CART_NOT_FOUND", "shopping cart not found", "shopping_cart_id " + cartId);
    }

    static ApiException checkedOut(int orderId) {
        return ApiException.badRequest("CART_CHECKED_OUT", "the cart is already checked out", "order_id " + orderId);
    }

    static ApiException checkoutInProgress(int cartId) {
        return ApiException.badRequest(
                "CHECKOUT_IN_PROGRESS", "the cart is being checked out", "shopping_cart_id " + cartId);
    }

    static ApiException empty(int cartId) {
        return ApiException.badRequest(
                "CART_EMPTY", "an empty cart cannot be checked out", "shopping_cart_id " + cartId);
    }

    static ApiException tooManyUnits() {
        return ApiException.badRequest(
                "INVALID_QUANTITY", "too many units of one product", "at most " + Integer.MAX_VALUE);
    }
}
