package scalelab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Problems;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The dashboard's page, its assets and its small JSON API.
 *
 * <pre>
 * curl -s localhost:8080/api/services        # every watched service: url, kind, health, faults
 * curl -s 'localhost:8080/api/metrics?since=0' # per service: latest sample, states, samples after `since` (ms)
 * curl -s -X POST localhost:8080/api/services/product/faults -H 'Content-Type: application/json' \
 *      -d '{"action":"fail_on"}'               # fail_on | fail_off | latency (+ "latency_ms") | reset
 * curl -s -X POST localhost:8080/api/services/cart/traffic -H 'Content-Type: application/json' -d '{"requests":20}'
 * curl -s -X POST localhost:8080/api/experiments -H 'Content-Type: application/json' \
 *      -d '{"name":"concurrency","quick":true,"options":["--threads","8"]}'
 * #Output: {"id":"exp-1","name":"concurrency","quick":true,"options":["--threads","8"],"status":"running",...}
 * curl -s 'localhost:8080/api/experiments/exp-1?from=0'  # status, exit_code, report, output lines from line 0
 * curl -s localhost:8080/api/reports         # the reports folder's reports, newest first
 * </pre>
 *
 * <p>Errors are core's JSON body: 400 bad input ({@code INVALID_FAULT}, {@code INVALID_TRAFFIC}, {@code
 * INVALID_EXPERIMENT}, {@code UNKNOWN_EXPERIMENT}, {@code INVALID_PATH}, {@code INVALID_SINCE}), 404 unknown
 * service, run or file, 409 {@code EXPERIMENT_RUNNING}, {@code FAULTS_NOT_SUPPORTED}, {@code NOT_RUNNING}, 502 when
 * a service does not answer an action.
 */
final class DashboardRoutes implements Routes {
    private static final String RESOURCES = "/scalelab/dashboard/";
    private static final String UPLOT_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final List<String> FAULT_ACTIONS = List.of("fail_on", "fail_off", "latency", "reset");

    private final ServicePoller poller;
    private final ServiceActions actions;
    private final ExperimentRunner experiments;
    private final ReportFiles reports;
    private final Map<String, Asset> assets;

    /** A file the page loads: where it is on the class path and its content type. */
    private record Asset(String resource, String type) {}

