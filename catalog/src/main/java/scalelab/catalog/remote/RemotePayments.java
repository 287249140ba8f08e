package scalelab.catalog.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import scalelab.catalog.carts.CartPorts;
import scalelab.core.http.ApiException;

/**
 * The payments service over HTTP: {@code POST /payments/checkout} charges (its 400, 402 and 404 reach the
 * caller as they are; {@link scalelab.catalog.carts.Carts} answers a 402 as a 400), {@code GET
 * /payments?shopping_cart_id=N} finds an earlier approved payment.
 */
final class RemotePayments implements CartPorts.Payments {
    private static final Set<String> NOT_FOUND = Set.of("PAYMENT_NOT_FOUND");
    private final RemoteService payments;

    RemotePayments(RemoteService payments) {
        this.payments = payments;
    }

    @Override
    public String charge(String cardNumber, int cartId) {
        var answer = payments.post(
                "/payments/checkout", Map.of("credit_card_number", cardNumber, "shopping_cart_id", cartId), Set.of());
        return transactionId(answer);
    }

    @Override
    public Optional<String> paidFor(int cartId) {
        var answer = payments.get("/payments?shopping_cart_id=" + cartId, NOT_FOUND);
        return answer.status() == 200 ? Optional.of(transactionId(answer)) : Optional.empty();
    }

    private String transactionId(RemoteService.Answer answer) {
        JsonNode id = answer.json().path("transaction_id");
        if (!id.isTextual() || id.textValue().isBlank()) {
            throw new ApiException(
                    503,
                    "DEPENDENCY_UNAVAILABLE",
                    "the " + payments.name() + " service is unavailable, try again later",
                    "its answer has no transaction_id");
        }
        return id.textValue();
    }
}
