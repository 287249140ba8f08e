package scalelab.flashsale.function;

/**
 * The invocation ran and failed: the handler threw (its exception is the cause), or the init (cold start) threw,
 * in which case {@link #duringInit()} is true and no environment was kept.
 */
public final class FunctionInvocationException extends RuntimeException {
    private final boolean duringInit;

    FunctionInvocationException(String message, Throwable cause, boolean duringInit) {
        super(message, cause);
        this.duringInit = duringInit;
    }

    public boolean duringInit() {
        return duringInit;
    }
}
