/* Coverage, leaks, circuit scope and return paths of the selected service ranges.
 *
 * How it works: every route is classified once. One LPM per family is built over the
 * best routes (the first best route per prefix in table order decides), one over every
 * route classified expressroute, best or not (evidence of what could have carried the
 * traffic), and one over the catalog's regional tags (which Azure region an address
 * belongs to: every regional Power Platform prefix lies inside AzureCloud.<region>, so a
 * global tag's ranges get their region from it). advertised.c adds one LPM per family
 * over what is advertised to Microsoft and one over what is advertised to the internet.
 *
 * For each selected service the prefixes of each family are sorted and nested duplicates
 * dropped, so that every address is counted once; each remaining prefix is partitioned
 * by the best-route LPM into segments decided by one route (or by none: unrouted) and the
 * segment sizes are summed per path class. A segment of an ExpressRoute-eligible service
 * decided by an internet route is split by region and judged against the circuits of the
 * profile: a range no circuit can carry (its region outside every circuit's SKU scope, or
 * its community in no route filter; Microsoft 365 without Premium) is `out-of-scope`,
 * expected internet traffic, unless an ExpressRoute route for it was received anyway or
 * its region is one of the environment's, which makes it a `leak`. Leaks are grouped per
 * (service prefix, winning route) and explained: the ExpressRoute route that lost and why,
 * or why none was received. Out-of-scope ranges are aggregated per (service, reason) with
 * the list of ranges, so a global tag does not produce a thousand findings.
 *
 * Return paths: the forward addresses per class of each service are combined with the
 * traffic sources (the profile's NAT pools, or else every prefix advertised to Microsoft)
 * and how Microsoft's replies reach each source (the longer of the matching advertisements
 * to Microsoft and to the internet wins). Forward internet with replies over ExpressRoute,
 * or forward ExpressRoute with replies over the internet, is an asymmetric finding per
 * (service, direction); a source used for both edges whose traffic goes both ways is a
 * `split-subnet`. */
#include "analyze/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M365_KIND "m365"

/* ---- names ---- */

const char *er_severity_name(er_severity s)
{
    static const char *const names[] = {"info", "low", "medium", "high", "critical", "never"};
    return (unsigned)s <= ER_SEV_NONE ? names[s] : "unknown";
}

bool er_severity_parse(const char *s, er_severity *out)
{
    for (int i = 0; i <= ER_SEV_NONE; i++)
        if (strcmp(s, er_severity_name((er_severity)i)) == 0) {
            *out = (er_severity)i;
            return true;
        }
    if (strcmp(s, "none") == 0) {
        *out = ER_SEV_NONE;
        return true;
    }
    return false;
}

const char *er_leak_reason_name(er_leak_reason r)
{
    switch (r) {
    case ER_LEAK_NO_ER_ROUTE: return "no-expressroute-route";
    case ER_LEAK_DEFAULT_ONLY: return "default-route-only";
    case ER_LEAK_MORE_SPECIFIC: return "more-specific-route";
    case ER_LEAK_BEST_PATH: return "lost-best-path";
    case ER_LEAK_STATIC: return "static-route";
    case ER_LEAK_SUMMARIZED: return "summarized-away";
    case ER_LEAK_ROUTE_FILTER: return "route-filter";
    case ER_LEAK_SKU_SCOPE: return "sku-scope";
    }
    return "unknown";
}

const char *er_pathclass_name(er_pathclass c)
{
    static const char *const names[] = {"expressroute", "internet", "internal",
                                        "vpn",          "discard",  "unrouted"};
    return (unsigned)c < ER_PC_COUNT ? names[c] : "unclassified";
}

const char *er_return_path_name(er_return_path r)
{
    static const char *const names[] = {"unknown", "expressroute", "internet", "both", "none"};
    return (unsigned)r < ER_ARRAY_LEN(names) ? names[r] : "unknown";
}

const char *const *er_rule_ids(size_t *n)
{
    static const char *const ids[] = {
        ER_RULE_LEAK,           ER_RULE_OUT_OF_SCOPE,      ER_RULE_ASYM_VIA_ER,
        ER_RULE_ASYM_VIA_INTERNET, ER_RULE_NAT_BOTH,       ER_RULE_SPLIT_SUBNET,
        ER_RULE_PRIVATE_PREFIX, ER_RULE_DEFAULT_ROUTE,     ER_RULE_TOO_MANY,
        ER_RULE_SESSIONS_DIFFER, ER_RULE_ENDPOINT,
    };
    if (n)
        *n = ER_ARRAY_LEN(ids);
    return ids;
}

const char *er_finding_reason_name(const er_finding *f)
{
    static const char *const scope[] = {"sku-scope", "route-filter", "premium-required"};
    static const char *const nat[] = {"same-prefix", "internet-more-specific"};
    static const char *const sess[] = {"only-primary", "only-secondary", "as-path"};
    static const char *const ep[] = {"private-address", "not-advertised",
                                     "internet-more-specific", "outside-geography",
                                     "outside-local-scope"};
    const char *r = f->rule;
    unsigned k = (unsigned)f->reason;
    if (strcmp(r, ER_RULE_LEAK) == 0)
        return er_leak_reason_name((er_leak_reason)f->reason);
    if (strcmp(r, ER_RULE_OUT_OF_SCOPE) == 0)
        return k < ER_ARRAY_LEN(scope) ? scope[k] : NULL;
    if (strcmp(r, ER_RULE_NAT_BOTH) == 0)
        return k < ER_ARRAY_LEN(nat) ? nat[k] : NULL;
    if (strcmp(r, ER_RULE_SESSIONS_DIFFER) == 0)
        return k < ER_ARRAY_LEN(sess) ? sess[k] : NULL;
    if (strcmp(r, ER_RULE_ENDPOINT) == 0)
        return k < ER_ARRAY_LEN(ep) ? ep[k] : NULL;
    return NULL;
}

void er_analyze_opts_init(er_analyze_opts *o)
{
    memset(o, 0, sizeof *o);
    o->leak_severity = ER_SEV_HIGH;
}

double er_counts_share(const er_counts *c, er_pathclass cls)
{
    if (!c->total || (unsigned)cls >= ER_PC_COUNT)
        return 0.0;
    return (double)c->by_class[cls] / (double)c->total;
}

/* ---- helpers shared with the other files of the module ---- */

er_finding *an_new_finding(er_analysis *a)
{
    if (a->n_findings == a->cap_findings) {
        size_t nc = a->cap_findings ? a->cap_findings * 2 : 16;
        er_finding *nf = realloc(a->findings, nc * sizeof *nf);
        if (!nf)
            return NULL;
        a->findings = nf;
        a->cap_findings = nc;
    }
    er_finding *f = &a->findings[a->n_findings++];
    memset(f, 0, sizeof *f);
    f->service = ER_NO_SERVICE;
    return f;
}

