/* Module-private helpers shared by the report writers. */
#ifndef ER_REPORT_INTERNAL_H
#define ER_REPORT_INTERNAL_H

#include "erready/report.h"
#include "util/strbuf.h"

void er_report_text(er_sb *b, const er_analysis *a, const er_report_opts *o);
void er_report_json(er_sb *b, const er_analysis *a, const er_report_opts *o);

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

#endif
