package scalelab.core.messaging;

/** Handles one delivery; it must settle it. Throwing retries the delivery at once. */
@FunctionalInterface
public interface DeliveryHandler {
    void handle(Delivery delivery) throws Exception;
}
