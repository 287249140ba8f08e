package scalelab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Pattern FIGURE = Pattern.compile(
            "<figure class=\"chart\" data-chart=\"([^\"]*)\">\\s*<svg .*?</svg>\\s*</figure>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void eachChartIsOneFigureWithAnInlineSvgInTheOrderAdded() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts")
                .heading("Over time")
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.requests(1_000))
                .heading("Distribution")
                .chart(TestCharts.latencyHistogram()));

        assertThat(FIGURE.matcher(html).results().map(m -> m.group(1)))
                .containsExactly("Latency over time", "Every request", "Latency distribution");
        assertThat(count(html, "<figure")).isEqualTo(3);
        assertThat(count(html, "<svg ")).isEqualTo(3);
        assertThat(html.indexOf("Over time")).isLessThan(html.indexOf("data-chart=\"Latency over time\""));
        assertThat(html.indexOf("Distribution<")).isLessThan(html.indexOf("data-chart=\"Latency distribution\""));
    }

    @Test
    void seriesNamesAndAxisLabelsAreInTheSvg() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts")
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.requests(100)));

        assertThat(html).contains(">p50</text>", ">p99</text>", ">GET /albums</text>", ">POST /albums</text>");
        assertThat(html).contains(">seconds</text>", ">Latency over time</text>", ">Every request</text>");
    }

    @Test
    void theSvgScalesWithThePage() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts").chart(TestCharts.latencyHistogram()));

        assertThat(html).contains("viewBox='0 0 900 360'", "width='900'", "height='360'");
        assertThat(html).contains("figure.chart svg{display:block;max-width:100%;height:auto}");
    }

    @Test
    void titlesSeriesNamesAndPreformattedTextAreEscaped() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts")
                .chart(Chart.lines("<b>p99</b> & \"tail\"", "x", "y")
                        .series("<i>a&b</i>", new double[] {1, 2}, new double[] {3, 4}))
                .preformatted("$ scalelab load --get /albums <&> \"quoted\""));

        assertThat(html).contains("data-chart=\"&lt;b&gt;p99&lt;/b&gt; &amp; &quot;tail&quot;\"");
        assertThat(html).contains("&lt;i&gt;a&amp;b&lt;/i&gt;");
        assertThat(html).contains("<pre>$ scalelab load --get /albums &lt;&amp;&gt; &quot;quoted&quot;</pre>");
        assertThat(html).doesNotContain("<b>", "<i>", "<&>");
    }

    @Test
    void theReportHasNoScriptAndNoUrlButTheSvgNamespace() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts")
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.requests(1_000))
                .chart(TestCharts.latencyHistogram()));

        assertThat(html.toLowerCase()).doesNotContain("<script");
        assertThat(Pattern.compile("https?://[^\\s'\"<>]*")
                        .matcher(html)
                        .results()
                        .map(m -> m.group()))
                .isNotEmpty()
                .allMatch("http://www.w3.org/2000/svg"::equals);
    }

    @Test
    void elementIdsAreUniqueAcrossCharts() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts")
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.latencyHistogram()));

        List<String> ids = Pattern.compile(" id=['\"]([^'\"]+)['\"]")
                .matcher(html)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(ids).hasSizeGreaterThan(3).doesNotHaveDuplicates();
        // every clip-path reference points at an id of the page
        assertThat(Pattern.compile("url\\(#([^)]+)\\)").matcher(html).results().map(m -> m.group(1)))
                .isSubsetOf(new HashSet<>(ids));
    }

    @Test
    void aScatterOfFiveThousandPointsStaysCompact() throws IOException {
        String html = write(HtmlReport.titled("charts", "Charts").chart(TestCharts.requests(5_000)));

        // one path per series, about 60 bytes per point, instead of JFreeChart's ~600-byte group per point
        assertThat(html.length()).isLessThan(500_000);
        assertThat(count(html, "<path")).isLessThan(50);
    }

    private String write(HtmlReport report) throws IOException {
        return Files.readString(report.write(dir));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
