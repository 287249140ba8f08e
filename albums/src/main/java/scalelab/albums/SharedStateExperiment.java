package scalelab.albums;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import scalelab.core.client.JsonClient;
import scalelab.core.config.Redact;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.report.HtmlReport;
import scalelab.core.storage.Postgres;

/**
 * The lesson "stateless instances only agree once they share a store": two album instances, each
 * on its own in-memory store, then both on one PostgreSQL. An album is POSTed to instance A, then
 * both are asked for {@code GET /albums}, directly and through a round-robin balancer's eyes.
 */
public final class SharedStateExperiment {
    static final String NEW_TITLE = "Kind of Blue";
    private static final int ROUND_ROBIN_REQUESTS = 6;

    /**
     * @param out the report folder
     * @param dbUrl the PostgreSQL JDBC URL to share
     * @param embedIfUnreachable when no PostgreSQL answers at {@code dbUrl}, start an embedded one instead of failing
     */
    public record Config(Path out, String dbUrl, boolean embedIfUnreachable) {}

    /** What one instance answered after the POST to instance A. */
    public record Observation(String instance, int albumsListed, boolean seesNewAlbum) {}

    /** One set-up: two instances over {@code store}. */
    public record Setup(String store, List<Observation> instances, List<Integer> roundRobinCounts) {
        public boolean agree() {
            return instances.stream().map(Observation::albumsListed).distinct().count() == 1
                    && instances.stream().allMatch(Observation::seesNewAlbum);
        }
    }

    public record Result(Setup memory, Setup postgres, String postgresSource) {}

    private final PrintWriter console;

    public SharedStateExperiment(PrintWriter console) {
        this.console = console;
    }

    public Result run(Config config) {
        console.println("shared-state: two album instances, each with its own in-memory store");
        Setup memory = observe("memory (one per instance)", InMemoryAlbumStore::ofDefaults);
        print(memory);

        Result result;
        try (var postgres = PostgresSource.find(config, console)) {
            console.println("shared-state: two album instances on one PostgreSQL (" + postgres.description() + ")");
            Setup shared = observe("postgresql (shared)", () -> PostgresAlbumStore.open(postgres.jdbcUrl()));
            print(shared);
            result = new Result(memory, shared, postgres.description());
        }
        writeReport(config.out(), result);
        console.println(conclusion(result));
        console.println("report: " + config.out().resolve("index.html"));
        return result;
    }

    private Setup observe(String storeName, Supplier<AlbumStore> newStore) {
        try (AlbumStore storeA = newStore.get();
                AlbumStore storeB = newStore.get();
                HttpServer a =
                        HttpServer.start(ServerConfig.loopback("albums-a"), new AlbumRoutes(new AlbumService(storeA)));
                HttpServer b = HttpServer.start(
                        ServerConfig.loopback("albums-b"), new AlbumRoutes(new AlbumService(storeB)))) {
            JsonClient clientA = client(a.uri());
            JsonClient clientB = client(b.uri());
            var created =
                    clientA.post("/albums", new AlbumRequest(null, NEW_TITLE, "Miles Davis", new BigDecimal("29.99")));
            if (created.status() != 201) {
                throw new IllegalStateException("POST /albums to instance A answered " + created.status());
            }
            var observations = List.of(look("A", clientA), look("B", clientB));
            var roundRobin = new ArrayList<Integer>();
            for (int i = 0; i < ROUND_ROBIN_REQUESTS; i++) {
                roundRobin.add(list(i % 2 == 0 ? clientA : clientB).size());
            }
            return new Setup(storeName, observations, roundRobin);
        }
    }

    private static Observation look(String name, JsonClient client) {
        List<Album> albums = list(client);
        return new Observation(
                name, albums.size(), albums.stream().anyMatch(x -> x.title().equals(NEW_TITLE)));
    }

    private static List<Album> list(JsonClient client) {
        return client.get("/albums", new TypeReference<List<Album>>() {});
    }