char *an_dupf(const char *fmt, ...)
{
    /* One formatting pass into a stack buffer, then an exact-size copy; only a message
     * longer than the buffer (none of today's) is formatted a second time. Measuring with
     * vsnprintf(NULL, 0) first would double the cost of every message. */
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    if ((size_t)n < sizeof buf) {
        memcpy(s, buf, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

/* Append s to [*w, end) while room remains (one byte is kept for the terminator). */
static void put_trunc(char **w, char *end, const char *s, size_t n)
{
    size_t room = (size_t)(end - *w);
    if (room <= 1)
        return;
    if (n > room - 1)
        n = room - 1;
    memcpy(*w, s, n);
    *w += n;
}

/* Decimal text of v into buf (>= 11 bytes); returns its length. */
static size_t u32_dec(uint32_t v, char *buf)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* "PREFIX (PATH:LINE)", truncated to size like snprintf; built by hand because one
 * label or two are made for each of up to ~100k findings. */
void an_route_label(const er_rtable *t, uint32_t ri, char *buf, size_t size)
{
    if (!size)
        return;
    const er_route *r = er_rtable_get(t, ri);
    char pfx[ER_PREFIX_STRLEN], num[11];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    const er_rfile *f = er_rtable_file(t, r->file);
    const char *path = f ? f->path : "?";
    size_t nn = u32_dec(r->line, num);
    char *w = buf, *end = buf + size;
    put_trunc(&w, end, pfx, strlen(pfx));
    put_trunc(&w, end, " (", 2);
    put_trunc(&w, end, path, strlen(path));
    put_trunc(&w, end, ":", 1);
    put_trunc(&w, end, num, nn);
    put_trunc(&w, end, ")", 1);
    *w = '\0';
}

/* Concatenate a NULL-terminated list of strings into one malloc'd string. */
static char *join(const char *first, ...)
{
    size_t len[16], n = 0, tot = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *p = first; p && n < 16; p = va_arg(ap, const char *)) {
        len[n] = strlen(p);
        tot += len[n++];
    }
    va_end(ap);
    char *s = malloc(tot + 1), *w = s;
    if (!s)
        return NULL;
    va_start(ap, first);
    size_t i = 0;
    for (const char *p = first; p && i < n; p = va_arg(ap, const char *)) {
        memcpy(w, p, len[i]);
        w += len[i++];
    }
    va_end(ap);
    *w = '\0';
    return s;
}

bool an_push_range(er_prefix **v, size_t *n, size_t *cap, const er_prefix *p)
{
    if (*n && er_prefix_cmp(&(*v)[*n - 1], p) == 0)
        return true;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        er_prefix *nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return false;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *p;
    return true;
}

const er_region_info *an_region(uint32_t idx)
{
    return idx == ER_LPM_NONE ? NULL : er_region_at(idx);
}

bool an_env_region(const er_analysis *a, const er_region_info *r)
{
    if (!a->profile || !r)
        return false;
    for (size_t i = 0; i < a->profile->n_regions; i++)
        if (a->profile->regions[i] == r)
            return true;
    return false;
}

bool an_service_is_m365(const er_analysis *a, size_t service)
{
    const er_feed_info *f = er_catalog_service_feed(a->cat, service);
    return f && f->kind && strcmp(f->kind, M365_KIND) == 0;
}

void an_count(er_u128 v, char *buf, size_t size)
{
    char d[48];
    er_u128_to_dec(v, d, sizeof d);
    size_t n = strlen(d), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = d[i];
    }
    buf[o] = '\0';
}

/* ---- building ---- */

static uint32_t region_index(const char *code)
{
    const er_region_info *r = er_region_lookup(code);
    if (!r)
        return ER_LPM_NONE;
    for (size_t i = 0; i < er_region_count(); i++)
        if (er_region_at(i) == r)
            return (uint32_t)i;
    return ER_LPM_NONE;
}

static er_status build_lpms(er_analysis *a, const er_rtable *t)
{
    for (int f = 0; f < 2; f++) {
        int fam = f ? ER_AF_V6 : ER_AF_V4;
        a->best[f] = er_lpm_new(fam);
        a->er[f] = er_lpm_new(fam);
        a->region[f] = er_lpm_new(fam);
        if (!a->best[f] || !a->er[f] || !a->region[f])
            return ER_ERR_NOMEM;
    }
    size_t n = er_rtable_count(t);
    for (size_t i = 0; i < n; i++) {
        const er_route *r = er_rtable_get(t, i);
        int f = an_fam(r->prefix.family);
        er_status st = ER_OK;
        if (r->flags & ER_RF_BEST)
            st = er_lpm_add(a->best[f], &r->prefix, (uint32_t)i);
        if (st == ER_OK && r->path_class == ER_PC_EXPRESSROUTE)
            st = er_lpm_add(a->er[f], &r->prefix, (uint32_t)i);
        if (st != ER_OK)
            return st;
    }
    /* Regions: every regional tag of the catalog, whatever the selection. */
    for (size_t i = 0; i < er_catalog_count(a->cat); i++) {
        const er_service *s = er_catalog_service(a->cat, i);
        if (!s->region[0])
            continue;
        uint32_t ri = region_index(s->region);
        if (ri == ER_LPM_NONE)
            continue;
        for (size_t k = 0; k < s->n_prefixes; k++) {
            er_status st = er_lpm_add(a->region[an_fam(s->prefixes[k].family)], &s->prefixes[k], ri);
            if (st != ER_OK)
                return st;
        }
    }
    for (int f = 0; f < 2; f++) {
        er_status st = er_lpm_build(a->best[f]);
        if (st == ER_OK)
            st = er_lpm_build(a->er[f]);
        if (st == ER_OK)
            st = er_lpm_build(a->region[f]);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

/* er_prefix_cmp, inlined for the sort below. */
static inline int pfx_cmp(const er_prefix *a, const er_prefix *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    return (a->len > b->len) - (a->len < b->len);
}

static int cmp_prefix(const void *x, const void *y)
{
    return pfx_cmp((const er_prefix *)x, (const er_prefix *)y);
}

/* The end of the ascending run of src starting at i. */
static size_t run_end(const er_prefix *src, size_t i, size_t n)
{
    while (++i < n && pfx_cmp(&src[i - 1], &src[i]) <= 0) {
    }
    return i;
}

/* Sort v[0..n) by (family, address, length). The union of all services is thousands of
 * sorted lists end to end, so this is a natural merge sort: each pass merges neighbouring
 * ascending runs, about log2(runs) passes. qsort where no scratch memory can be had. */
static void sort_prefixes(er_prefix *v, size_t n)
{
    er_prefix *tmp = malloc(n * sizeof *tmp);
    if (!tmp) {
        qsort(v, n, sizeof *v, cmp_prefix);
        return;
    }
    er_prefix *src = v, *dst = tmp;
    for (;;) {
        size_t runs = 0;
        for (size_t i = 0; i < n;) {
            size_t m = run_end(src, i, n), e = m < n ? run_end(src, m, n) : n;
            size_t a = i, b = m, o = i;
            while (a < m && b < e)
                dst[o++] = pfx_cmp(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
            while (a < m)
                dst[o++] = src[a++];
            while (b < e)
                dst[o++] = src[b++];
            runs++;
            i = e;
        }
        er_prefix *t = src;
        src = dst;
        dst = t;
        if (runs <= 1)
            break;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    free(tmp);
}

/* Sort and drop prefixes contained in an earlier one; returns the new count. Most
 * services list their prefixes in order already: that is checked in one pass first. */
static size_t normalize(er_prefix *v, size_t n)
{
    if (n < 2)
        return n;
    if (run_end(v, 0, n) < n)
        sort_prefixes(v, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && v[k - 1].family == v[i].family && er_prefix_contains(&v[k - 1], &v[i]))
            continue;
        v[k++] = v[i];
    }
    return k;
}

/* ---- scope ---- */

typedef enum scope {
    SC_IN = 0,      /* some circuit carries it, or nothing says otherwise */
    SC_OUT_SKU,     /* no circuit's SKU reaches its region */
    SC_OUT_FILTER,  /* no route filter lets its community through */
    SC_OUT_PREMIUM  /* Microsoft 365 without a Premium circuit */
} scope;

/* Microsoft 365 service communities for a service area (FACTS section 3: M365 prefixes
 * carry only service communities). "Common" sets ride Other Office 365 or Entra ID. */
static void m365_communities(const char *area, uint32_t out[2])
{
    out[0] = out[1] = 0;
    if (strcmp(area, "Exchange") == 0)
        out[0] = 5010;
    else if (strcmp(area, "SharePoint") == 0)
        out[0] = 5020;
    else if (strcmp(area, "Skype") == 0)
        out[0] = 5030;
    else {
        out[0] = 5100;
        out[1] = 5060;
    }
}

static scope scope_of(const er_analysis *a, size_t service, const er_region_info *r)
{
    const er_profile *p = a->profile;
    if (an_service_is_m365(a, service)) {
        uint32_t comm[2];
        m365_communities(er_catalog_service(a->cat, service)->system_service, comm);
        bool premium = false;
        for (size_t i = 0; p && i < p->n_circuits; i++) {
            const er_circuit *c = &p->circuits[i];
            if (c->sku != ER_SKU_PREMIUM)
                continue;
            premium = true;
            int h0 = er_circuit_filter_has(c, comm[0]);
            int h1 = comm[1] ? er_circuit_filter_has(c, comm[1]) : 0;
            if (h0 != 0 || h1 != 0)
                return SC_IN;
        }
        return premium ? SC_OUT_FILTER : SC_OUT_PREMIUM;
    }
    if (!p || !p->n_circuits || !r)
        return SC_IN;
    bool filter_blocks = false;
    for (size_t i = 0; i < p->n_circuits; i++) {
        const er_circuit *c = &p->circuits[i];
        if (er_circuit_reaches(c, r) == 0)
            continue;
        if (er_circuit_filter_has(c, r->community_mspeer) == 0) {
            filter_blocks = true;
            continue;
        }
        return SC_IN;
    }
    return filter_blocks ? SC_OUT_FILTER : SC_OUT_SKU;
}

/* ---- per-service accumulation ---- */

enum { LK_ROUTING = 0, LK_FILTER, LK_SKU };

typedef struct leak_acc {
    uint32_t winner; /* route index */
    int kind;        /* LK_* */
    uint32_t region; /* er_region_at index or ER_LPM_NONE */
    er_u128 addrs, first, last;
} leak_acc;

typedef struct oos_acc {
    er_u128 addrs, first, last;
    er_prefix *ranges;
    size_t n_ranges, cap_ranges;
    uint32_t regions[64];
    size_t n_regions;
    bool more_regions;
} oos_acc;

typedef struct fwd_acc {
    er_u128 addrs[2];       /* per family */
    uint32_t winner[2];     /* first winning route per family */
    er_prefix *ranges;      /* service prefixes with some addresses in this class */
    size_t n_ranges, cap_ranges;
} fwd_acc;

typedef struct walk_ctx {
    er_analysis *a;
    const er_lpm *lpm;
    const er_rtable *t;
    er_counts *counts;
    bool service_walk;  /* false for the union totals */
    bool eligible;
    bool scope_needed;
    size_t service;
    const er_prefix *cur; /* the service prefix being walked */
    leak_acc *leaks;
    size_t n_leaks, cap_leaks;
    oos_acc oos[3];     /* by er_scope_reason */
    fwd_acc fwd[2];     /* [0] expressroute, [1] internet */
    uint32_t seg_winner; /* winner of the segment being split by region */
    bool nomem;
} walk_ctx;

static leak_acc *leak_slot(walk_ctx *w, uint32_t winner, int kind, uint32_t region,
                           er_u128 first)
{
    for (size_t i = 0; i < w->n_leaks; i++) {
        leak_acc *l = &w->leaks[i];
        if (l->winner == winner && l->kind == kind &&
            (kind == LK_ROUTING || l->region == region))
            return l;
    }
    if (w->n_leaks == w->cap_leaks) {
        size_t nc = w->cap_leaks ? w->cap_leaks * 2 : 8;
        leak_acc *nl = realloc(w->leaks, nc * sizeof *nl);
        if (!nl) {
            w->nomem = true;
            return NULL;
        }
        w->leaks = nl;
        w->cap_leaks = nc;
    }
    leak_acc *l = &w->leaks[w->n_leaks++];
    l->winner = winner;
    l->kind = kind;
    l->region = region;
    l->addrs = 0;
    l->first = first;
    return l;
}

static void add_leak_part(walk_ctx *w, uint32_t winner, int kind, uint32_t region,
                          er_u128 first, er_u128 last)
{
    leak_acc *l = leak_slot(w, winner, kind, region, first);
    if (!l)
        return;
    l->addrs += er_range_size(first, last);
    l->last = last;
}

static void add_oos_part(walk_ctx *w, er_scope_reason reason, uint32_t region, er_u128 first,
                         er_u128 last)
{
    oos_acc *o = &w->oos[reason];
    if (!o->addrs)
        o->first = first;
    o->addrs += er_range_size(first, last);
    o->last = last;
    if (!an_push_range(&o->ranges, &o->n_ranges, &o->cap_ranges, w->cur))
        w->nomem = true;
    if (region == ER_LPM_NONE)
        return;
    for (size_t i = 0; i < o->n_regions; i++)
        if (o->regions[i] == region)
            return;
    if (o->n_regions < ER_ARRAY_LEN(o->regions))
        o->regions[o->n_regions++] = region;
    else
        o->more_regions = true;
}

static bool first_entry(const er_lpm_seg *s, void *vctx)
{
    uint32_t *found = vctx;
    if (s->entry == ER_LPM_NONE)
        return true;
    *found = s->entry;
    return false;
}

/* A sub-range of an internet segment, of one region (or none). */
static bool on_region_seg(const er_lpm_seg *s, void *vctx)
{
    walk_ctx *w = vctx;
    er_analysis *a = w->a;
    int f = an_fam(w->cur->family);
    uint32_t region = s->entry == ER_LPM_NONE ? ER_LPM_NONE
                                              : er_lpm_entry_at(a->region[f], s->entry)->value;
    const er_region_info *r = an_region(region);
    scope sc = scope_of(a, w->service, r);
    if (sc == SC_IN) {
        add_leak_part(w, w->seg_winner, LK_ROUTING, region, s->first, s->last);
        return !w->nomem;
    }
    /* An ExpressRoute route for it was received: the circuit carries it after all. */
    uint32_t er_entry = ER_LPM_NONE;
    er_lpm_partition_range(a->er[f], s->first, s->last, first_entry, &er_entry);
    if (er_entry != ER_LPM_NONE) {
        add_leak_part(w, w->seg_winner, LK_ROUTING, region, s->first, s->last);
    } else if (sc != SC_OUT_PREMIUM && an_env_region(a, r)) {
        add_leak_part(w, w->seg_winner, sc == SC_OUT_FILTER ? LK_FILTER : LK_SKU, region,
                      s->first, s->last);
    } else {
        er_scope_reason why = sc == SC_OUT_SKU      ? ER_SCOPE_SKU
                              : sc == SC_OUT_FILTER ? ER_SCOPE_ROUTE_FILTER
                                                    : ER_SCOPE_PREMIUM_REQUIRED;
        add_oos_part(w, why, region, s->first, s->last);
    }
    return !w->nomem;
}

static void note_fwd(walk_ctx *w, int which, er_u128 size, uint32_t route)
{
    fwd_acc *fa = &w->fwd[which];
    int f = an_fam(w->cur->family);
    if (!fa->addrs[f])
        fa->winner[f] = route;
    fa->addrs[f] += size;
    if (!an_push_range(&fa->ranges, &fa->n_ranges, &fa->cap_ranges, w->cur))
        w->nomem = true;
}

static bool on_segment(const er_lpm_seg *s, void *vctx)
{
    walk_ctx *w = vctx;
    er_u128 size = er_range_size(s->first, s->last);
    er_pathclass cls = ER_PC_UNROUTED;
    uint32_t route = ER_NO_ROUTE;
    if (s->entry != ER_LPM_NONE) {
        route = er_lpm_entry_at(w->lpm, s->entry)->value;
        cls = (er_pathclass)er_rtable_get(w->t, route)->path_class;
    }
    w->counts->by_class[cls] += size;
    w->counts->total += size;
    if (!w->service_walk)
        return true;
    if (cls == ER_PC_EXPRESSROUTE)
        note_fwd(w, 0, size, route);
    if (cls != ER_PC_INTERNET)
        return !w->nomem;
    note_fwd(w, 1, size, route);
    if (!w->eligible)
        return !w->nomem;
    if (!w->scope_needed) {
        add_leak_part(w, route, LK_ROUTING, ER_LPM_NONE, s->first, s->last);
        return !w->nomem;
    }
    w->seg_winner = route;
    er_lpm_partition_range(w->a->region[an_fam(w->cur->family)], s->first, s->last,
                           on_region_seg, w);
    return !w->nomem;
}

/* ---- findings ---- */

typedef struct er_search {
    const er_lpm *lpm;
    uint32_t found; /* route index */
} er_search;

static bool first_er(const er_lpm_seg *s, void *vctx)
{
    er_search *q = vctx;
    if (s->entry == ER_LPM_NONE)
        return true;
    q->found = er_lpm_entry_at(q->lpm, s->entry)->value;
    return false;
}

static char *region_words(const er_region_info *r, char *buf, size_t size)
{
    if (!r)
        snprintf(buf, size, "its region");
    else if (r->display[0])
        snprintf(buf, size, "%s", r->display);
    else
        snprintf(buf, size, "%s", r->code);
    return buf;
}

/* The circuit names for messages: "circuit 'x'" or "the circuit". */
static void circuit_words(const er_analysis *a, char *buf, size_t size)
{
    const er_profile *p = a->profile;
    if (p && p->n_circuits == 1 && p->circuits[0].name[0])
        snprintf(buf, size, "circuit '%s'", p->circuits[0].name);
    else if (p && p->n_circuits > 1)
        snprintf(buf, size, "any of the %zu circuits", p->n_circuits);
    else
        snprintf(buf, size, "the circuit");
}

static er_status add_leak(er_analysis *a, const er_analyze_opts *o, size_t svc,
                          const er_prefix *p, const leak_acc *l)
{
    const er_rtable *t = a->routes;
    int f = an_fam(p->family);
    const er_route *win = er_rtable_get(t, l->winner);
    uint32_t lost = ER_NO_ROUTE;
    er_leak_reason reason;
    const er_region_info *r = an_region(l->region);
    if (l->kind == LK_FILTER) {
        reason = ER_LEAK_ROUTE_FILTER;
    } else if (l->kind == LK_SKU) {
        reason = ER_LEAK_SKU_SCOPE;
    } else {
        /* The ExpressRoute route that lost: same prefix first, else any covering part. */
        uint32_t same = er_lpm_find(a->er[f], &win->prefix);
        if (same != ER_LPM_NONE) {
            lost = er_lpm_entry_at(a->er[f], same)->value;
        } else {
            er_search q = {a->er[f], ER_NO_ROUTE};
            er_lpm_partition_range(a->er[f], l->first, l->last, first_er, &q);
            lost = q.found;
        }
        bool is_static = win->proto == ER_PROTO_STATIC;
        if (lost == ER_NO_ROUTE) {
            reason = win->prefix.len == 0 ? ER_LEAK_DEFAULT_ONLY
                     : is_static          ? ER_LEAK_STATIC
                                          : ER_LEAK_NO_ER_ROUTE;
        } else {
            int ll = er_rtable_get(t, lost)->prefix.len;
            reason = ll > win->prefix.len   ? ER_LEAK_SUMMARIZED
                     : ll == win->prefix.len ? ER_LEAK_BEST_PATH
                     : is_static             ? ER_LEAK_STATIC
                                             : ER_LEAK_MORE_SPECIFIC;
        }
    }

    er_finding *fd = an_new_finding(a);
    if (!fd)
        return ER_ERR_NOMEM;
    fd->rule = ER_RULE_LEAK;
    fd->severity = o->leak_severity;
    fd->service = svc;
    fd->prefix = *p;
    fd->addresses = l->addrs;
    fd->first = l->first;
    fd->last = l->last;
    fd->reason = (int)reason;
    fd->region = r ? r->code : NULL;
    fd->evidence[fd->n_evidence++] = (er_evidence){"winner", l->winner, ER_TABLE_ROUTES};
    if (lost != ER_NO_ROUTE)
        fd->evidence[fd->n_evidence++] = (er_evidence){"expressroute-lost", lost, ER_TABLE_ROUTES};

    const er_service *s = er_catalog_service(a->cat, svc);
    char pfx[ER_PREFIX_STRLEN], wl[512], ll[512], cnt[64], rw[64], cw[96];
    er_prefix_format(p, pfx, sizeof pfx);
    an_route_label(t, l->winner, wl, sizeof wl);
    er_u128_to_dec(l->addrs, cnt, sizeof cnt);
    region_words(r, rw, sizeof rw);
    circuit_words(a, cw, sizeof cw);
    char why[512];
    switch (reason) {
    case ER_LEAK_NO_ER_ROUTE:
        snprintf(why, sizeof why, "no ExpressRoute route covers it");
        break;
    case ER_LEAK_DEFAULT_ONLY:
        snprintf(why, sizeof why, "only the default route covers it");
        break;
    case ER_LEAK_MORE_SPECIFIC:
        snprintf(why, sizeof why, "a more specific internet route beats the ExpressRoute route");
        break;
    case ER_LEAK_BEST_PATH:
        snprintf(why, sizeof why, "the ExpressRoute path lost best-path selection");
        break;
    case ER_LEAK_STATIC:
        snprintf(why, sizeof why, "a static route sends it to the internet");
        break;
    case ER_LEAK_SUMMARIZED:
        snprintf(why, sizeof why,
                 "the more specific ExpressRoute route is not installed (summarized away or "
                 "suppressed), so the shorter internet route forwards it");
        break;
    case ER_LEAK_ROUTE_FILTER:
        snprintf(why, sizeof why,
                 "never received: the route filter of %s lacks %s's community 12076:%u, and %s "
                 "is a region of the environment",
                 cw, rw, r ? r->community_mspeer : 0, rw);
        break;
    case ER_LEAK_SKU_SCOPE:
        snprintf(why, sizeof why,
                 "never received: the SKU of %s does not reach %s, a region of the environment",
                 cw, rw);
        break;
    }
    if (lost != ER_NO_ROUTE) {
        an_route_label(t, lost, ll, sizeof ll);
        fd->message = join(s->name, " ", pfx, ": ", cnt, " addresses go to the internet via ",
                           wl, "; ExpressRoute route ", ll, " lost: ", why, (char *)NULL);
    } else {
        fd->message = join(s->name, " ", pfx, ": ", cnt, " addresses go to the internet via ",
                           wl, ": ", why, (char *)NULL);
    }
    switch (reason) {
    case ER_LEAK_NO_ER_ROUTE:
    case ER_LEAK_DEFAULT_ONLY:
        fd->fix = join("receive ", pfx,
                       " over ExpressRoute Microsoft peering (route filter with the region's "
                       "community) and make sure the route reaches this router",
                       (char *)NULL);
        break;
    case ER_LEAK_MORE_SPECIFIC:
        fd->fix = join("remove or filter the more specific internet route ", wl,
                       ", or prefer ExpressRoute for it", (char *)NULL);
        break;
    case ER_LEAK_BEST_PATH:
        fd->fix = join("raise local preference (or lower weight/AS path) of the ExpressRoute "
                       "path so it wins best-path selection for ", pfx, (char *)NULL);
        break;
    case ER_LEAK_STATIC:
        fd->fix = join("remove the static route ", wl, " or point it at the ExpressRoute edge",
                       (char *)NULL);
        break;
    case ER_LEAK_SUMMARIZED:
        fd->fix = join("stop suppressing the ExpressRoute route ", lost != ER_NO_ROUTE ? ll : pfx,
                       " (summary-only aggregate, RIB failure) or send the summary towards "
                       "ExpressRoute",
                       (char *)NULL);
        break;
    case ER_LEAK_ROUTE_FILTER:
        fd->fix = an_dupf("add 12076:%u (%s) to the route filter of %s",
                          r ? r->community_mspeer : 0, rw, cw);
        break;
    case ER_LEAK_SKU_SCOPE:
        fd->fix = an_dupf("upgrade %s to Premium, or use a circuit at a peering location in %s's "
                          "geopolitical area", cw, rw);
        break;
    }
    if (!fd->message || !fd->fix)
        return ER_ERR_NOMEM;
    return ER_OK;
}

static er_status add_out_of_scope(er_analysis *a, size_t svc, er_scope_reason reason,
                                  oos_acc *o)
{
    er_finding *fd = an_new_finding(a);
    if (!fd)
        return ER_ERR_NOMEM;
    const er_service *s = er_catalog_service(a->cat, svc);
    fd->rule = ER_RULE_OUT_OF_SCOPE;
    fd->severity = ER_SEV_INFO;
    fd->service = svc;
    fd->prefix = o->ranges[0];
    fd->addresses = o->addrs;
    fd->first = o->first;
    fd->last = o->last;
    fd->reason = (int)reason;
    fd->ranges = o->ranges;
    fd->n_ranges = o->n_ranges;
    o->ranges = NULL;
    o->n_ranges = o->cap_ranges = 0;
    if (o->n_regions == 1)
        fd->region = an_region(o->regions[0])->code;
    char regions[512] = "";
    size_t off = 0;
    for (size_t i = 0; i < o->n_regions && off < sizeof regions - 64; i++) {
        if (i == 6) {
            off += (size_t)snprintf(regions + off, sizeof regions - off, " and %zu more",
                                    o->n_regions - 6 + (o->more_regions ? 1 : 0));
            break;
        }
        off += (size_t)snprintf(regions + off, sizeof regions - off, "%s%s", i ? ", " : "",
                                an_region(o->regions[i])->code);
    }
    char cnt[64], cw[96];
    an_count(o->addrs, cnt, sizeof cnt);
    circuit_words(a, cw, sizeof cw);
    const char *why = "";
    switch (reason) {
    case ER_SCOPE_SKU:
        why = "outside the SKU scope of";
        break;
    case ER_SCOPE_ROUTE_FILTER:
        why = "not in the route filter of";
        break;
    case ER_SCOPE_PREMIUM_REQUIRED:
        why = "Microsoft 365, which needs a Premium circuit (and Microsoft's authorization); no "
              "Premium circuit is";
        break;
    }
    fd->message = an_dupf("%s: %s addresses in %zu range%s (%s%s) are %s %s: they reach "
                          "Microsoft over the internet by design",
                          s->name, cnt, fd->n_ranges, fd->n_ranges == 1 ? "" : "s",
                          o->n_regions ? "regions " : "no known region",
                          regions, why,
                          reason == ER_SCOPE_PREMIUM_REQUIRED ? "configured" : cw);
    switch (reason) {
    case ER_SCOPE_SKU:
        fd->fix = an_dupf("expected internet traffic; if the environment uses %s, upgrade to "
                          "Premium or add a circuit in that geography",
                          o->n_regions ? regions : "these ranges");
        break;
    case ER_SCOPE_ROUTE_FILTER:
        fd->fix = an_dupf("expected internet traffic; if the environment uses %s, add the "
                          "regional communities to the route filter",
                          o->n_regions ? regions : "these ranges");
        break;
    case ER_SCOPE_PREMIUM_REQUIRED:
        fd->fix = an_dupf("expected internet traffic; Microsoft 365 over ExpressRoute is not "
                          "recommended and needs Premium plus Microsoft's approval");
        break;
    }
    return fd->message && fd->fix ? ER_OK : ER_ERR_NOMEM;
}

/* Text listing sources: "a, b and 3 more". */
static void sources_text(const er_analysis *a, const size_t *idx, size_t n, char *buf,
                         size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && off + 80 < size; i++) {
        if (i == 3) {
            snprintf(buf + off, size - off, " and %zu more", n - 3);
            return;
        }
        const er_nat_pool *np = &a->sources[idx[i]].pool;
        char pfx[ER_PREFIX_STRLEN];
        er_prefix_format(&np->prefix, pfx, sizeof pfx);
        off += (size_t)snprintf(buf + off, size - off, "%s%s%s%s%s", i ? ", " : "", pfx,
                                np->name[0] ? " (" : "", np->name, np->name[0] ? ")" : "");
    }
}

static bool edge_applies(const er_nat_pool *np, er_pathclass fwd)
{
    return np->edge == ER_PC_UNSET || np->edge == fwd;
}

/* Asymmetric return findings of one service from its forward accumulators. */
static er_status add_asymmetry(er_analysis *a, size_t svc, walk_ctx *w)
{
    const er_service *s = er_catalog_service(a->cat, svc);
    for (int dir = 0; dir < 2; dir++) {
        /* dir 0: forward internet, replies over ExpressRoute; dir 1: the reverse. */
        fwd_acc *fa = &w->fwd[dir == 0 ? 1 : 0];
        er_pathclass fwd = dir == 0 ? ER_PC_INTERNET : ER_PC_EXPRESSROUTE;
        size_t hits[64], n_hits = 0, more = 0;
        er_u128 addrs = 0;
        bool fam_hit[2] = {false, false};
        for (size_t i = 0; i < a->n_sources; i++) {
            an_source *src = &a->sources[i];
            int f = an_fam(src->pool.prefix.family);
            if (!fa->addrs[f] || !edge_applies(&src->pool, fwd))
                continue;
            bool bad = dir == 0 ? src->ret_addrs[ER_RET_EXPRESSROUTE] != 0
                                : src->ret_addrs[ER_RET_INTERNET] + src->ret_addrs[ER_RET_NONE] != 0;
            if (!bad)
                continue;
            if (n_hits < ER_ARRAY_LEN(hits))
                hits[n_hits++] = i;
            else
                more++;
            fam_hit[f] = true;
        }
        if (!n_hits)
            continue;
        for (int f = 0; f < 2; f++)
            if (fam_hit[f])
                addrs += fa->addrs[f];
        er_finding *fd = an_new_finding(a);
        if (!fd)
            return ER_ERR_NOMEM;
        fd->rule = dir == 0 ? ER_RULE_ASYM_VIA_ER : ER_RULE_ASYM_VIA_INTERNET;
        fd->severity = ER_SEV_HIGH;
        fd->service = svc;
        fd->addresses = addrs;
        /* the ranges of the affected families */
        size_t cap = 0;
        for (size_t i = 0; i < fa->n_ranges; i++)
            if (fam_hit[an_fam(fa->ranges[i].family)] &&
                !an_push_range(&fd->ranges, &fd->n_ranges, &cap, &fa->ranges[i]))
                return ER_ERR_NOMEM;
        fd->prefix = fd->ranges[0];
        fd->first = er_prefix_first(&fd->ranges[0]);
        fd->last = er_prefix_last(&fd->ranges[fd->n_ranges - 1]);
        const an_source *first = &a->sources[hits[0]];
        int ff = an_fam(first->pool.prefix.family);
        fd->evidence[fd->n_evidence++] = (er_evidence){"winner", fa->winner[ff], ER_TABLE_ROUTES};
        if (dir == 0 && first->adv_route != ER_NO_ROUTE)
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"source-advertised", first->adv_route, ER_TABLE_ADVERTISED};
        if (dir == 1 && first->inet_route != ER_NO_ROUTE)
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"source-internet", first->inet_route, ER_TABLE_INTERNET_ADVERTISED};
        char srcs[400], cnt[64], wl[512], al[512] = "";
        sources_text(a, hits, n_hits + more, srcs, sizeof srcs);
        fd->subject = an_dupf("%s", srcs);
        an_count(addrs, cnt, sizeof cnt);
        an_route_label(a->routes, fa->winner[ff], wl, sizeof wl);
        const char *assumed = a->sources_assumed
                                  ? " (no NAT pools given: each prefix advertised to Microsoft "
                                    "is taken as a source of all traffic)"
                                  : "";
        if (dir == 0) {
            if (first->adv_route != ER_NO_ROUTE)
                an_route_label(a->adv, first->adv_route, al, sizeof al);
            fd->message = an_dupf(
                "%s: %s addresses in %zu range%s are reached over the internet (first via %s) "
                "from %s, advertised to Microsoft over ExpressRoute%s%s: replies come back over "
                "ExpressRoute and a stateful firewall drops them%s",
                s->name, cnt, fd->n_ranges, fd->n_ranges == 1 ? "" : "s", wl, srcs,
                al[0] ? " as " : "", al, assumed);
            fd->fix = an_dupf("translate internet-bound traffic into a NAT pool that is never "
                              "advertised over ExpressRoute (separate NAT addresses per edge), "
                              "or carry %s over ExpressRoute", s->name);
        } else {
            if (first->inet_route != ER_NO_ROUTE)
                an_route_label(a->inet, first->inet_route, al, sizeof al);
            fd->message = an_dupf(
                "%s: %s addresses in %zu range%s are reached over ExpressRoute (first via %s) "
                "from %s, not advertised to Microsoft over ExpressRoute (or advertised more "
                "specifically to the internet%s%s%s): replies come back over the internet%s",
                s->name, cnt, fd->n_ranges, fd->n_ranges == 1 ? "" : "s", wl, srcs,
                al[0] ? ", as " : "", al, "", assumed);
            fd->fix = an_dupf("advertise %s to Microsoft over ExpressRoute Microsoft peering, more "
                              "specifically than to the internet, or translate ExpressRoute-bound "
                              "traffic into a pool that is", srcs);
        }
        if (!fd->message || !fd->fix || !fd->subject)
            return ER_ERR_NOMEM;
        /* split-subnet bookkeeping */
    }
    return ER_OK;
}

static er_status add_split_subnets(er_analysis *a)
{
    for (size_t i = 0; i < a->n_sources; i++) {
        an_source *src = &a->sources[i];
        if (src->pool.edge != ER_PC_UNSET || !src->fwd_er || !src->fwd_inet)
            continue;
        er_finding *fd = an_new_finding(a);
        if (!fd)
            return ER_ERR_NOMEM;
        fd->rule = ER_RULE_SPLIT_SUBNET;
        fd->severity = ER_SEV_MEDIUM;
        fd->prefix = src->pool.prefix;
        fd->first = er_prefix_first(&src->pool.prefix);
        fd->last = er_prefix_last(&src->pool.prefix);
        fd->addresses = er_range_size(fd->first, fd->last);
        fd->evidence[fd->n_evidence++] = (er_evidence){"winner-expressroute", src->fwd_er_winner,
                                                       ER_TABLE_ROUTES};
        fd->evidence[fd->n_evidence++] = (er_evidence){"winner-internet", src->fwd_inet_winner,
                                                       ER_TABLE_ROUTES};
        if (src->adv_route != ER_NO_ROUTE)
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"source-advertised", src->adv_route, ER_TABLE_ADVERTISED};
        char pfx[ER_PREFIX_STRLEN], e[64], n[64], we[512], wn[512];
        er_prefix_format(&src->pool.prefix, pfx, sizeof pfx);
        an_count(src->fwd_er, e, sizeof e);
        an_count(src->fwd_inet, n, sizeof n);
        an_route_label(a->routes, src->fwd_er_winner, we, sizeof we);
        an_route_label(a->routes, src->fwd_inet_winner, wn, sizeof wn);
        fd->subject = an_dupf("%s%s%s%s", pfx, src->pool.name[0] ? " (" : "", src->pool.name,
                              src->pool.name[0] ? ")" : "");
        fd->message = an_dupf("traffic from %s to the selected services is split: %s addresses "
                              "over ExpressRoute (e.g. via %s) and %s over the internet (e.g. via "
                              "%s), with one source address range for both%s",
                              fd->subject ? fd->subject : pfx, e, we, n, wn,
                              a->sources_assumed ? " (assumed: no NAT pools given)" : "");
        fd->fix = an_dupf("never split one subnet between ExpressRoute and the internet: use a "
                          "separate NAT pool per edge, advertise only the ExpressRoute one to "
                          "Microsoft, and route each service over one path");
        if (!fd->message || !fd->fix || !fd->subject)
            return ER_ERR_NOMEM;
    }
    return ER_OK;
}

