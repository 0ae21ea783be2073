/* The analysis: path classes of routes, exact coverage of service ranges by path class,
 * and findings (leaks first; more rules build on the same model).
 * Ownership: an er_analysis owns its results, findings and messages; it borrows the
 * catalog and route table it was computed from, which must outlive it. */
#ifndef ERREADY_ANALYZE_H
#define ERREADY_ANALYZE_H

#include "erready/catalog.h"
#include "erready/lpm.h"
#include "erready/profile.h"
#include "erready/routes.h"

/* ---- path classes ---- */

/* Overrides for the default classification rules (DESIGN.md section 2). A route whose
 * next hop equals one of these addresses takes that class. */
typedef struct er_classify_opts {
    const er_prefix *nexthops[ER_PC_COUNT]; /* per class: addresses (len = full) */
    size_t n_nexthops[ER_PC_COUNT];
    /* Site-profile rules per class ([ER_PC_COUNT], e.g. er_profile.rules), or NULL:
     * next hops, interfaces, neighbor ASNs, communities. Checked after the next hops above. */
    const er_class_rules *rules;
} er_classify_opts;

/* The class of one route under the default rules plus overrides:
 *  1. a next-hop override matches, then a profile rule (next hop, interface, first
 *     ASN of the AS path, community), classes tried in the order expressroute,
 *     internet, vpn, internal, discard                -> that class
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
    ER_LEAK_BEST_PATH,         /* an ExpressRoute path for it existed but was not best */
    ER_LEAK_STATIC,            /* a static route sends it to the internet */
    ER_LEAK_SUMMARIZED,        /* a more specific ExpressRoute route exists but is not
                                  installed (suppressed by a summary, RIB failure) */
    ER_LEAK_ROUTE_FILTER,      /* never received: the route filter lacks its community */
    ER_LEAK_SKU_SCOPE          /* never received: the circuit's SKU does not reach its region */
} er_leak_reason;

const char *er_leak_reason_name(er_leak_reason r); /* kebab-case */

/* Service-less findings (Microsoft peering rules, endpoints) have this in `service`. */
#define ER_NO_SERVICE SIZE_MAX

#define ER_NO_ROUTE UINT32_MAX