    DashboardRoutes(ServicePoller poller, ExperimentRunner experiments, ReportFiles reports) {
        this.poller = poller;
        this.actions = new ServiceActions(poller);
        this.experiments = experiments;
        this.reports = reports;
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        this.assets = Map.of(
                "dashboard.js", new Asset(RESOURCES + "dashboard.js", "text/javascript; charset=utf-8"),
                "dashboard.css", new Asset(RESOURCES + "dashboard.css", "text/css; charset=utf-8"),
                "uPlot.iife.min.js", new Asset(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "uPlot.min.css", new Asset(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
    }

    @Override
    public void register(Router router) {
        router.get("/", ex -> resource(ex, new Asset(RESOURCES + "index.html", "text/html; charset=utf-8")))
                .get("/assets/{file}", this::asset)
                .get("/api/services", this::services)
                .get("/api/metrics", this::metrics)
                .post("/api/services/{name}/faults", this::fault)
                .post("/api/services/{name}/traffic", this::traffic)
                .get("/api/experiments", this::listExperiments)
                .post("/api/experiments", this::startExperiment)
                .get("/api/experiments/{id}", this::experiment)
                .post("/api/experiments/{id}/stop", this::stopExperiment)
                .get("/api/reports", this::listReports)
                .get("/reports/{+path}", this::report);
    }

    private void asset(Exchange ex) {
        Asset asset = assets.get(ex.pathParam("file"));
        if (asset == null) {
            throw ApiException.notFound("NOT_FOUND", "no such asset");
        }
        resource(ex, asset);
    }

    private static void resource(Exchange ex, Asset asset) {
        InputStream in = DashboardRoutes.class.getResourceAsStream(asset.resource());
        if (in == null) {
            throw new IllegalStateException(asset.resource() + " is not on the class path");
        }
        ex.header("Cache-Control", "no-cache");
        ex.stream(200, asset.type(), out -> {
            try (in) {
                in.transferTo(out);
            }
        });
    }

    private void services(Exchange ex) {
        var body = new LinkedHashMap<String, Object>();
        body.put("interval_ms", poller.interval().toMillis());
        body.put(
                "services",
                poller.services().stream().map(WatchedService::describe).toList());
        ex.json(200, body);
    }

    private void metrics(Exchange ex) {
        long since = ex.query("since")
                .map(s -> parseLong(s, "INVALID_SINCE", "since is a time in milliseconds since 1970, >= 0"))
                .orElse(0L);
        var body = new LinkedHashMap<String, Object>();
        body.put("now", System.currentTimeMillis());
        body.put("interval_ms", poller.interval().toMillis());
        body.put(
                "services",
                poller.services().stream().map(s -> s.metricsSince(since)).toList());
        ex.json(200, body);
    }

    private void fault(Exchange ex) {
        JsonNode body = object(ex, "INVALID_FAULT");
        String action = body.path("action").isTextual() ? body.path("action").asText() : null;
        JsonNode latency = body.path("latency_ms");
        var problems = new Problems();
        problems.check(action != null && FAULT_ACTIONS.contains(action), "action must be one of " + FAULT_ACTIONS);
        boolean latencyOk = latency.canConvertToLong()
                && latency.isIntegralNumber()
                && latency.asLong() >= 0
                && latency.asLong() <= ServiceActions.MAX_LATENCY_MILLIS;
        problems.check(
                !"latency".equals(action) || latencyOk,
                "latency_ms must be a whole number from 0 to " + ServiceActions.MAX_LATENCY_MILLIS);
        problems.throwIfAny("INVALID_FAULT", "the fault is invalid");
        ex.json(200, actions.fault(ex.pathParam("name"), action, latencyOk ? latency.asLong() : 0));
    }

    private void traffic(Exchange ex) {
        JsonNode body = object(ex, "INVALID_TRAFFIC");
        JsonNode requests = body.path("requests");
        new Problems()
                .check(
                        requests.isIntegralNumber()
                                && requests.canConvertToInt()
                                && requests.asInt() >= 1
                                && requests.asInt() <= ServiceActions.MAX_TRAFFIC,
                        "requests must be a whole number from 1 to " + ServiceActions.MAX_TRAFFIC)
                .throwIfAny("INVALID_TRAFFIC", "the traffic request is invalid");
        ex.json(200, actions.cartTraffic(ex.pathParam("name"), requests.asInt()));
    }

    private void listExperiments(Exchange ex) {
        var body = new LinkedHashMap<String, Object>();
        body.put("names", experiments.names());
        body.put(
                "runs",
                experiments.runs().stream()
                        .map(run -> {
                            Map<String, Object> row = run.describe(Long.MAX_VALUE);
                            row.remove("lines");
                            return row;
                        })
                        .toList());
        ex.json(200, body);
    }

    private void startExperiment(Exchange ex) throws IOException {
        JsonNode body = object(ex, "INVALID_EXPERIMENT");
        JsonNode name = body.path("name");
        JsonNode quick = body.path("quick");
        JsonNode options = body.path("options");
        boolean optionsAreStrings = options.isMissingNode()
                || (options.isArray()
                        && java.util.stream.StreamSupport.stream(options.spliterator(), false)
                                .allMatch(JsonNode::isTextual));
        new Problems()
                .check(name.isTextual() && !name.asText().isBlank(), "name must be the name of an experiment")
                .check(quick.isMissingNode() || quick.isBoolean(), "quick must be true or false")
                .check(optionsAreStrings, "options must be a list of strings, e.g. [\"--size\", \"10MB\"]")
                .throwIfAny("INVALID_EXPERIMENT", "the experiment request is invalid");
        var words = new java.util.ArrayList<String>();
        options.forEach(option -> words.add(option.asText()));
        ExperimentRun run = experiments.start(name.asText(), quick.asBoolean(false), words);
        ex.header("Location", "/api/experiments/" + run.id());
        ex.json(202, run.describe(0));
    }

    private ExperimentRun run(Exchange ex) {
        return experiments
                .find(ex.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("EXPERIMENT_NOT_FOUND", "no experiment run has this id"));
    }

    private void experiment(Exchange ex) {
        ExperimentRun run = run(ex);
        long from = ex.query("from")
                .map(s -> parseLong(s, "INVALID_FROM", "from is a line number >= 0"))
                .orElse(0L);
        ex.json(200, run.describe(from));
    }

    private void stopExperiment(Exchange ex) {
        ExperimentRun run = run(ex);
        if (!experiments.stop(run.id())) {
            throw ApiException.conflict("NOT_RUNNING", "this experiment is not running", null);
        }
        ex.json(200, run.describe(Long.MAX_VALUE));
    }

    private void listReports(Exchange ex) throws IOException {
        ex.json(200, Map.of("reports", reports.list()));
    }

    private void report(Exchange ex) {
        Map.Entry<java.nio.file.Path, String> file;
        try {
            file = reports.file(ex.pathParam("path"))
                    .orElseThrow(() -> ApiException.notFound("REPORT_FILE_NOT_FOUND", "no such report file"));
        } catch (ReportFiles.BadPath e) {
            throw ApiException.badRequest("INVALID_PATH", "the report path is invalid", e.getMessage());
        }
        ex.header("Cache-Control", "no-cache");
        ex.stream(200, file.getValue(), out -> Files.copy(file.getKey(), out));
    }

    private static JsonNode object(Exchange ex, String code) {
        JsonNode body = ex.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(code, "the body must be a JSON object", null);
        }
        return body;
    }

    private static long parseLong(String text, String code, String rule) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest(code, rule, null);
    }

    private static String uplotVersion() {
        var properties = new Properties();
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(UPLOT_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path: " + UPLOT_PROPERTIES);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
