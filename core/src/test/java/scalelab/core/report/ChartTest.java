package scalelab.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChartTest {
    private static final double[] TWO = {1, 2};

    @Test
    void aSeriesNeedsAsManyYsAsXs() {
        assertThatThrownBy(() -> Chart.lines("t", "x", "y").series("a", TWO, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 'a' has 2 x values but 1 y values");
    }

    @Test
    void seriesNamesAreUniqueAndNotBlank() {
        var chart = Chart.lines("t", "x", "y").series("a", TWO, TWO);
        assertThatThrownBy(() -> chart.series("a", TWO, TWO)).hasMessageContaining("already has a series 'a'");
        assertThatThrownBy(() -> chart.series(" ", TWO, TWO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHistogramTakesBinsAndTheOthersTakeSeries() {
        assertThatThrownBy(() -> Chart.histogram("h", "x", "y").series("a", TWO, TWO))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Chart.scatter("s", "x", "y").bin("0", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void binsAreLabelledByTheirLowerBoundWithoutTrailingZeros() {
        var chart = Chart.histogram("h", "ms", "requests").bin(0, 3).bin(2.5, 2).bin(10.0, 1);
        assertThat(chart.bins()).extracting(Chart.Bin::label).containsExactly("0", "2.5", "10");
        assertThatThrownBy(() -> chart.bin(2.50, 1)).hasMessageContaining("already has a bin '2.5'");
        assertThatThrownBy(() -> chart.bin("x", -1)).hasMessage("bin 'x' count must be >= 0 but was -1");
    }

    @Test
    void aScatterRefusesMoreThanItsPointLimit() {
        var chart = Chart.scatter("s", "x", "y");
        double[] many = new double[Chart.MAX_SCATTER_POINTS];
        chart.series("a", many, many);
        assertThatThrownBy(() -> chart.series("b", TWO, TWO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample them first");
    }

    @Test
    void theChartKeepsItsOwnCopyOfThePoints() {
        double[] ys = {1, 2};
        var chart = Chart.lines("t", "x", "y").series("a", TWO, ys);
        ys[0] = 99;
        assertThat(chart.seriesList().get(0).ys()).containsExactly(1, 2);
    }

    @Test
    void oneDecimalDropsATrailingZero() {
        assertThat(ChartSvg.oneDecimal(12.0)).isEqualTo("12");
        assertThat(ChartSvg.oneDecimal(12.04)).isEqualTo("12");
        assertThat(ChartSvg.oneDecimal(12.46)).isEqualTo("12.5");
        assertThat(ChartSvg.oneDecimal(-0.5)).isEqualTo("-0.5");
    }

    @Test
    void barsTakeOneValuePerSeriesAndCategory() {
        var chart = Chart.stackedBars("Phases", "configuration", "ms")
                .bar("map", "1 mapper", 10.5)
                .bar("reduce", "1 mapper", 2);
        assertThat(chart.barList()).extracting(Chart.Bar::value).containsExactly(10.5, 2.0);
        assertThatThrownBy(() -> chart.bar("map", "1 mapper", 1)).hasMessageContaining("already has a bar 'map'");
        assertThatThrownBy(() -> chart.bar("map", "2 mappers", -1)).hasMessageContaining("must be finite and >= 0");
        assertThatThrownBy(() -> chart.series("a", TWO, TWO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Chart.lines("t", "x", "y").bar("a", "b", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void barsAndStackedBarsDrawAnSvgWithALegend() {
        for (var chart : new Chart[] {Chart.bars("MB/s", "configuration", "MB/s"), Chart.stackedBars("t", "c", "ms")}) {
            chart.bar("in-process", "2 mappers", 120.5).bar("RabbitMQ", "2 mappers", 60);
            assertThat(ChartSvg.render(chart, "c1")).startsWith("<svg").contains("in-process", "RabbitMQ");
        }
    }
}
