/* Module-private helpers shared by the report writers. */
#ifndef ER_REPORT_INTERNAL_H
#define ER_REPORT_INTERNAL_H

#include "erready/report.h"
#include "util/strbuf.h"

void er_report_text(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_json(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_sarif(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_junit(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_csv(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_markdown(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_html(er_sb *b, const er_analysis *a, const er_report_opts *o);

/* Findings in report order (severity descending, service name, rule, reason, deciding route, prefix): a malloc'd
 * array of indices, or NULL when there are none or on no memory. */
size_t *er_report_sorted_findings(const er_analysis *a);

/* True when two findings share rule, service, severity, reason and deciding route
 * (the text report prints such a run as one item). */
bool er_report_same_cause(const er_finding *a, const er_finding *b);

/* "file:line" of a route into buf. */
void er_report_route_source(const er_rtable *t, const er_route *r, char *buf, size_t size);
/* Next hop text of a route, "" when it has none. */
void er_report_route_nexthop(const er_route *r, char *buf, size_t size);
/* A route as a JSON object (prefix, next_hop, interface, protocol, as_path, best,
 * path_class, vrf, source). */
void er_report_route_json(er_sb *b, const er_rtable *t, const er_route *r);

/* ---- sites, explain, diff (views.c dispatches; text.c and json.c render) ---- */

typedef struct er_site_leak_row {
    const char *service;
    er_u128 *addresses; /* per site: addresses of leak findings */
    size_t first_site;  /* first site with addresses */
} er_site_leak_row;

typedef struct er_site_leaks {
    er_site_leak_row *rows; /* by service name */
    size_t n;
} er_site_leaks;

/* Which sites leak which service (leak findings only); NULL on no memory. */
er_site_leaks *er_report_site_leaks(const er_site_report *sites, size_t n);
void er_report_site_leaks_free(er_site_leaks *l);

void er_report_text_sites(er_sb *b, const er_site_report *sites, size_t n,
                          const er_report_opts *o);
void er_report_json_sites(er_sb *b, const er_site_report *sites, size_t n,
                          const er_report_opts *o);
void er_report_text_explain(er_sb *b, const er_analysis *a, const er_explain *e,
                            const er_report_opts *o);
void er_report_json_explain(er_sb *b, const er_analysis *a, const er_explain *e,
                            const er_report_opts *o);
void er_report_text_diff(er_sb *b, const er_diff *d, const char *before_name,
                         const char *after_name, const er_report_opts *o);
void er_report_json_diff(er_sb *b, const er_diff *d, const char *before_name,
                         const char *after_name, const er_report_opts *o);

/* ---- shared by the CI and consultant writers (report.c) ---- */

/* How the baseline judged finding i (ER_BASELINE_NONE without a baseline). */
er_baseline_state er_report_finding_state(const er_report_opts *o, size_t i);
/* The baseline entry that matched finding i, or NULL. */
const er_baseline_entry *er_report_finding_entry(const er_report_opts *o, size_t i);
/* True when finding i fails the run (at or above fail_on and not accepted). */
bool er_report_finding_fails(const er_analysis *a, const er_report_opts *o, size_t i);
/* Findings in order of impact: severity descending, then addresses affected descending,
 * then report order. Malloc'd array of indices; NULL when none or on no memory. */
size_t *er_report_findings_by_impact(const er_analysis *a);
/* The site name from the options, never NULL. */
const char *er_report_site(const er_report_opts *o);
/* The service name of a finding; for findings about no service (advertisements,
 * sources, endpoints) its subject, else "". Never NULL. */
const char *er_report_finding_service(const er_analysis *a, const er_finding *f);
/* Every finding's id (er_baseline_finding_ids) and fingerprint for a site (normally
 * er_report_site(o); each site's name in a multi-site report), by finding index; both NULL
 * when there are no findings. */
typedef struct er_report_ids {
    char **id;
    char (*fp)[ER_FINGERPRINT_HEX + 1];
} er_report_ids;
/* Compute them once per rendering; false on no memory (then x is empty). */
bool er_report_ids_init(er_report_ids *x, const er_analysis *a, const char *site);
void er_report_ids_free(er_report_ids *x);
/* Rule metadata for an id; unknown ids get a generic description in *tmp. */
const er_rule_info *er_report_rule_or_generic(const char *id, er_rule_info *tmp);
/* Whether this run evaluated a rule (er_analysis_rule_evaluated; a rule the table does not
 * know counts as evaluated when it has findings). */
bool er_report_rule_evaluated(const er_analysis *a, const char *id);
/* What the run lacked for a rule, in words naming the options ("the prefixes advertised to
 * Microsoft (--advertised) and ..."); "" when it was evaluated. */
void er_report_rule_missing(const er_analysis *a, const char *id, char *buf, size_t size);

/* The overall verdict of a run. */
typedef enum er_verdict {
    ER_VERDICT_READY = 0,      /* nothing fails, nothing accepted */
    ER_VERDICT_READY_ACCEPTED, /* nothing fails, but findings are accepted by the baseline */
    ER_VERDICT_NOT_READY       /* findings fail */
} er_verdict;
er_verdict er_report_verdict(const er_analysis *a, const er_report_opts *o);

/* Share as a percentage with one decimal that never rounds a non-zero part to 0 or a
 * partial whole to 100 ("-" for an empty total). */
void er_report_pct(char *buf, size_t size, er_u128 part, er_u128 total);
/* Address count: exact below 10 million, else 3 significant digits with a suffix. */
void er_report_human(char *buf, size_t size, er_u128 v);
/* Text escaped for XML/HTML element content and attribute values (&<>"' escaped, control
 * characters other than tab and newline dropped, invalid UTF-8 as U+FFFD). */
void er_sb_xml_str(er_sb *b, const char *s, size_t n);
void er_sb_xml(er_sb *b, const char *s);

/* One line about a route: "20.0.0.0/8 via 192.0.2.1 dev Gi0/1, bgp, AS path 3356 8075,
 * internet, best" (without the source). */
void er_report_route_desc(const er_rtable *t, const er_route *r, char *buf, size_t size);
/* Evidence e of finding f as text: its route's one-line description and file:line.
 * False (nothing written) when the evidence names no route. */
#define ER_REPORT_DESC 900
#define ER_REPORT_SRC 600
bool er_report_evidence(const er_analysis *a, const er_finding *f, size_t e,
                        char desc[ER_REPORT_DESC], char src[ER_REPORT_SRC]);
/* Label of a checklist section 1-6 ("Client routing" ...), "" otherwise. */
const char *er_report_checklist_name(int section);

/* Streaming SHA-256. */
typedef struct er_sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char buf[64];
    size_t fill;
} er_sha256;
void er_sha256_init(er_sha256 *s);
void er_sha256_update(er_sha256 *s, const void *data, size_t len);
/* Finish and write 64 hex digits plus NUL. */
void er_sha256_hex(er_sha256 *s, char hex[65]);

#endif
