package scalelab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A self-contained experiment report ({@code index.html}: no script, no CDN, opens offline). Every
 * report states the machine, the parameters and the raw data file it was drawn from. Charts are drawn
 * on the server into inline SVG (see {@link Chart}).
 *
 * <pre>{@code
 * var report = HtmlReport.titled("shared-state", "Two instances don't share state");
 * report.parameters(Map.of("instances", 2)).heading("In memory").table(headers, rows).paragraph("They differ.");
 * report.chart(Chart.lines("Latency", "seconds", "ms").series("p99", seconds, p99Millis));
 * report.rawData("data.json").write(outDir);
 * }</pre>
 */
public final class HtmlReport {
    private final String name;
    private final StringBuilder body = new StringBuilder();
    private Map<String, ?> parameters = Map.of();
    private String rawData;
    private int charts; // numbers each chart's SVG ids, unique in the page

    private HtmlReport(String name, String title) {
        this.name = name;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    public static HtmlReport titled(String name, String title) {
        return new HtmlReport(name, title);
    }

    public HtmlReport parameters(Map<String, ?> values) {
        this.parameters = values;
        return this;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A conclusion, set apart from the rest. */
    public HtmlReport finding(String text) {
        body.append("<p class=\"finding\">").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlReport table(List<String> headers, List<? extends List<?>> rows) {
        body.append("<table>\n<tr>");
        headers.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<?> row : rows) {
            body.append("<tr>");
            row.forEach(cell ->
                    body.append("<td>").append(escape(String.valueOf(cell))).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** Text shown as is, in a monospace block (a command line, a log excerpt, a table printed by a tool). */
    public HtmlReport preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /**
     * Draws the chart now, as an inline SVG of {@link Chart#WIDTH} x {@link Chart#HEIGHT} that shrinks
     * with the page, inside {@code <figure class="chart" data-chart="TITLE">}. Later changes to {@code
     * chart} don't show.
     */
    public HtmlReport chart(Chart chart) {
        charts++;
        body.append("<figure class=\"chart\" data-chart=\"")
                .append(escape(chart.title()))
                .append("\">\n")
                .append(ChartSvg.render(chart, "chart" + charts))
                .append("\n</figure>\n");
        return this;
    }

    /** Names the raw data file (written by the caller beside index.html). */
    public HtmlReport rawData(String fileName) {
        this.rawData = fileName;
        return this;
    }

    /** Writes {@code dir/index.html}, creating {@code dir}; returns the file. */
    public Path write(Path dir) {
        var html = new StringBuilder()
                .append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape("scalelab " + name))
                .append("</title>\n<style>")
                .append(
                        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}")
                .append("th{background:#f3f3f3}.finding{font-weight:600;border-left:4px solid #2a7;padding-left:.6rem}")
                .append(".meta{color:#666;font-size:.9rem}")
                .append("figure.chart{margin:1rem 0}figure.chart svg{display:block;max-width:100%;height:auto}")
                .append("pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}</style></head><body>\n")
                .append(body)
                .append("<h2>Run</h2>\n<table>\n");
        Machine.describe().forEach((k, v) -> row(html, k, v));
        parameters.forEach((k, v) -> row(html, k, v));
        row(html, "finished", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (rawData != null) {
            html.append("<tr><th>raw data</th><td><a href=\"")
                    .append(escape(rawData))
                    .append("\">")
                    .append(escape(rawData))
                    .append("</a></td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        try {
            Files.createDirectories(dir);
            Path index = dir.resolve("index.html");
            Files.writeString(index, html);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir, e);
        }
    }

    private static void row(StringBuilder html, String key, Object value) {
        html.append("<tr><th>")
                .append(escape(key))
                .append("</th><td>")
                .append(escape(String.valueOf(value)))
                .append("</td></tr>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
