package scalelab.flashsale.function;

/**
 * A snapshot of a {@link FunctionRuntime}'s counters, as Lambda's CloudWatch metrics and REPORT lines show them.
 * Durations are milliseconds; percentiles come from HdrHistograms (3 significant digits).
 *
 * @param invocations invocations that ran (a cold start that failed in init counts; a throttled one does not)
 * @param errors invocations that failed: the handler threw, or the init did
 * @param throttles invocations refused because all environments were busy at the limit for the throttle wait
 * @param coldStarts environments created (each ran the function's init once), including failed inits
 * @param initFailures cold starts whose init threw (no environment kept)
 * @param concurrentExecutions invocations running now (init included)
 * @param peakConcurrentExecutions the most that ever ran at once
 * @param environmentsAlive environments that exist now, busy or idle (warm)
 * @param environmentsReclaimed environments reclaimed after the idle timeout (or at close)
 * @param initTotalMillis measured init time, summed over cold starts (the handler factory's real work)
 * @param initP50Millis median measured init
 * @param initMaxMillis longest measured init
 * @param extraInitTotalMillis configured extra init (standing for the JVM boot) summed over cold starts
 * @param coldInvocationP50Millis median time of an invocation that paid a cold start: init + extra + handler
 * @param coldInvocationMaxMillis the longest such invocation
 * @param warmInvocationP50Millis median time of an invocation on a warm environment: the handler only
 * @param warmInvocationMaxMillis the longest such invocation
 * @param billedDurationMillis the INVOKE phase billed: each invocation's handler time rounded up to 1 ms
 * @param billedInitMillis the INIT phase billed (since 1 Aug 2025 for every function): each cold start's
 *     measured + extra init rounded up to 1 ms
 * @param billedGbSeconds (billed duration + billed init) x memory in GB, what Lambda's duration price applies to
 */
public record FunctionStats(
        long invocations,
        long errors,
        long throttles,
        long coldStarts,
        long initFailures,
        int concurrentExecutions,
        int peakConcurrentExecutions,
        int environmentsAlive,
        long environmentsReclaimed,
        double initTotalMillis,
        double initP50Millis,
        double initMaxMillis,
        double extraInitTotalMillis,
        double coldInvocationP50Millis,
        double coldInvocationMaxMillis,
        double warmInvocationP50Millis,
        double warmInvocationMaxMillis,
        long billedDurationMillis,
        long billedInitMillis,
        double billedGbSeconds) {}
