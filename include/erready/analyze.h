/* The analysis: path classes of routes, exact coverage of service ranges by path class,
 * and findings (leaks first; more rules build on the same model).
 * Ownership: an er_analysis owns its results, findings and messages; it borrows the
 * catalog and route table it was computed from, which must outlive it. */
#ifndef ERREADY_ANALYZE_H
#define ERREADY_ANALYZE_H

#include "erready/catalog.h"
#include "erready/lpm.h"
#include "erready/routes.h"

/* ---- path classes ---- */

/* Overrides for the default classification rules (DESIGN.md section 2). A route whose
 * next hop equals one of these addresses takes that class. */
typedef struct er_classify_opts {
    const er_prefix *nexthops[ER_PC_COUNT]; /* per class: addresses (len = full) */
    size_t n_nexthops[ER_PC_COUNT];
} er_classify_opts;

/* The class of one route under the default rules plus overrides:
 *  1. a next-hop override matches                     -> that class
 *  2. Null0 / blackhole / reject / unreachable         -> discard
 *  3. Azure next-hop types (Internet, VirtualNetworkGateway, VnetLocal, ...) -> mapped
 *  4. the first public ASN of the AS path is 12076     -> expressroute
 *  5. the default route (/0)                           -> internet
 *  6. any other route with a non-empty AS path         -> internet
 *  7. connected / local routes, or destination private -> internal
 *  8. anything else (static, IGP, iBGP to public space) -> internet */
er_pathclass er_classify_route(const er_rtable *t, const er_route *r, const er_classify_opts *o);

/* Classify every route of a table in place. */
void er_classify_all(er_rtable *t, const er_classify_opts *o);

/* First public ASN of an AS path text (skips private ASNs, sets and confed segments
 * in parentheses); 0 when there is none. */
uint32_t er_as_path_first_public(const char *s, size_t len);

/* ---- findings ---- */

typedef enum er_severity {
    ER_SEV_INFO = 0,
    ER_SEV_LOW,
    ER_SEV_MEDIUM,
    ER_SEV_HIGH,
    ER_SEV_CRITICAL,
    ER_SEV_NONE /* for --fail-on never */
} er_severity;

const char *er_severity_name(er_severity s); /* "info" ... "critical", "never" */
/* Parse a severity name; false if unknown. Accepts "never"/"none" as ER_SEV_NONE. */
bool er_severity_parse(const char *s, er_severity *out);

/* Why ExpressRoute lost a leaked range. */
typedef enum er_leak_reason {
    ER_LEAK_NO_ER_ROUTE = 0,   /* no ExpressRoute route covers it at all */
    ER_LEAK_DEFAULT_ONLY,      /* only the default route covers it */
    ER_LEAK_MORE_SPECIFIC,     /* a more specific non-ExpressRoute route wins */
    ER_LEAK_BEST_PATH          /* an ExpressRoute path for it existed but was not best */
} er_leak_reason;

const char *er_leak_reason_name(er_leak_reason r); /* kebab-case */

#define ER_NO_ROUTE UINT32_MAX

/* One evidence item: a route (index in the table) and its role. */
typedef struct er_evidence {
    const char *role;  /* "winner", "expressroute-lost", ... (static strings) */
    uint32_t route;
} er_evidence;

#define ER_MAX_EVIDENCE 4

typedef struct er_finding {
    const char *rule;        /* stable kebab-case id, e.g. "leak" (static string) */
    er_severity severity;
    size_t service;          /* catalog index */
    er_prefix prefix;        /* the service prefix concerned */
    er_u128 addresses;       /* addresses affected */
    er_u128 first, last;     /* affected span inside prefix (first segment .. last segment) */
    int reason;              /* rule-specific reason code (er_leak_reason for leak) */
    er_evidence evidence[ER_MAX_EVIDENCE];
    size_t n_evidence;
    char *message;           /* one sentence, owned */
    char *fix;               /* fix hint, owned */
} er_finding;

/* ---- coverage ---- */

/* Addresses per path class (ER_PC_EXPRESSROUTE .. ER_PC_UNROUTED) for one family. */
typedef struct er_counts {
    er_u128 by_class[ER_PC_COUNT];
    er_u128 total;
} er_counts;

typedef struct er_service_result {
    size_t service;  /* catalog index */
    er_counts v4, v6;
    size_t n_prefixes_v4, n_prefixes_v6; /* distinct after removing nested duplicates */
    size_t findings; /* number of findings about this service */
} er_service_result;

typedef struct er_analyze_opts {
    er_classify_opts classify;
    er_severity leak_severity; /* default ER_SEV_HIGH */
} er_analyze_opts;

void er_analyze_opts_init(er_analyze_opts *o);

typedef struct er_analysis er_analysis;

/* Classify the table's routes, build one LPM per family over the best routes (first
 * best route wins per prefix, in table order) and one over every ExpressRoute route,
 * then compute coverage and leak findings for the selected services. */
er_status er_analyze(const er_catalog *cat, const size_t *sel, size_t n_sel, er_rtable *routes,
                     const er_analyze_opts *opts, er_analysis **out);
void er_analysis_free(er_analysis *a);

size_t er_analysis_service_count(const er_analysis *a);
const er_service_result *er_analysis_service(const er_analysis *a, size_t i);
size_t er_analysis_finding_count(const er_analysis *a);
const er_finding *er_analysis_finding(const er_analysis *a, size_t i);
/* Totals over the union of every selected service's ranges. */
const er_counts *er_analysis_total(const er_analysis *a, int family);
/* Highest severity among findings, ER_SEV_NONE if there are none. */
er_severity er_analysis_max_severity(const er_analysis *a);
const er_catalog *er_analysis_catalog(const er_analysis *a);
const er_rtable *er_analysis_routes(const er_analysis *a);

/* ExpressRoute share of a count: 0..1 (0 for an empty total). */
double er_counts_share(const er_counts *c, er_pathclass cls);

#endif
