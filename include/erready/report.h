/* Report writers: one per output format behind one interface. Each renders a whole
 * analysis (or a route table dump) into a malloc'd buffer; the CLI writes it out.
 * Output is deterministic: sorted, and no timestamp unless the caller supplies one. */
#ifndef ERREADY_REPORT_H
#define ERREADY_REPORT_H

#include "erready/analyze.h"
#include "erready/baseline.h"

typedef enum er_report_format {
    ER_REPORT_TEXT = 0,
    ER_REPORT_JSON,
    ER_REPORT_SARIF,    /* SARIF 2.1.0 for code-scanning dashboards */
    ER_REPORT_JUNIT,    /* JUnit XML: one test case per service and rule */
    ER_REPORT_CSV,      /* coverage per service and address family */
    ER_REPORT_MARKDOWN, /* for pull-request comments */
    ER_REPORT_HTML,     /* one self-contained file for consultants */
    ER_REPORT_FORMAT_COUNT
} er_report_format;

/* Name ("text", "json", "sarif", "junit", "csv", "markdown", "html") to format; false if
 * unknown. */
bool er_report_format_parse(const char *name, er_report_format *out);
const char *er_report_format_name(er_report_format f);
/* Format implied by an output file's extension (".json", ".txt", ...); false if none. */
bool er_report_format_from_path(const char *path, er_report_format *out);

typedef struct er_report_opts {
    const char *tool_version;   /* erready's version */
    bool color;                 /* ANSI colour (text only; the CLI decides: TTY, NO_COLOR) */
    unsigned max_findings_text; /* text: findings listed before "... and N more" (0 = all) */
    er_severity fail_on;        /* threshold the run was judged by (recorded in reports) */
    /* Added for the CI and consultant formats; er_report_opts_init zeroes them. */
    const char *site;           /* names the network in fingerprints and baselines; NULL = "" */
    const char *const *input_sha256; /* per route-table file: 64 hex digits or NULL */
    size_t n_input_sha256;
    const er_baseline *baseline;                   /* the --baseline file, or NULL */
    const er_baseline_match *baseline_match;        /* per finding index, or NULL */
    const char *baseline_path;  /* shown in reports */
    const char *generated_at;   /* UTC timestamp text; NULL = no timestamp (the default) */
    const char *data_path;      /* --data file, NULL for the bundled snapshot */
    const char *data_sha256;    /* its SHA-256 (64 hex digits), or NULL */
} er_report_opts;

void er_report_opts_init(er_report_opts *o);

/* Render an analysis. Returns a NUL-terminated buffer the caller frees, or NULL on no memory. */
char *er_report_render(er_report_format fmt, const er_analysis *a, const er_report_opts *o,
                       size_t *len);

/* Render an analysis as it is made into write(ctx, bytes, len), in pieces of about 1 MiB,
 * so that a report of any size needs little memory; the bytes are those of
 * er_report_render. ER_ERR_IO when write returned false, ER_ERR_NOMEM, ER_ERR_ARG for a
 * format that is none of er_report_format. */
er_status er_report_render_to(er_report_format fmt, const er_analysis *a,
                              const er_report_opts *o,
                              bool (*write)(void *ctx, const char *buf, size_t len), void *ctx);

/* Route-table dump formats for `erready routes`. */
typedef enum er_dump_format { ER_DUMP_TEXT = 0, ER_DUMP_JSON, ER_DUMP_CSV } er_dump_format;
bool er_dump_format_parse(const char *name, er_dump_format *out);

/* Render the routes and per-file parse statistics; diags supplies the reasons of skipped
 * lines (matched to files by name). */
char *er_report_routes(er_dump_format fmt, const er_rtable *t, const er_diags *diags,
                       size_t *len);

/* ---- Additions (helper h9): several sites, explain and diff (text and JSON only). ---- */

/* One site of a multi-site run: its name and its analysis (all sites share one catalog). */
typedef struct er_site_report {
    const char *name;
    const er_analysis *analysis;
} er_site_report;

/* True for the formats the reports below support (text, json). */
bool er_report_views_support(er_report_format fmt);

/* Per-site sections and a summary of which sites leak what. n >= 1. NULL for an
 * unsupported format or on no memory. */
char *er_report_render_sites(er_report_format fmt, const er_site_report *sites, size_t n,
                             const er_report_opts *o, size_t *len);
/* `erready explain`: owners, forward segments, competing routes, return paths, findings. */
char *er_report_render_explain(er_report_format fmt, const er_analysis *a, const er_explain *e,
                               const er_report_opts *o, size_t *len);
/* `erready diff`: addresses moved between path classes per service, findings new / fixed /
 * unchanged, judged against o->fail_on. */
char *er_report_render_diff(er_report_format fmt, const er_diff *d, const char *before_name,
                            const char *after_name, const er_report_opts *o, size_t *len);

/* ---- rule metadata (one table, src/report/rules.c) ---- */

typedef struct er_rule_info {
    const char *id;          /* kebab-case rule id, as in er_finding.rule */
    const char *name;        /* PascalCase, for SARIF reportingDescriptor.name */
    const char *title;       /* one line */
    const char *description; /* what the rule detects and why it matters */
    const char *help;        /* what to do about it */
    er_severity severity;    /* default severity */
    int checklist;           /* section of the Power Platform readiness checklist, 1-6 */
    bool per_service;        /* findings are about one service's range */
    const char *needs;       /* input the rule needs beyond route tables, "" if none; whether
                                a run had it: er_analysis_rule_evaluated (analyze.h) */
} er_rule_info;

/* Every known rule, in a fixed order; *n receives the count. */
const er_rule_info *er_report_rules(size_t *n);
/* The rule with this id, or NULL. */
const er_rule_info *er_report_rule_find(const char *id);

/* Number of findings that fail the run: severity at or above o->fail_on and not accepted
 * by a baseline entry (expired entries do not accept). */
size_t er_report_failing_count(const er_analysis *a, const er_report_opts *o);

/* SHA-256 of a file as 64 lowercase hex digits plus NUL into hex. ER_ERR_IO when the file
 * cannot be read (not a regular file, e.g. standard input, gives ER_ERR_ARG). */
er_status er_report_sha256_file(const char *path, char hex[65]);
/* SHA-256 of a buffer, same output. */
void er_report_sha256(const void *data, size_t len, char hex[65]);

#endif