/* One evidence item: a route (index in the table) and its role. */
typedef struct er_evidence {
    const char *role;  /* "winner", "expressroute-lost", ... (static strings) */
    uint32_t route;
    uint8_t table;     /* er_table_id: which table `route` indexes (0 = the route table) */
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
    /* Added for the full analysis (zero/NULL where they do not apply): */
    er_prefix *ranges;       /* owned: every range an aggregated finding covers, sorted */
    size_t n_ranges;
    char *subject;           /* owned: what besides a service the finding is about (a NAT
                                pool, a session file, an endpoint name), or NULL */
    const char *region;      /* region code of the range (static), or NULL */
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
    /* Added for the full readiness analysis; NULL = not known (the rules that need them
     * are not evaluated). All are borrowed and must outlive the analysis. */
    const er_profile *profile;            /* circuits, environment, NAT pools, endpoints */
    const er_rtable *advertised;          /* what is advertised to Microsoft over Microsoft
                                             peering; file i is profile->advertised[i] */
    const er_rtable *internet_advertised; /* what is advertised to the internet transit */
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

/* ---- Additions: the full readiness analysis (DESIGN.md section 3, docs/findings.md) ---- */

/* Which table an evidence route indexes. */
typedef enum er_table_id {
    ER_TABLE_ROUTES = 0,        /* the route table analysed (er_analysis_routes) */
    ER_TABLE_ADVERTISED,        /* advertised to Microsoft (er_analyze_opts.advertised) */
    ER_TABLE_INTERNET_ADVERTISED /* advertised to the internet */
} er_table_id;

/* The table a finding's evidence item refers to (NULL when that table is absent). */
const er_rtable *er_analysis_table(const er_analysis *a, er_table_id id);
/* The route of an evidence item, or NULL. */
const er_route *er_analysis_evidence_route(const er_analysis *a, const er_evidence *ev);

/* Rule ids (stable, kebab-case; er_finding.rule points at these strings). */
#define ER_RULE_LEAK "leak"
#define ER_RULE_OUT_OF_SCOPE "out-of-scope"
#define ER_RULE_ASYM_VIA_ER "asymmetric-return-via-expressroute"
#define ER_RULE_ASYM_VIA_INTERNET "asymmetric-return-via-internet"
#define ER_RULE_NAT_BOTH "nat-pool-on-both-paths"
#define ER_RULE_SPLIT_SUBNET "split-subnet"
#define ER_RULE_PRIVATE_PREFIX "private-prefix-on-microsoft-peering"
#define ER_RULE_DEFAULT_ROUTE "default-route-on-microsoft-peering"
#define ER_RULE_TOO_MANY "too-many-prefixes"
#define ER_RULE_SESSIONS_DIFFER "sessions-differ"
#define ER_RULE_ENDPOINT "endpoint-not-on-expressroute"

/* Every rule id the analysis can produce, in documentation order; *n gets the count. */
const char *const *er_rule_ids(size_t *n);

/* Reason codes of the other rules (er_finding.reason). */
typedef enum er_scope_reason {
    ER_SCOPE_SKU = 0,          /* region outside the circuit's SKU scope */
    ER_SCOPE_ROUTE_FILTER,     /* the route filter lacks the range's community */
    ER_SCOPE_PREMIUM_REQUIRED  /* Microsoft 365 needs Premium (and authorization) */
} er_scope_reason;

typedef enum er_nat_reason {
    ER_NAT_SAME_PREFIX = 0,    /* the same prefix on both: the return path is a coin toss */
    ER_NAT_INTERNET_MORE_SPECIFIC /* the internet announcement is more specific: replies
                                     to these addresses never use ExpressRoute */
} er_nat_reason;

typedef enum er_session_reason {
    ER_SESS_ONLY_PRIMARY = 0,  /* prefixes only the primary session advertises */
    ER_SESS_ONLY_SECONDARY,    /* prefixes only the secondary session advertises */
    ER_SESS_AS_PATH            /* same prefix, different AS paths */
} er_session_reason;

typedef enum er_endpoint_reason {
    ER_EP_PRIVATE = 0,         /* a private address: not reachable from Microsoft peering */
    ER_EP_NOT_ADVERTISED,      /* inside no prefix advertised to Microsoft */
    ER_EP_INTERNET_MORE_SPECIFIC, /* advertised, but more specifically to the internet */
    ER_EP_OUTSIDE_GEOGRAPHY,   /* Standard circuit in another geopolitical area */
    ER_EP_OUTSIDE_LOCAL        /* Local circuit whose local region is not the environment's */
} er_endpoint_reason;

/* Kebab-case name of a finding's reason for its rule, or NULL for rules without one. */
const char *er_finding_reason_name(const er_finding *f);

/* A key that identifies "the same finding" across two analyses (diff, baselines): rule,
 * service name, prefix ("-" for aggregated findings, whose first range moves with their
 * content), subject and reason, '|'-separated, into buf. */
void er_finding_key(const er_analysis *a, const er_finding *f, char *buf, size_t size);

/* ---- return paths and endpoints ---- */

/* How Microsoft sends replies to an address, from the two advertisement tables. */
typedef enum er_return_path {
    ER_RET_UNKNOWN = 0,   /* nothing advertised is known */
    ER_RET_EXPRESSROUTE,  /* advertised over ExpressRoute, more specifically than elsewhere */
    ER_RET_INTERNET,      /* advertised only, or more specifically, to the internet (or not
                             over ExpressRoute when the internet side is unknown) */
    ER_RET_BOTH,          /* the same prefix on both: either path */
    ER_RET_NONE           /* advertised nowhere although both sides are known */
} er_return_path;

const char *er_return_path_name(er_return_path r); /* "expressroute", "internet", ... */

/* The return path of one address, with the deciding advertisements (route indices into
 * the advertised / internet-advertised tables, or ER_NO_ROUTE). */
er_return_path er_analysis_return_path(const er_analysis *a, er_u128 addr, int family,
                                       uint32_t *adv_route, uint32_t *inet_route);

/* A source of traffic (a NAT pool of the profile, or, without NAT pools, a prefix
 * advertised to Microsoft taken as the source of all traffic) and how replies reach it. */
typedef struct er_source_result {
    er_nat_pool pool;
    er_u128 ret_addrs[5];     /* addresses of the pool per er_return_path */
    uint32_t adv_route;       /* an advertisement to Microsoft covering it, or ER_NO_ROUTE */
    uint32_t inet_route;      /* an internet advertisement covering it, or ER_NO_ROUTE */
    er_u128 fwd_er, fwd_inet; /* selected-service addresses reached from it per path (summed
                                 over services) */
    uint32_t fwd_er_winner, fwd_inet_winner; /* first winning routes, or ER_NO_ROUTE */
    size_t fwd_er_services, fwd_inet_services;
} er_source_result;

size_t er_analysis_source_count(const er_analysis *a);
const er_source_result *er_analysis_source(const er_analysis *a, size_t i);
/* True when no NAT pool was given and the advertised prefixes stand in as sources. */
bool er_analysis_sources_assumed(const er_analysis *a);

/* One on-premises endpoint as the analysis judged it. */
typedef struct er_endpoint_result {
    const char *name;
    er_prefix addr;
    bool on_expressroute;  /* Power Platform's calls reach it over ExpressRoute */
    bool evaluated;        /* false when the advertised prefixes are unknown */
    int reason;            /* er_endpoint_reason when !on_expressroute && evaluated */
    uint32_t adv_route;    /* the advertisement covering it, or ER_NO_ROUTE */
} er_endpoint_result;

size_t er_analysis_endpoint_count(const er_analysis *a);
const er_endpoint_result *er_analysis_endpoint(const er_analysis *a, size_t i);

/* The profile the analysis ran with, or NULL. */
const er_profile *er_analysis_profile(const er_analysis *a);

/* ---- explain: everything about one address or prefix ---- */

typedef struct er_explain_owner {
    size_t service;        /* catalog index: any service of the catalog, selected or not */
    er_prefix prefix;      /* its prefix that overlaps the query */
    bool selected;         /* the service is part of the analysis' selection */
} er_explain_owner;

typedef struct er_explain_segment {
    er_u128 first, last;
    uint32_t winner;       /* best route deciding it, or ER_NO_ROUTE (unrouted) */
    er_pathclass forward;
    const char *region;    /* region code from the regional tags, or NULL */
} er_explain_segment;

typedef struct er_explain_return {
    er_nat_pool source;    /* a NAT pool (or an advertised prefix taken as the source) */
    er_return_path path;   /* how replies to it come back (its first address) */
    uint32_t adv_route, inet_route;
} er_explain_return;

typedef struct er_explain {
    er_prefix query;
    er_explain_owner *owners;
    size_t n_owners;
    er_explain_segment *segments;   /* the query partitioned by the best routes */
    size_t n_segments;
    uint32_t *competitors;          /* every route (best or not) overlapping the query,
                                       longest prefix first, then table order */
    size_t n_competitors;
    er_explain_return *returns;     /* one per traffic source */
    size_t n_returns;
    size_t *findings;               /* indices of findings whose ranges touch the query */
    size_t n_findings;
    bool query_is_endpoint;         /* the query is (inside) an endpoint's address */
} er_explain;

/* Explain `q` against a finished analysis. ER_ERR_NOMEM, ER_ERR_ARG. */
er_status er_analysis_explain(const er_analysis *a, const er_prefix *q, er_explain **out);
void er_explain_free(er_explain *e);

/* ---- diff: two analyses of the same catalog and selection ---- */

typedef struct er_diff_service {
    size_t service;                           /* catalog index */
    er_u128 moved[2][ER_PC_COUNT][ER_PC_COUNT]; /* [v4/v6][before][after] address counts */
    bool changed;                             /* some addresses changed class */
} er_diff_service;

typedef enum er_diff_state { ER_DIFF_NEW = 0, ER_DIFF_FIXED, ER_DIFF_UNCHANGED } er_diff_state;

typedef struct er_diff_finding {
    er_diff_state state;
    size_t before, after;  /* finding indices; SIZE_MAX on the side it is absent from */
} er_diff_finding;

typedef struct er_diff {
    const er_analysis *before, *after;
    er_diff_service *services;  /* same order as the analyses' services */
    size_t n_services;
    er_diff_finding *findings;  /* new, then fixed, then unchanged; each in report order */
    size_t n_findings;
    size_t n_new, n_fixed, n_unchanged;
} er_diff;

/* Compare two analyses run with the same catalog and selection (ER_ERR_ARG otherwise). */
er_status er_diff_analyses(const er_analysis *before, const er_analysis *after, er_diff **out);
void er_diff_free(er_diff *d);
/* Highest severity among new findings, ER_SEV_NONE if none. */
er_severity er_diff_max_new_severity(const er_diff *d);

#endif
