/* Module-private declarations of src/analyze: the analysis layout and helpers shared by
 * the coverage walk (analyze.c), the advertisement rules (advertised.c), explain.c and
 * diff.c. */
#ifndef ER_ANALYZE_INTERNAL_H
#define ER_ANALYZE_INTERNAL_H

#include "erready/analyze.h"

/* A source of traffic as the asymmetry rules use it (public: er_source_result). */
typedef er_source_result an_source;

struct er_analysis {
    const er_catalog *cat;
    const er_rtable *routes;
    const er_rtable *adv;   /* advertised to Microsoft, or NULL */
    const er_rtable *inet;  /* advertised to the internet, or NULL */
    const er_profile *profile;
    size_t *sel;
    size_t n_sel;
    er_service_result *svc;
    size_t n_svc;
    er_finding *findings;
    size_t n_findings, cap_findings;
    er_counts total[2];
    er_lpm *best[2]; /* [0] v4, [1] v6: best routes */
    er_lpm *er[2];   /* every expressroute route */
    er_lpm *region[2];   /* regional tags of the catalog; value = er_region_at index */
    er_lpm *adv_lpm[2];  /* advertised to Microsoft; value = route index */
    er_lpm *inet_lpm[2]; /* advertised to the internet */
    an_source *sources;
    size_t n_sources;
    bool sources_assumed; /* no NAT pools given: the advertised prefixes stand in */
    er_endpoint_result *endpoints;
    size_t n_endpoints;
};

static inline int an_fam(int family) { return family == ER_AF_V4 ? 0 : 1; }

/* A new zeroed finding slot (NULL on no memory). */
er_finding *an_new_finding(er_analysis *a);
/* malloc'd printf. */
char *an_dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prefix (file:line)" of a route of a table. */
void an_route_label(const er_rtable *t, uint32_t ri, char *buf, size_t size);
/* Append p to a growable prefix list unless it equals the last one. false on no memory. */
bool an_push_range(er_prefix **v, size_t *n, size_t *cap, const er_prefix *p);
/* Region info for an er_region_at index, or NULL for ER_LPM_NONE. */
const er_region_info *an_region(uint32_t idx);
/* Is region r one of the environment's regions? */
bool an_env_region(const er_analysis *a, const er_region_info *r);
/* Does the catalog service come from the Microsoft 365 feed? */
bool an_service_is_m365(const er_analysis *a, size_t service);
/* Decimal text of a count with thousands separators. */
void an_count(er_u128 v, char *buf, size_t size);

/* advertised.c: build the advertisement LPMs and sources, return paths, the Microsoft
 * peering rules, nat-pool-on-both-paths, endpoints; findings appended to a. */
er_status an_adv_build(er_analysis *a);
er_status an_adv_rules(er_analysis *a);
er_status an_endpoints(er_analysis *a);
/* Return path per address range of a source pool into s->ret_addrs. */
void an_source_returns(er_analysis *a, an_source *s);
/* Longest advertisement lengths for an address: -1 when none (or table absent). */
er_return_path an_return_path(const er_analysis *a, er_u128 addr, int family, uint32_t *adv,
                              uint32_t *inet);

#endif