/* ---- driver ---- */

static void reset_walk(walk_ctx *w)
{
    w->n_leaks = 0;
    for (int k = 0; k < 3; k++) {
        free(w->oos[k].ranges);
        memset(&w->oos[k], 0, sizeof w->oos[k]);
    }
    for (int k = 0; k < 2; k++) {
        free(w->fwd[k].ranges);
        memset(&w->fwd[k], 0, sizeof w->fwd[k]);
    }
}

static er_status analyze_service(er_analysis *a, const er_analyze_opts *o, size_t k,
                                 er_prefix *scratch, walk_ctx *w)
{
    er_service_result *res = &a->svc[k];
    const er_service *s = er_catalog_service(a->cat, res->service);
    size_t before = a->n_findings;
    memcpy(scratch, s->prefixes, s->n_prefixes * sizeof *scratch);
    size_t n = normalize(scratch, s->n_prefixes);
    reset_walk(w);
    w->service = res->service;
    w->service_walk = true;
    w->eligible = s->er_eligible;
    w->scope_needed = an_service_is_m365(a, res->service) ||
                      (a->profile && a->profile->n_circuits);
    for (size_t i = 0; i < n; i++) {
        const er_prefix *p = &scratch[i];
        int f = an_fam(p->family);
        if (f == 0)
            res->n_prefixes_v4++;
        else
            res->n_prefixes_v6++;
        w->lpm = a->best[f];
        w->counts = f == 0 ? &res->v4 : &res->v6;
        w->cur = p;
        w->n_leaks = 0;
        er_lpm_partition(a->best[f], p, on_segment, w);
        if (w->nomem)
            return ER_ERR_NOMEM;
        for (size_t j = 0; j < w->n_leaks; j++) {
            er_status st = add_leak(a, o, res->service, p, &w->leaks[j]);
            if (st != ER_OK)
                return st;
        }
    }
    for (int r = 0; r < 3; r++)
        if (w->oos[r].addrs) {
            er_status st = add_out_of_scope(a, res->service, (er_scope_reason)r, &w->oos[r]);
            if (st != ER_OK)
                return st;
        }
    /* sources: what this service adds to each source's forward traffic */
    for (size_t i = 0; i < a->n_sources; i++) {
        an_source *src = &a->sources[i];
        int f = an_fam(src->pool.prefix.family);
        if (w->fwd[0].addrs[f] && edge_applies(&src->pool, ER_PC_EXPRESSROUTE)) {
            if (!src->fwd_er)
                src->fwd_er_winner = w->fwd[0].winner[f];
            src->fwd_er += w->fwd[0].addrs[f];
            src->fwd_er_services++;
        }
        if (w->fwd[1].addrs[f] && edge_applies(&src->pool, ER_PC_INTERNET)) {
            if (!src->fwd_inet)
                src->fwd_inet_winner = w->fwd[1].winner[f];
            src->fwd_inet += w->fwd[1].addrs[f];
            src->fwd_inet_services++;
        }
    }
    er_status st = add_asymmetry(a, res->service, w);
    if (st != ER_OK)
        return st;
    res->findings += a->n_findings - before;
    return ER_OK;
}

