/* Baselines: findings a team has accepted, each with a reason and an expiry date.
 * A finding is identified by rule, site, service and prefix (never by a file line), so an
 * entry keeps matching while the route file around it changes. Accepted findings stay in
 * every report, marked as suppressed; once an entry's date has passed the findings it
 * matches fail again.
 * Ownership: an er_baseline owns its entries and their strings; er_baseline_match arrays
 * are malloc'd for the caller, who frees them. */
#ifndef ERREADY_BASELINE_H
#define ERREADY_BASELINE_H

#include "erready/analyze.h"
#include "erready/diag.h"

/* One accepted finding. */
typedef struct er_baseline_entry {
    const char *rule;    /* rule id */
    const char *site;    /* "" = any site */
    const char *service; /* service tag name */
    er_prefix prefix;    /* the service prefix concerned */
    const char *reason;  /* why it is accepted (never empty) */
    const char *expires; /* "YYYY-MM-DD": accepted through that day */
} er_baseline_entry;

typedef struct er_baseline er_baseline;

/* How a baseline judged one finding. */
typedef enum er_baseline_state {
    ER_BASELINE_NONE = 0, /* no entry matches: the finding counts as usual */
    ER_BASELINE_ACCEPTED, /* an entry matches and has not expired: suppressed */
    ER_BASELINE_EXPIRED   /* an entry matches but expired: the finding counts again */
} er_baseline_state;

typedef struct er_baseline_match {
    er_baseline_state state;
    size_t entry; /* index of the matching entry, SIZE_MAX for ER_BASELINE_NONE */
} er_baseline_match;

/* Length of a fingerprint in hex digits. */
#define ER_FINGERPRINT_HEX 32

/* Stable identity of a finding: the first 128 bits of SHA-256 over rule, site, service
 * name and prefix, as hex plus NUL into out. Line numbers and messages play no part. */
void er_baseline_fingerprint(const char *rule, const char *site, const char *service,
                             const er_prefix *prefix, char out[ER_FINGERPRINT_HEX + 1]);

er_baseline *er_baseline_new(void);
void er_baseline_free(er_baseline *b);

/* Load a baseline JSON document (format in docs/reports.md) and append its entries.
 * Problems go to diags with `source` as the file name: malformed JSON (with line and
 * column), a missing or empty field, a bad prefix or date are errors (ER_ERR_PARSE,
 * nothing appended); unknown keys and duplicate entries are warnings. */
er_status er_baseline_load(er_baseline *b, const char *source, const char *json, size_t len,
                           er_diags *diags);
/* Same from a file. */
er_status er_baseline_load_file(er_baseline *b, const char *path, er_diags *diags);

size_t er_baseline_count(const er_baseline *b);
const er_baseline_entry *er_baseline_entry_at(const er_baseline *b, size_t i);

/* Append an entry (strings copied). An entry with the same rule, site, service and prefix
 * as an existing one is not added again (*added = false). ER_ERR_ARG for an empty reason,
 * rule or service, or a date that is not a valid YYYY-MM-DD. */
er_status er_baseline_add(er_baseline *b, const er_baseline_entry *e, bool *added);

/* True for a valid calendar date written YYYY-MM-DD. */
bool er_baseline_date_valid(const char *s);

/* Judge every finding of an analysis against the baseline for `site` ("" or NULL = none)
 * on day `today` ("YYYY-MM-DD"): *out receives one er_baseline_match per finding index
 * (NULL when there are no findings). An entry matches a finding with the same rule,
 * service and prefix whose site is "" or equal to `site`; the first such entry wins. */
er_status er_baseline_apply(const er_baseline *b, const er_analysis *a, const char *site,
                            const char *today, er_baseline_match **out);

/* Remove the entries no finding matched (per the matches from er_baseline_apply on the
 * same analysis) and return how many were removed. Never adds anything. */
size_t er_baseline_prune(er_baseline *b, const er_baseline_match *m, size_t n_findings);

/* The baseline as JSON text, entries sorted by rule, site, service and prefix, with each
 * entry's fingerprint for reference. Malloc'd; NULL on no memory. */
char *er_baseline_to_json(const er_baseline *b, size_t *len);

#endif
