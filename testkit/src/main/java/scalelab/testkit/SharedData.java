package scalelab.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The team's shared test data ({@code ../shared/data} next to the repository, e.g. {@code hamlet.txt}). The
 * product never needs it; tests that do are skipped, with the reason, where it is not there. It is looked up
 * from {@code SCALELAB_SHARED_DATA} if set, else as {@code shared/data} beside the working directory or any
 * of its parents (a module's tests run in the module's folder, one level below the repository).
 */
public final class SharedData {
    private SharedData() {}

    /** The file's path; skips the calling test if the shared data cannot be found. */
    public static Path file(String name) {
        Path dir = directory();
        Assumptions.assumeTrue(dir != null, "the shared test data (../shared/data) is not next to this checkout");
        Path file = dir.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "the shared test data has no " + name);
        return file;
    }

    private static Path directory() {
        String configured = System.getenv("SCALELAB_SHARED_DATA");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) return candidate;
        }
        return null;
    }
}
