package scalelab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import scalelab.testkit.Chromium;

/** A report's charts as a real browser draws them, offline, from the file alone. */
class HtmlReportRenderIT {
    /** Kept after the build so a person can look at what the browser drew. */
    private static final Path OUT = Path.of("target", "report-render-it");

    @Test
    void chromiumDrawsTheLinesTheDotsAndTheBars() throws Exception {
        Chromium.requireChromium();
        Path index = HtmlReport.titled("render-it", "Charts as a browser draws them")
                .parameters(Map.of("charts", 3))
                .chart(TestCharts.latencyOverTime())
                .chart(TestCharts.requests(2_000))
                .chart(TestCharts.latencyHistogram())
                .write(OUT);

        BufferedImage page = Chromium.screenshot(index, 1000, 1500);
        ImageIO.write(page, "png", OUT.resolve("screenshot.png").toFile());

        // blue: p50, GET /albums and the bars; vermillion: p99 and POST /albums
        assertThat(count(page, near(ChartSvg.PALETTE[0]))).as("blue pixels").isGreaterThan(10_000);
        assertThat(count(page, near(ChartSvg.PALETTE[1])))
                .as("vermillion pixels")
                .isGreaterThan(1_500);
        assertThat(count(page, HtmlReportRenderIT::dark))
                .as("text and axis pixels")
                .isGreaterThan(2_000);
    }

    private static IntPredicate near(Color colour) {
        return rgb -> {
            var c = new Color(rgb);
            return Math.abs(c.getRed() - colour.getRed())
                            + Math.abs(c.getGreen() - colour.getGreen())
                            + Math.abs(c.getBlue() - colour.getBlue())
                    < 60;
        };
    }

    private static boolean dark(int rgb) {
        var c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue() < 3 * 90;
    }

    private static long count(BufferedImage image, IntPredicate test) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (test.test(image.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }
}
