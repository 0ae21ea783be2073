/* Report writers: one per output format behind one interface. Each renders a whole
 * analysis (or a route table dump) into a malloc'd buffer; the CLI writes it out.
 * Output is deterministic: sorted, no timestamps. */
#ifndef ERREADY_REPORT_H
#define ERREADY_REPORT_H

#include "erready/analyze.h"

typedef enum er_report_format {
    ER_REPORT_TEXT = 0,
    ER_REPORT_JSON,
    ER_REPORT_FORMAT_COUNT
} er_report_format;

/* Name ("text", "json") to format; false if unknown. */
bool er_report_format_parse(const char *name, er_report_format *out);
const char *er_report_format_name(er_report_format f);
/* Format implied by an output file's extension (".json", ".txt", ...); false if none. */
bool er_report_format_from_path(const char *path, er_report_format *out);

typedef struct er_report_opts {
    const char *tool_version;   /* erready's version */
    bool color;                 /* ANSI colour (text only; the CLI decides: TTY, NO_COLOR) */
    unsigned max_findings_text; /* text: findings listed before "... and N more" (0 = all) */
    er_severity fail_on;        /* threshold the run was judged by (recorded in reports) */
} er_report_opts;

void er_report_opts_init(er_report_opts *o);

/* Render an analysis. Returns a NUL-terminated buffer the caller frees, or NULL on no memory. */
char *er_report_render(er_report_format fmt, const er_analysis *a, const er_report_opts *o,
                       size_t *len);

/* Route-table dump formats for `erready routes`. */
typedef enum er_dump_format { ER_DUMP_TEXT = 0, ER_DUMP_JSON, ER_DUMP_CSV } er_dump_format;
bool er_dump_format_parse(const char *name, er_dump_format *out);

/* Render the routes and per-file parse statistics; diags supplies the reasons of skipped
 * lines (matched to files by name). */
char *er_report_routes(er_dump_format fmt, const er_rtable *t, const er_diags *diags,
                       size_t *len);

#endif
