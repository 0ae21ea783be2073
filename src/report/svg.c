/* Inline SVG charts for the HTML report (no script, no external resources). */
#include "report/svg.h"

#include <string.h>

#include "report/internal.h"

#define SB_W 800.0     /* stacked bars: total width */
#define SB_LABEL 230.0 /* label column */
#define SB_BAR 400.0  /* bar length */
#define SB_ROW 20.0
#define SB_TOP 28.0

/* A label cut to at most max bytes on a UTF-8 boundary, with an ellipsis when cut. */
static void put_label(er_sb *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        er_sb_xml(b, s);
        return;
    }
    size_t k = max - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    er_sb_xml_str(b, s, k);
    er_sb_puts(b, "\xe2\x80\xa6");
}

static void open_svg(er_sb *b, const char *cls, const char *title, double w, double h)
{
    er_sb_printf(b,
                 "<svg class=\"chart chart-%s\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
                 "width=\"%.0f\" height=\"%.0f\" preserveAspectRatio=\"xMinYMin meet\" "
                 "font-family=\"sans-serif\" font-size=\"11\">\n<title>",
                 cls, w, h, w, h);
    er_sb_xml(b, title);
    er_sb_puts(b, "</title>\n");
}

void er_svg_stacked_bars(er_sb *b, const char *cls, const char *title, const er_svg_bar *bars,
                         size_t n, const er_svg_series *series, size_t n_series)
{
    double h = SB_TOP + (double)n * SB_ROW + 6.0;
    open_svg(b, cls, title, SB_W, h);
    /* Legend. */
    double x = SB_LABEL;
    for (size_t k = 0; k < n_series; k++) {
        er_sb_printf(b, "<rect class=\"legend\" x=\"%.0f\" y=\"6\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                     x, series[k].color);
        er_sb_printf(b, "<text x=\"%.0f\" y=\"15\">", x + 14);
        er_sb_xml(b, series[k].name);
        er_sb_puts(b, "</text>\n");
        x += 22.0 + 6.5 * (double)strlen(series[k].name);
    }
    for (size_t i = 0; i < n; i++) {
        double y = SB_TOP + (double)i * SB_ROW;
        er_sb_printf(b, "<g class=\"bar\"><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">",
                     SB_LABEL - 8, y + 11.5);
        put_label(b, bars[i].label, 34);
        er_sb_puts(b, "</text>");
        double sum = 0;
        for (size_t k = 0; k < n_series; k++)
            sum += bars[i].values[k] > 0 ? bars[i].values[k] : 0;
        er_sb_printf(b, "<rect class=\"track\" x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"14\" fill=\"#eeeeee\"/>",
                     SB_LABEL, y + 1, SB_BAR);
        /* Segment widths; a tiny non-zero share keeps a one-unit sliver, taken from the
         * widest segment so the bar keeps its length. */
        double w[16];
        size_t ns = n_series < 16 ? n_series : 16, widest = 0;
        double total = 0;
        for (size_t k = 0; k < ns; k++) {
            double v = bars[i].values[k] > 0 ? bars[i].values[k] : 0;
            w[k] = sum > 0 ? SB_BAR * v / sum : 0;
            if (v > 0 && w[k] < 1.0)
                w[k] = 1.0;
            if (w[k] > w[widest])
                widest = k;
            total += w[k];
        }
        if (sum > 0)
            w[widest] -= total - SB_BAR;
        double pos = SB_LABEL;
        for (size_t k = 0; sum > 0 && k < ns; k++) {
            double v = bars[i].values[k] > 0 ? bars[i].values[k] : 0;
            if (v <= 0)
                continue;
            er_sb_printf(b,
                         "<rect class=\"seg seg-%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
                         "height=\"14\" fill=\"%s\"><title>",
                         series[k].name, pos, y + 1, w[k], series[k].color);
            er_sb_xml(b, bars[i].label);
            er_sb_printf(b, ": %s %.1f%%</title></rect>", series[k].name, 100.0 * v / sum);
            pos += w[k];
        }
        er_sb_printf(b, "<text x=\"%.0f\" y=\"%.1f\">", SB_LABEL + SB_BAR + 8, y + 11.5);
        er_sb_xml(b, bars[i].note ? bars[i].note : (sum > 0 ? "" : "no addresses"));
        er_sb_puts(b, "</text></g>\n");
    }
    er_sb_puts(b, "</svg>\n");
}

#define COL_W 56.0
#define COL_GAP 16.0
#define COL_BASE 150.0
#define COL_MAXH 115.0

void er_svg_columns(er_sb *b, const char *cls, const char *title, const char *const *labels,
                    const double *values, const char *const *colors, size_t n)
{
    double w = 20.0 + (double)n * (COL_W + COL_GAP);
    open_svg(b, cls, title, w, 176);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    er_sb_printf(b, "<line x1=\"10\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#9e9e9e\"/>\n",
                 COL_BASE + 0.5, w - 10, COL_BASE + 0.5);
    for (size_t i = 0; i < n; i++) {
        double x = 10.0 + COL_GAP / 2 + (double)i * (COL_W + COL_GAP);
        double hgt = max > 0 ? COL_MAXH * values[i] / max : 0;
        if (values[i] > 0 && hgt < 2)
            hgt = 2;
        er_sb_printf(b, "<g class=\"column\"><rect class=\"col col-");
        er_sb_xml(b, labels[i]);
        er_sb_printf(b, "\" x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\"><title>",
                     x, COL_BASE - hgt, COL_W, hgt, colors[i]);
        er_sb_xml(b, labels[i]);
        er_sb_printf(b, ": %.0f</title></rect>", values[i]);
        er_sb_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">%.0f</text>",
                     x + COL_W / 2, COL_BASE - hgt - 4, values[i]);
        er_sb_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">", x + COL_W / 2,
                     COL_BASE + 16);
        er_sb_xml(b, labels[i]);
        er_sb_puts(b, "</text></g>\n");
    }
    er_sb_puts(b, "</svg>\n");
}
