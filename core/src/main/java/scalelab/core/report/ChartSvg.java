package scalelab.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/** Draws a {@link Chart} with JFreeChart into an inline {@code <svg>} element, on the server. */
final class ChartSvg {
    static {
        // Servers and CI have no display: use AWT's headless toolkit unless the caller chose already.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Series colours: the Okabe-Ito palette, told apart with any colour vision; yellow left out. */
    static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0x000000)
    };

    private static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final double DOT = 2; // scatter dot side, px
    private static final int ROTATE_LABELS_ABOVE_BINS = 12;

    private ChartSvg() {}

    /**
     * The chart as an {@code <svg>} element of {@link Chart#WIDTH} x {@link Chart#HEIGHT} with a
     * viewBox; {@code id} is its element id and prefixes its clip-path ids, so it must be unique in the
     * page.
     */
    static String render(Chart chart, String id) {
        JFreeChart drawn = switch (chart.kind()) {
            case LINES, SCATTER -> xy(chart);
            case HISTOGRAM -> histogram(chart);
            case BARS, STACKED_BARS -> bars(chart);
        };
        var svg = new SVGGraphics2D(Chart.WIDTH, Chart.HEIGHT);
        svg.setDefsKeyPrefix(id + "-");
        svg.setGeomDoubleConverter(ChartSvg::oneDecimal); // a tenth of a pixel is plenty, and compact
        drawn.draw(svg, new Rectangle(0, 0, Chart.WIDTH, Chart.HEIGHT));
        String element = svg.getSVGElement(id, true, new ViewBox(0, 0, Chart.WIDTH, Chart.HEIGHT), null, null);
        return withoutUnusedNamespace(withoutUnusedNamespace(element, "xlink"), "jfreesvg");
    }

    private static JFreeChart xy(Chart chart) {
        var dataset = new DefaultXYDataset();
        chart.seriesList().forEach(s -> dataset.addSeries(s.name(), new double[][] {s.xs(), s.ys()}));
        boolean lines = chart.kind() == Chart.Kind.LINES;
        JFreeChart drawn = ChartFactory.createXYLineChart(
                chart.title(), chart.xLabel(), chart.yLabel(), dataset, PlotOrientation.VERTICAL, true, false, false);
        theme().apply(drawn);
        XYPlot plot = drawn.getXYPlot();
        XYLineAndShapeRenderer renderer = lines ? new XYLineAndShapeRenderer(true, false) : new DotRenderer();
        renderer.setDrawSeriesLineAsPath(true); // one <path> per series, not one <line> per segment
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, LINE);
        }
        renderer.setDefaultLegendShape(new Rectangle2D.Double(-4, -4, 8, 8));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setNoDataMessage("no data");
        return drawn;
    }

    private static JFreeChart histogram(Chart chart) {
        var dataset = new DefaultCategoryDataset();
        chart.bins().forEach(b -> dataset.addValue(b.count(), chart.yLabel(), b.label()));
        JFreeChart drawn = ChartFactory.createBarChart(
                chart.title(), chart.xLabel(), chart.yLabel(), dataset, PlotOrientation.VERTICAL, false, false, false);
        theme().apply(drawn);
        CategoryPlot plot = drawn.getCategoryPlot();
        var renderer = (BarRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setDrawBarOutline(false);
        CategoryAxis bins = plot.getDomainAxis();
        bins.setCategoryMargin(0.1);
        bins.setLowerMargin(0.01);
        bins.setUpperMargin(0.01);
        if (dataset.getColumnCount() > ROTATE_LABELS_ABOVE_BINS) {
            bins.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setNoDataMessage("no data");
        return drawn;
    }

    private static JFreeChart bars(Chart chart) {
        var dataset = new DefaultCategoryDataset();
        chart.barList().forEach(b -> dataset.addValue(b.value(), b.series(), b.category()));
        boolean stacked = chart.kind() == Chart.Kind.STACKED_BARS;
        JFreeChart drawn = stacked
                ? ChartFactory.createStackedBarChart(
                        chart.title(),
                        chart.xLabel(),
                        chart.yLabel(),
                        dataset,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false)
                : ChartFactory.createBarChart(
                        chart.title(),
                        chart.xLabel(),
                        chart.yLabel(),
                        dataset,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        theme().apply(drawn);
        CategoryPlot plot = drawn.getCategoryPlot();
        var renderer = (BarRenderer) plot.getRenderer();
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.02);
        CategoryAxis categories = plot.getDomainAxis();
        categories.setCategoryMargin(0.2);
        if (dataset.getColumnCount() > ROTATE_LABELS_ABOVE_BINS / 2) {
            categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setNoDataMessage("no data");
        return drawn;
    }

    /** White ground, light grid, dark sans-serif text, flat bars. */
    private static StandardChartTheme theme() {
        var theme = new StandardChartTheme("scalelab");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setTitlePaint(INK);
        theme.setAxisLabelPaint(INK);
        theme.setTickLabelPaint(INK);
        theme.setLegendItemPaint(INK);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(Color.GRAY);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setBarPainter(new StandardBarPainter());
        theme.setShadowVisible(false);
        return theme;
    }

    /** {@code v} to one decimal, without a trailing ".0": "12", "12.5". */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }

    /** Drops JFreeSVG's declaration of a namespace the element never uses: no stray URLs in the page. */
    private static String withoutUnusedNamespace(String svg, String prefix) {
        return svg.indexOf(prefix + ":", svg.indexOf('>')) >= 0
                ? svg
                : svg.replaceFirst(" xmlns:" + prefix + "='[^']*'", "");
    }

    /**
     * Fills every point of a series as one path of small squares, once, at the series' first item:
     * JFreeChart's own renderer writes one SVG group per point, about 600 bytes each.
     */
    private static final class DotRenderer extends XYLineAndShapeRenderer {
        DotRenderer() {
            super(false, true);
        }

        @Override
        public void drawItem(
                Graphics2D g2,
                XYItemRendererState state,
                Rectangle2D dataArea,
                PlotRenderingInfo info,
                XYPlot plot,
                ValueAxis domainAxis,
                ValueAxis rangeAxis,
                XYDataset dataset,
                int series,
                int item,
                CrosshairState crosshairState,
                int pass) {
            if (item != 0 || !isItemPass(pass) || !isSeriesVisible(series)) {
                return;
            }
            var dots = new Path2D.Double();
            for (int i = 0; i < dataset.getItemCount(series); i++) {
                double x = domainAxis.valueToJava2D(dataset.getXValue(series, i), dataArea, plot.getDomainAxisEdge());
                double y = rangeAxis.valueToJava2D(dataset.getYValue(series, i), dataArea, plot.getRangeAxisEdge());
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    dots.append(new Rectangle2D.Double(x - DOT / 2, y - DOT / 2, DOT, DOT), false);
                }
            }
            g2.setPaint(lookupSeriesPaint(series));
            g2.fill(dots);
        }
    }
}