er_status er_analyze(const er_catalog *cat, const size_t *sel, size_t n_sel, er_rtable *routes,
                     const er_analyze_opts *opts, er_analysis **out)
{
    er_analyze_opts defaults;
    if (!opts) {
        er_analyze_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    er_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return ER_ERR_NOMEM;
    a->cat = cat;
    a->routes = routes;
    a->profile = opts->profile;
    a->adv = opts->advertised;
    a->inet = opts->internet_advertised;
    er_classify_all(routes, &opts->classify);
    er_status st = build_lpms(a, routes);
    if (st == ER_OK)
        st = an_adv_build(a);
    size_t max_pfx = 0, all_pfx = 0;
    if (st == ER_OK) {
        a->svc = calloc(n_sel ? n_sel : 1, sizeof *a->svc);
        a->sel = malloc((n_sel ? n_sel : 1) * sizeof *a->sel);
        if (!a->svc || !a->sel)
            st = ER_ERR_NOMEM;
        else if (n_sel)
            memcpy(a->sel, sel, n_sel * sizeof *sel);
    }
    for (size_t k = 0; st == ER_OK && k < n_sel; k++) {
        const er_service *s = er_catalog_service(cat, sel[k]);
        if (!s) {
            st = ER_ERR_ARG;
            break;
        }
        a->svc[k].service = sel[k];
        if (s->n_prefixes > max_pfx)
            max_pfx = s->n_prefixes;
        all_pfx += s->n_prefixes;
    }
    a->n_svc = n_sel;
    a->n_sel = n_sel;
    er_prefix *scratch = NULL;
    walk_ctx w;
    memset(&w, 0, sizeof w);
    w.a = a;
    w.t = routes;
    if (st == ER_OK) {
        scratch = malloc((all_pfx ? all_pfx : 1) * sizeof *scratch);
        if (!scratch)
            st = ER_ERR_NOMEM;
    }
    for (size_t k = 0; st == ER_OK && k < n_sel; k++)
        st = analyze_service(a, opts, k, scratch, &w);
    /* Totals over the union of all selected ranges, each address counted once. */
    if (st == ER_OK) {
        size_t n = 0;
        for (size_t k = 0; k < n_sel; k++) {
            const er_service *s = er_catalog_service(cat, sel[k]);
            memcpy(scratch + n, s->prefixes, s->n_prefixes * sizeof *scratch);
            n += s->n_prefixes;
        }
        n = normalize(scratch, n);
        w.service_walk = false;
        for (size_t i = 0; i < n; i++) {
            int f = an_fam(scratch[i].family);
            w.lpm = a->best[f];
            w.counts = &a->total[f];
            w.cur = &scratch[i];
            er_lpm_partition(a->best[f], &scratch[i], on_segment, &w);
        }
    }
    if (st == ER_OK)
        st = add_split_subnets(a);
    if (st == ER_OK)
        st = an_adv_rules(a);
    if (st == ER_OK)
        st = an_endpoints(a);
    reset_walk(&w);
    free(scratch);
    free(w.leaks);
    if (st != ER_OK) {
        er_analysis_free(a);
        return st;
    }
    *out = a;
    return ER_OK;
}

void er_analysis_free(er_analysis *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_findings; i++) {
        free(a->findings[i].message);
        free(a->findings[i].fix);
        free(a->findings[i].ranges);
        free(a->findings[i].subject);
    }
    free(a->findings);
    free(a->svc);
    free(a->sel);
    free(a->sources);
    free(a->endpoints);
    for (int f = 0; f < 2; f++) {
        er_lpm_free(a->best[f]);
        er_lpm_free(a->er[f]);
        er_lpm_free(a->region[f]);
        er_lpm_free(a->adv_lpm[f]);
        er_lpm_free(a->inet_lpm[f]);
    }
    free(a);
}

