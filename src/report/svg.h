/* Inline SVG charts for the HTML report: horizontal stacked bars and a column chart.
 * Charts scale with the page (viewBox, width 100%) and use fill attributes rather than
 * CSS so they print the same everywhere. */
#ifndef ER_REPORT_SVG_H
#define ER_REPORT_SVG_H

#include "util/strbuf.h"

/* One series of a stacked bar chart (e.g. a path class). */
typedef struct er_svg_series {
    const char *name;  /* legend text and CSS class suffix (kebab-case) */
    const char *color; /* "#1b7f3b" */
} er_svg_series;

/* One bar: a label and one value per series (any non-negative unit; each bar is drawn as
 * shares of its own sum). note is printed right of the bar (e.g. "95.2% ER"). */
typedef struct er_svg_bar {
    const char *label;
    const double *values;
    const char *note;
} er_svg_bar;

/* Horizontal 100% stacked bars with a legend. cls names the chart (CSS class
 * "chart chart-<cls>"), title is its accessible title. */
void er_svg_stacked_bars(er_sb *b, const char *cls, const char *title, const er_svg_bar *bars,
                         size_t n, const er_svg_series *series, size_t n_series);

/* Vertical columns, one per label, heights proportional to the values, each value
 * printed above its column. */
void er_svg_columns(er_sb *b, const char *cls, const char *title, const char *const *labels,
                    const double *values, const char *const *colors, size_t n);

#endif
