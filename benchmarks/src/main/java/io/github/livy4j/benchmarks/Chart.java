package io.github.livy4j.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Draws mean requests against mean lag per schedule, one point per band of durations, on log
 * axes, as SVG: the lower left is better on both.
 */
final class Chart {
  private static final String[] COLORS = {
    "#d62728", "#ff9896", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int W = 900;
  private static final int H = 520;
  private static final int LEFT = 70;
  private static final int RIGHT = 330;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  private Chart() {}

  static String svg(List<Schedules.Result> schedules, int bands) {
    double minX = 1e-3;
    double maxX = 1e3;
    double minY = 0.5;
    double maxY = 1e4;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            W,
            H));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\">Requests"
                + " against detection lag per statement, by band of durations (50 ms to 30 min)</text>%n",
            LEFT));
    for (double x = minX; x <= maxX * 1.001; x *= 10) {
      double px = px(x, minX, maxX);
      b.append(line(px, TOP, px, H - BOTTOM, "#eee"));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">" + "%s</text>%n",
              px,
              H - BOTTOM + 18,
              label(x)));
    }
    for (double y = 1; y <= maxY * 1.001; y *= 10) {
      double py = py(y, minY, maxY);
      b.append(line(LEFT, py, W - RIGHT, py, "#eee"));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s" + "</text>%n",
              LEFT - 6,
              py + 4,
              label(y)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">mean" + " detection lag (s)</text>%n",
            (LEFT + W - RIGHT) / 2,
            H - 18));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\""
                + " text-anchor=\"middle\">mean requests per statement</text>%n",
            (TOP + H - BOTTOM) / 2,
            (TOP + H - BOTTOM) / 2));
    for (int s = 0; s < schedules.size(); s++) {
      Schedules.Result r = schedules.get(s);
      String color = COLORS[s % COLORS.length];
      StringBuilder path = new StringBuilder();
      int n = r.points().size();
      for (int k = 0; k < bands; k++) {
        int from = k * n / bands;
        int to = (k + 1) * n / bands;
        double req = 0;
        double lag = 0;
        for (int i = from; i < to; i++) {
          req += r.points().get(i).requests();
          lag += r.points().get(i).lagS();
        }
        double x = px(Math.max(minX, lag / (to - from)), minX, maxX);
        double y = py(Math.max(minY, req / (to - from)), minY, maxY);
        path.append(k == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
        b.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"" + " fill=\"%s\"/>%n",
                x,
                y,
                3 + 4 * k / Math.max(1, bands - 1),
                color));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\"" + " stroke-width=\"%s\"/>%n",
              path.toString().trim(),
              color,
              s == 0 ? "3" : "1.5"));
      int ly = TOP + 10 + 22 * s;
      b.append(line(W - RIGHT + 14, ly, W - RIGHT + 34, ly, color));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%s</text>%n",
              W - RIGHT + 40,
              ly + 4,
              escape(r.name())));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" fill=\"#555\">larger dots:" + " longer statements</text>%n",
            W - RIGHT + 14,
            TOP + 22 * schedules.size() + 16));
    return b.append("</svg>\n").toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"" + " stroke=\"%s\"/>%n",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static double px(double v, double min, double max) {
    return LEFT + (W - LEFT - RIGHT) * (Math.log(v / min) / Math.log(max / min));
  }

  private static double py(double v, double min, double max) {
    return H - BOTTOM - (H - TOP - BOTTOM) * (Math.log(v / min) / Math.log(max / min));
  }

  private static String label(double v) {
    return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