size_t er_analysis_service_count(const er_analysis *a) { return a->n_svc; }
const er_service_result *er_analysis_service(const er_analysis *a, size_t i)
{
    return i < a->n_svc ? &a->svc[i] : NULL;
}
size_t er_analysis_finding_count(const er_analysis *a) { return a->n_findings; }
const er_finding *er_analysis_finding(const er_analysis *a, size_t i)
{
    return i < a->n_findings ? &a->findings[i] : NULL;
}
const er_counts *er_analysis_total(const er_analysis *a, int family)
{
    return &a->total[an_fam(family)];
}
er_severity er_analysis_max_severity(const er_analysis *a)
{
    er_severity m = ER_SEV_NONE;
    for (size_t i = 0; i < a->n_findings; i++)
        if (m == ER_SEV_NONE || a->findings[i].severity > m)
            m = a->findings[i].severity;
    return m;
}
const er_catalog *er_analysis_catalog(const er_analysis *a) { return a->cat; }
const er_rtable *er_analysis_routes(const er_analysis *a) { return a->routes; }
const er_profile *er_analysis_profile(const er_analysis *a) { return a->profile; }

const er_rtable *er_analysis_table(const er_analysis *a, er_table_id id)
{
    switch (id) {
    case ER_TABLE_ROUTES: return a->routes;
    case ER_TABLE_ADVERTISED: return a->adv;
    case ER_TABLE_INTERNET_ADVERTISED: return a->inet;
    }
    return NULL;
}

