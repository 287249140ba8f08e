package scalelab.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import scalelab.testkit.Chromium;

/** A load report as a real browser draws it, offline, from the folder alone. */
class LoadReportRenderIT {
    private static final Path OUT = Path.of("target", "load-report-render-it");

    @Test
    void chromiumDrawsEveryChartOfALoadReport() throws Exception {
        Chromium.requireChromium();
        LoadTest.Result result;
        try (var target = new TestTarget()) {
            var user = UserType.named("u").task(4, Call.get("/delay?ms=2")).task(1, Call.get("/status/500"));
            result = LoadTest.against(target.uri())
                    .scenario(Scenario.named("render", "").user(user))
                    .users(4)
                    .spawnRate(4)
                    .duration(Duration.ofSeconds(3))
                    .runInto(OUT, "render test", List.of(Threshold.parse("errors<1%")));
        }
        BufferedImage page = Chromium.screenshot(result.index(), 1000, 3200);
        ImageIO.write(page, "png", OUT.resolve("screenshot.png").toFile());

        // five charts, each a band of coloured pixels (series colours) separated by white space and text
        assertThat(colouredBands(page)).as("bands of coloured rows").isGreaterThanOrEqualTo(5);
        assertThat(colouredPixels(page)).as("coloured pixels").isGreaterThan(20_000);
    }

    private static boolean coloured(int rgb) {
        var c = new Color(rgb);
        int max = Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()));
        int min = Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()));
        return max - min > 80;
    }

    private static long colouredPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += coloured(image.getRGB(x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    /** Runs of rows holding coloured pixels, split by at least 40 rows without any. */
    private static int colouredBands(BufferedImage image) {
        int bands = 0;
        int gap = Integer.MAX_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            int inRow = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                inRow += coloured(image.getRGB(x, y)) ? 1 : 0;
            }
            if (inRow >= 6) {
                if (gap >= 40) {
                    bands++;
                }
                gap = 0;
            } else {
                gap++;
            }
        }
        return bands;
    }
}
