package scalelab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket, the JDK's own client): open a page, run
 * JavaScript in it, press keys, take screenshots. No WebDriver and no driver binary: only the browser, found by
 * {@link Chromium}.
 *
 * <pre>{@code
 * try (var browser = HeadlessBrowser.start(Chromium.requireChromium(), Path.of("target"), 1440, 900)) {
 *     browser.navigate("http://127.0.0.1:8080/");
 *     String title = browser.eval("document.title").asText();
 *     browser.screenshot(workDir.resolve("page.png"));
 * }
 * }</pre>
 */
public final class HeadlessBrowser implements AutoCloseable {
    /** Longest wait for one DevTools call: 20 s. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessBrowser(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium with a fresh profile under {@code workDir} and a {@code width} x {@code height} viewport. */
    public static HeadlessBrowser start(Path chromium, Path workDir, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
        Process process = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--hide-scrollbars",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--force-device-scale-factor=1",
                        "--remote-allow-origins=*",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + "," + height,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(
                        profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            // Chromium writes the port it took and the browser's path into the profile
            Path activePort = profile.resolve("DevToolsActivePort");
            List<String> lines = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> Files.exists(activePort) ? Files.readAllLines(activePort) : List.of(),
                            l -> l.size() >= 2);
            URI pages = URI.create("http://127.0.0.1:" + lines.get(0).strip() + "/json/list");
            var http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String socketUrl = Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> pageSocket(http, pages), u -> u != null);
            var browser = new HeadlessBrowser[1];
            var listener = new Listener(message -> browser[0].answer(message));
            WebSocket socket = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(socketUrl), listener)
                    .get(10, TimeUnit.SECONDS);
            browser[0] = new HeadlessBrowser(process, profile, socket);
            browser[0].call("Page.enable", Map.of());
            browser[0].call(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            return browser[0];
        } catch (Exception | Error e) {
            kill(process);
            throw e;
        }
    }

    private static String pageSocket(HttpClient http, URI pages) throws IOException, InterruptedException {
        var answer = http.send(
                HttpRequest.newBuilder(pages).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(answer.body())) {
            if ("page".equals(target.path("type").asText())) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        return null;
    }

    /** Collects a message's frames and hands over each whole one. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onMessage;
        private final StringBuilder buffer = new StringBuilder();

        Listener(java.util.function.Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                onMessage.accept(message);
            }
            webSocket.request(1);
            return null;
        }
    }

    private void answer(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> waiting =
                        pending.remove(node.get("id").asLong());
                if (waiting != null) {
                    waiting.complete(node);
                }
            }
        } catch (IOException e) {
            // not JSON: not ours
        }
    }

    /** Sends one DevTools command and returns its {@code result}. */
    public JsonNode call(String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(command), true).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Opens {@code url} and waits until its document has loaded. */
    public void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "complete".equals(eval("document.readyState").asText()));
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Focuses the element of {@code selector} and presses Enter on it, as a keyboard user would. */
    public void pressEnterOn(String selector) throws Exception {
        JsonNode focused = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                + "); if (!e) return false; e.focus(); return document.activeElement === e; })()");
        if (!focused.asBoolean()) {
            throw new IllegalStateException(selector + " cannot take the keyboard focus");
        }
        var key = Map.<String, Object>of("key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13);
        var down = new java.util.HashMap<String, Object>(key);
        down.put("type", "keyDown");
        down.put("text", "\r");
        call("Input.dispatchKeyEvent", down);
        var up = new java.util.HashMap<String, Object>(key);
        up.put("type", "keyUp");
        call("Input.dispatchKeyEvent", up);
    }

    /** A PNG of the whole page (up to 4,000 pixels down) to {@code png}. */
    public void screenshot(Path png) throws Exception {
        JsonNode metrics = call("Page.getLayoutMetrics", Map.of());
        double width = metrics.path("cssContentSize").path("width").asDouble(1440);
        double height =
                Math.min(4_000, metrics.path("cssContentSize").path("height").asDouble(900));
        JsonNode shot = call(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary profile is harmless
        }
    }

    /** Kills the processes Chromium started (renderers, GPU, zygote), then Chromium. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
