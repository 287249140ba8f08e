package scalelab.flashsale.order;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where orders and their status are kept. Status changes are atomic and one way: pending -> processing ->
 * completed or failed (pending may go straight to a final status); a final order never changes again, so a
 * late or repeated worker cannot move a completed order back.
 */
public interface OrderStore extends AutoCloseable {
    /**
     * Records a new order.
     *
     * @throws IllegalStateException if an order with its id exists
     */
    void add(Order order);

    Optional<Order> find(UUID orderId);

    /**
     * Moves a non-final order to {@code status} (processing, completed or failed) in one atomic step; a final
     * order is left as it is.
     *
     * @return the order as it is afterwards (check its status: a final order keeps its own), or empty when
     *     the store does not know it
     * @throws IllegalArgumentException when asked to move an order back to pending
     */
    Optional<Order> moveTo(UUID orderId, OrderStatus status);

    /**
     * Moves a non-final order to a final status (completed or failed) in one atomic step, telling whether this
     * call did: of racing calls for one order, exactly one gets true.
     *
     * @return true if this call made the order final; false when it was final already or the store does not
     *     know it
     * @throws IllegalArgumentException when {@code status} is not final
     */
    boolean finish(UUID orderId, OrderStatus status);

    /**
     * Removes the order if it is still pending: an order the API could not queue is not kept. An order a
     * worker has taken already (processing or final) stays.
     *
     * @return true if it was pending and is gone
     */
    boolean removeIfPending(UUID orderId);

    /** How many orders are in each status (every status present, zero included). */
    Map<OrderStatus, Long> countByStatus();

    /** Where orders are kept, without credentials. */
    String describe();

    @Override
    default void close() {}
}
