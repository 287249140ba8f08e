package scalelab.flashsale.function;

/**
 * A function's handler: what one execution environment runs for each event, one event at a time. It is built
 * by the function's init (a {@code Supplier<FunctionHandler<E, R>>}) during a cold start; whatever it builds there
 * (a JSON mapper, clients, a connection pool) is reused by every invocation in that environment. A handler that
 * is also {@link AutoCloseable} is closed when its environment is reclaimed (Lambda's SHUTDOWN phase).
 */
@FunctionalInterface
public interface FunctionHandler<E, R> {
    /**
     * Handles one event.
     *
     * @return the invocation's result (Lambda's response payload), handed back by {@link FunctionRuntime#invoke}
     * @throws Exception the invocation failed (counted as an error; the environment stays usable)
     */
    R handle(E event) throws Exception;
}
