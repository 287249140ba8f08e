package scalelab.testkit;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium, for tests that must see a page as a browser draws it (a report's inline SVG
 * charts, say).
 *
 * <pre>{@code
 * Chromium.requireChromium(); // skips locally, fails under CI=true, when there is none
 * BufferedImage page = Chromium.screenshot(outDir.resolve("index.html"), 1000, 1600);
 * }</pre>
 */
public final class Chromium {
    /** How long one screenshot may take before Chromium is killed: 60 s. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Debian's package puts it here; it is looked for first. */
    private static final Path DEBIAN = Path.of("/usr/bin/chromium");

    /** The names looked for on {@code PATH}, in order. */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private Chromium() {}

    /**
     * The Chromium executable: {@code /usr/bin/chromium}, else the first of {@code chromium}, {@code
     * chromium-browser}, {@code google-chrome} on {@code PATH}.
     */
    public static Optional<Path> find() {
        if (Files.isExecutable(DEBIAN)) {
            return Optional.of(DEBIAN);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
                if (candidate != null && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The Chromium executable; when there is none, skips the test with the reason, or fails it under
     * {@code CI=true} (as {@link RealServices} does for an unreachable service).
     */
    public static Path requireChromium() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            Unavailable.skipOrFail("Chromium not found: looked for " + DEBIAN + " and " + NAMES
                    + " on PATH (install it: apt-get install chromium)");
        }
        return found.orElseThrow();
    }

    /**
     * Opens {@code html} (a local file) in headless Chromium with a {@code width} x {@code height}
     * window, at one image pixel per CSS pixel, and returns what it drew; anything below the window is
     * cut off. A fresh profile is used and removed afterwards.
     *
     * @throws IOException if Chromium is missing, fails, writes no image, or takes longer than {@link
     *     #TIMEOUT} (it is then killed, with the processes it started); the message has its output
     */
    public static BufferedImage screenshot(Path html, int width, int height) throws IOException, InterruptedException {
        Path chromium = find().orElseThrow(() -> new IOException("Chromium not found; see requireChromium()"));
        Path work = Files.createTempDirectory("scalelab-chromium-");
        Path png = work.resolve("screenshot.png");
        Path log = work.resolve("chromium.log");
        List<String> command = List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
                "--disable-gpu",
                "--disable-dev-shm-usage", // containers have a small /dev/shm
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + work.resolve("profile"),
                "--window-size=" + width + "," + height,
                "--screenshot=" + png,
                html.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("Chromium took more than " + TIMEOUT.toSeconds() + " s on " + html
                        + "; killed it. Its output:\n" + tail(log));
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(png)) {
                throw new IOException("Chromium exited with " + process.exitValue() + " and "
                        + (Files.isRegularFile(png) ? "a" : "no") + " screenshot of " + html + ". Its output:\n"
                        + tail(log));
            }
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                throw new IOException("Chromium's screenshot of " + html + " is not a readable PNG");
            }
            return image;
        } finally {
            killIfAlive(process);
            deleteQuietly(work);
        }
    }

    /** Kills the Chromium processes it started (renderers, GPU, zygote) first, then Chromium. */
    private static void killIfAlive(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary profile is harmless
        }
    }
}
