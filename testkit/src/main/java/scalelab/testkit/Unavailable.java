package scalelab.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** What a guard does when a test's prerequisite is missing: skip with the reason, or fail in CI. */
final class Unavailable {
    private Unavailable() {}

    /** Skips the test with {@code reason}; fails it instead under {@code CI=true}. */
    static void skipOrFail(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; CI=true, so this fails instead of skipping");
        }
        Assumptions.abort(reason);
    }
}
