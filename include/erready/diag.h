/* Diagnostics sink: the library reports input problems here, the CLI prints them.
 * Ownership: an er_diags owns copies of every file name and message added to it. */
#ifndef ERREADY_DIAG_H
#define ERREADY_DIAG_H

#include "erready/common.h"

typedef enum er_severity_diag {
    ER_DIAG_NOTE = 0,    /* informational (e.g. a skipped banner line) */
    ER_DIAG_WARNING = 1, /* a line not understood, a value repaired */
    ER_DIAG_ERROR = 2    /* input rejected: the run cannot be trusted */
} er_diag_level;

typedef struct er_diag {
    er_diag_level level;
    const char *file; /* may be NULL */
    uint32_t line;    /* 1-based, 0 = whole file */
    uint32_t col;     /* 1-based, 0 = unknown */
    const char *msg;
} er_diag;

typedef struct er_diags er_diags;

/* A new empty sink keeping at most max_kept messages (0 = default 10000);
 * messages past the cap are counted but not stored. NULL on no memory. */
er_diags *er_diags_new(size_t max_kept);
void er_diags_free(er_diags *d);

/* Add a printf-formatted message. Never fails visibly: on no memory it counts only. */
void er_diags_add(er_diags *d, er_diag_level level, const char *file, uint32_t line,
                  uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

size_t er_diags_count(const er_diags *d);           /* stored messages */
size_t er_diags_total(const er_diags *d, er_diag_level level); /* all added, incl. dropped */
const er_diag *er_diags_get(const er_diags *d, size_t i);

/* The max_kept the sink was made with. */
size_t er_diags_cap(const er_diags *d);

/* Move every message of src to the end of dst as if each had been added to dst in order
 * (dst's cap applies; src's totals, dropped messages included, add to dst's), with
 * line_base added to every line that is not 0. src is left empty. */
void er_diags_append(er_diags *dst, er_diags *src, uint32_t line_base);

#endif
