package scalelab.albums;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.loadgen.Call;
import scalelab.loadgen.Console;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Stat;
import scalelab.loadgen.UserType;

/**
 * The first lesson of the album API: the shape of its response times. One user sends {@code GET
 * /albums/1} back to back for 30 s (5 s with {@code --quick}); the report shows the histogram (a tall
 * peak near the median, a long thin tail), the scatter over time (the tail is a few scattered spikes: GC,
 * scheduling, JIT), and mean, median, p95, p99 and max.
 */
public final class ResponseTimesExperiment {
    public record Config(Path out, boolean quick) {
        Duration duration() {
            return quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
        }
    }

    private final PrintStream console;

    public ResponseTimesExperiment(PrintStream console) {
        this.console = console;
    }

    public LoadTest.Result run(Config config) throws InterruptedException {
        try (var server = HttpServer.start(
                ServerConfig.loopback("albums"), new AlbumRoutes(new AlbumService(InMemoryAlbumStore.ofDefaults())))) {
            console.printf(
                    "response-times: 1 user, GET /albums/1 back to back for %ss against %s%n",
                    config.duration().toSeconds(), server.uri());
            var scenario = Scenario.named("response-times", "one user, GETs back to back")
                    .user(UserType.named("reader").task(1, Call.get("/albums/1").expect(200)));
            var result = LoadTest.against(server.uri())
                    .scenario(scenario)
                    .users(1)
                    .duration(config.duration())
                    .client("fast")
                    .listener(new Console(console, 5, 1, config.duration().toSeconds()))
                    .runInto(config.out(), "response-times: one user, GET /albums/1 back to back", List.of());
            Stat total = result.data().total();
            console.printf(
                    Locale.ROOT,
                    "%-10s %-10s %-10s %-10s %-10s %-10s %-10s%n%-10d %-10s %-10s %-10s %-10s %-10s %-10.0f%n",
                    "requests",
                    "mean",
                    "median",
                    "p95",
                    "p99",
                    "max",
                    "req/s",
                    total.requests(),
                    Console.ms(total.meanMs()),
                    Console.ms(total.medianMs()),
                    Console.ms(total.percentile(95)),
                    Console.ms(total.percentile(99)),
                    Console.ms(total.maxMs()),
                    total.rps());
            console.printf(
                    Locale.ROOT,
                    "finding: the max is %.0fx the median; the mean (%s) sits above the median (%s), pulled by the tail%n",
                    total.maxMs() / Math.max(total.medianMs(), 0.001),
                    Console.ms(total.meanMs()),
                    Console.ms(total.medianMs()));
            console.println("report: " + result.index());
            return result;
        }
    }
}