const er_route *er_analysis_evidence_route(const er_analysis *a, const er_evidence *ev)
{
    const er_rtable *t = er_analysis_table(a, (er_table_id)ev->table);
    return t && ev->route != ER_NO_ROUTE ? er_rtable_get(t, ev->route) : NULL;
}

size_t er_analysis_source_count(const er_analysis *a) { return a->n_sources; }
const er_source_result *er_analysis_source(const er_analysis *a, size_t i)
{
    return i < a->n_sources ? &a->sources[i] : NULL;
}
bool er_analysis_sources_assumed(const er_analysis *a) { return a->sources_assumed; }

size_t er_analysis_endpoint_count(const er_analysis *a) { return a->n_endpoints; }
const er_endpoint_result *er_analysis_endpoint(const er_analysis *a, size_t i)
{
    return i < a->n_endpoints ? &a->endpoints[i] : NULL;
}

void er_finding_key(const er_analysis *a, const er_finding *f, char *buf, size_t size)
{
    const er_service *s = f->service == ER_NO_SERVICE ? NULL : er_catalog_service(a->cat, f->service);
    char pfx[ER_PREFIX_STRLEN] = "-";
    if (!f->n_ranges) /* an aggregated finding's first range moves with its content */
        er_prefix_format(&f->prefix, pfx, sizeof pfx);
    const char *reason = er_finding_reason_name(f);
    snprintf(buf, size, "%s|%s|%s|%s|%s", f->rule, s ? s->name : "-", pfx,
             f->subject ? f->subject : "-", reason ? reason : "-");
}
