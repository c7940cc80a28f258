package dev.mlops.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drift report as a page a browser opens from disk: a summary, a table of columns, and for each column the
 * reference's and the current values' shares side by side in an inline SVG bar chart. No script, style sheet, font
 * or image is fetched.
 */
final class DriftPage {

    private static final int NUMERIC_BINS = 20;
    private static final int MOST_CATEGORIES = 20;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 180;

    private DriftPage() {
    }

    static String render(DriftReport report) {
        StringBuilder html = new StringBuilder();
        String title = "Drift of " + report.model() + " in " + report.env() + ", version " + report.version();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
                .append(".drift{color:#b00020;font-weight:bold}.ok{color:#1b5e20}")
                .append(".legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}")
                .append("\n</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p id=\"summary\">")
                .append(report.datasetDrift() ? "<span class=\"drift\">Dataset drift</span>"
                        : "<span class=\"ok\">No dataset drift</span>")
                .append(": ").append(report.drifted().size()).append(" of ").append(report.columns().size())
                .append(" columns drifted (share ").append(format(report.driftShare())).append("; the dataset drifts")
                .append(" from ").append(format(DriftReport.DATASET_DRIFT_SHARE)).append("). ")
                .append(report.referenceRows()).append(" reference rows against ").append(report.currentRows())
                .append(" rows from ").append(report.calls()).append(" logged calls, ").append(escape(
                        report.since().toString())).append(" to ").append(escape(report.until().toString()))
                .append(".</p>\n");
        if (!report.notCompared().isEmpty()) {
            html.append("<p>Not compared (the calls never gave them): ")
                    .append(escape(String.join(", ", report.notCompared()))).append(".</p>\n");
        }
        html.append("<table id=\"columns\">\n<tr><th>column</th><th>test</th><th>statistic</th><th>p-value</th>")
                .append("<th>threshold</th><th>drift</th></tr>\n");
        for (ColumnDrift column : report.columns()) {
            html.append("<tr><td>").append(escape(column.name())).append("</td><td>").append(column.test().id())
                    .append("</td><td>").append(format(column.statistic())).append("</td><td>")
                    .append(column.pValue().map(DriftPage::format).orElse("")).append("</td><td>")
                    .append(format(column.threshold())).append("</td><td class=\"")
                    .append(column.drift() ? "drift\">drift" : "ok\">no").append("</td></tr>\n");
        }
        html.append("</table>\n<p class=\"legend\"><span style=\"background:#4e79a7\"></span>reference")
                .append("<span style=\"background:#f28e2b\"></span>current</p>\n");
        for (ColumnDrift column : report.columns()) {
            html.append("<h2>").append(escape(column.name())).append("</h2>\n").append(histogram(column));
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Bars of the two samples' shares, per bin or category, on one scale. */
    private static String histogram(ColumnDrift column) {
        List<String> labels = new ArrayList<>();
        double[] reference;
        double[] current;
        if (column.numeric() && new java.util.TreeSet<>(column.reference()).size() > 5) {
            double[] r = ColumnDrift.numbers(column.reference());
            double[] c = ColumnDrift.numbers(column.current());
            double min = Math.min(java.util.Arrays.stream(r).min().orElse(0), java.util.Arrays.stream(c).min().orElse(0));
            double max = Math.max(java.util.Arrays.stream(r).max().orElse(0), java.util.Arrays.stream(c).max().orElse(0));
            reference = shares(Statistics.histogram(r, min, max, NUMERIC_BINS), r.length);
            current = shares(Statistics.histogram(c, min, max, NUMERIC_BINS), c.length);
            double step = (max - min) / NUMERIC_BINS;
            for (int i = 0; i < NUMERIC_BINS; i++) {
                labels.add(format(min + i * step) + " to " + format(min + (i + 1) * step));
            }
        } else {
            Map<Object, long[]> counts = ColumnDrift.counts(column.reference(), column.current());
            List<Map.Entry<Object, long[]>> entries = new ArrayList<>(counts.entrySet());
            entries.sort((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]));
            int shown = Math.min(MOST_CATEGORIES, entries.size());
            reference = new double[shown];
            current = new double[shown];
            for (int i = 0; i < shown; i++) {
                Map.Entry<Object, long[]> entry = entries.get(i);
                labels.add(entry.getKey() instanceof Double d ? ColumnDrift.format(d) : entry.getKey().toString());
                reference[i] = (double) entry.getValue()[0] / column.reference().size();
                current[i] = (double) entry.getValue()[1] / column.current().size();
            }
        }
        double top = 0;
        for (int i = 0; i < reference.length; i++) {
            top = Math.max(top, Math.max(reference[i], current[i]));
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 20).append("\" role=\"img\" aria-label=\"").append(escape(column.name()))
                .append(": reference and current shares\">\n");
        double slot = (double) WIDTH / Math.max(1, reference.length);
        double bar = Math.max(1, slot / 2 - 1);
        for (int i = 0; i < reference.length; i++) {
            double x = i * slot;
            bar(svg, x, bar, reference[i], top, "#4e79a7", "reference " + labels.get(i));
            bar(svg, x + bar, bar, current[i], top, "#f28e2b", "current " + labels.get(i));
        }
        svg.append("<line x1=\"0\" y1=\"").append(HEIGHT).append("\" x2=\"").append(WIDTH).append("\" y2=\"")
                .append(HEIGHT).append("\" stroke=\"#888\"/>\n");
        if (!labels.isEmpty()) {
            svg.append("<text x=\"0\" y=\"").append(HEIGHT + 15).append("\" font-size=\"11\">")
                    .append(escape(labels.get(0))).append("</text>\n");
            svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT + 15)
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(escape(labels.get(labels.size() - 1)))
                    .append("</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, double x, double width, double share, double top, String colour,
                            String label) {
        double height = top == 0 ? 0 : share / top * (HEIGHT - 10);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                + " fill=\"%s\"><title>%s: %.1f%%</title></rect>%n", x, HEIGHT - height, width, height, colour,
                escape(label), share * 100));
    }

    private static double[] shares(long[] counts, int total) {
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return shares;
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "n/a" : value > 0 ? "∞" : "-∞";
        }
        return value != 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6)
                ? String.format(Locale.ROOT, "%.3e", value) : String.format(Locale.ROOT, "%.4g", value);
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