    private static JsonClient client(URI uri) {
        return JsonClient.of(uri, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private void print(Setup setup) {
        console.printf("  %-10s %-14s %s%n", "instance", "albums listed", "sees \"" + NEW_TITLE + "\"");
        for (Observation o : setup.instances()) {
            console.printf("  %-10s %-14d %s%n", o.instance(), o.albumsListed(), o.seesNewAlbum() ? "yes" : "no");
        }
        console.println("  round-robin GET /albums A,B,A,B,...: " + setup.roundRobinCounts()
                + (setup.agree() ? "  -> they agree" : "  -> they DISAGREE"));
    }

    static String conclusion(Result result) {
        return "Finding: on separate in-memory stores the instances "
                + (result.memory().agree() ? "agree (unexpected!)" : "disagree")
                + "; on one shared PostgreSQL they "
                + (result.postgres().agree() ? "agree." : "disagree (unexpected!).")
                + " State must live outside a stateless instance for a balancer to spread load over several.";
    }

    private static void writeReport(Path out, Result result) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("data.json"), Json.write(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        var params = new LinkedHashMap<String, Object>();
        params.put("instances per set-up", 2);
        params.put("album POSTed to A", NEW_TITLE);
        params.put("round-robin requests", ROUND_ROBIN_REQUESTS);
        params.put("postgresql", result.postgresSource());
        var report = HtmlReport.titled("shared-state", "Two instances don't share state — until they share a store")
                .paragraph("Two album instances run side by side. One album is POSTed to instance A; then both "
                        + "instances are asked for GET /albums, and a client alternates between them as a "
                        + "round-robin load balancer would.")
                .parameters(params);
        for (Setup setup : List.of(result.memory(), result.postgres())) {
            report.heading("Store: " + setup.store())
                    .table(
                            List.of("instance", "albums listed", "sees \"" + NEW_TITLE + "\""),
                            setup.instances().stream()
                                    .map(o -> List.<Object>of(
                                            o.instance(), o.albumsListed(), o.seesNewAlbum() ? "yes" : "no"))
                                    .toList())
                    .paragraph(
                            "Albums seen by six round-robin GET /albums (A, B, A, B, ...): " + setup.roundRobinCounts())
                    .paragraph(setup.agree() ? "The instances agree." : "The instances disagree.");
        }
        report.finding(conclusion(result)).rawData("data.json").write(out);
    }

    /** A PostgreSQL to run the shared set-up on: a fresh schema in a given or local one, or an embedded one. */
    static final class PostgresSource implements AutoCloseable {
        private final String serverUrl;
        private final String schema;
        private final EmbeddedPostgres embedded;
        private final String description;

        private PostgresSource(String serverUrl, EmbeddedPostgres embedded, String description) {
            this.serverUrl = serverUrl;
            this.embedded = embedded;
            this.schema = "shared_state_" + System.currentTimeMillis();
            this.description = description;
            execute("CREATE SCHEMA " + schema);
        }

        static PostgresSource find(Config config, PrintWriter console) {
            String url = config.dbUrl();
            if (!config.embedIfUnreachable() || reachable(url)) {
                return new PostgresSource(url, null, Redact.credentials(url));
            }
            console.println("shared-state: no PostgreSQL at " + Redact.credentials(url)
                    + "; starting an embedded one (first start unpacks it, a few seconds)");
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.start();
                return new PostgresSource(embedded.getJdbcUrl("postgres", "postgres"), embedded, "embedded PostgreSQL");
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "no PostgreSQL reachable and the embedded one did not start (" + e.getMessage()
                                + "); pass --db jdbc:postgresql://...",
                        e);
            }
        }

        String jdbcUrl() {
            return Postgres.withCurrentSchema(serverUrl, schema);
        }

        String description() {
            return description;
        }

        @Override
        public void close() {
            try {
                execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } finally {
                if (embedded != null) {
                    try {
                        embedded.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        private void execute(String sql) {
            Postgres.execute(serverUrl, sql);
        }

        private static boolean reachable(String jdbcUrl) {
            return Postgres.reachable(jdbcUrl, Duration.ofSeconds(1));
        }
    }
}
