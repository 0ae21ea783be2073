/* The site profile: model, JSON loader (schema in docs/profile.md), command-line setters
 * and the circuit scope tests.
 *
 * How it works: a profile is a handful of small arrays that grow one element at a time
 * (profiles are tiny) and a string pool that frees everything at once. The loader walks
 * the cJSON tree key by key against a fixed set of known keys, so a typo is an error that
 * names its JSON path ("circuits[0].sku"), never a silently ignored setting. Sites: the
 * top-level object is applied to the profile; each entry of "sites" gets a profile of its
 * own built by applying the top level (without "sites") and then the site object, whose
 * keys replace the inherited values. Command-line setters act on the profile and on every
 * site, so a flag given once holds for all sites. */
#include "erready/profile.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- memory ---- */

typedef struct pstr {
    struct pstr *next;
    char s[];
} pstr;

static const char *pdup(er_profile *p, const char *s, size_t n)
{
    pstr *k = malloc(sizeof *k + n + 1);
    if (!k)
        return NULL;
    memcpy(k->s, s, n);
    k->s[n] = '\0';
    k->next = p->pool_;
    p->pool_ = k;
    return k->s;
}

static const char *pstrdup(er_profile *p, const char *s) { return pdup(p, s, strlen(s)); }

/* Grow *arr (of *n elements of size sz) by one zeroed element; NULL on no memory. */
static void *push(void *arrp, size_t *n, size_t sz)
{
    void **arr = arrp;
    void *na = realloc(*arr, (*n + 1) * sz);
    if (!na)
        return NULL;
    *arr = na;
    void *el = (char *)na + *n * sz;
    memset(el, 0, sz);
    (*n)++;
    return el;
}

er_profile *er_profile_new(void)
{
    er_profile *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->name = "";
    p->source = "";
    return p;
}

static void clear_rules(er_class_rules *r)
{
    free(r->nexthops);
    free(r->ifaces);
    free(r->asns);
    free(r->communities);
    memset(r, 0, sizeof *r);
}

static void clear_circuits(er_profile *p)
{
    for (size_t i = 0; i < p->n_circuits; i++)
        free(p->circuits[i].filter);
    free(p->circuits);
    p->circuits = NULL;
    p->n_circuits = 0;
}

void er_profile_free(er_profile *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sites; i++)
        er_profile_free(p->sites[i]);
    free(p->sites);
    free(p->regions);
    for (int c = 0; c < ER_PC_COUNT; c++)
        clear_rules(&p->rules[c]);
    clear_circuits(p);
    free(p->advertised);
    free(p->internet_advertised);
    free(p->nat_pools);
    free(p->endpoints);
    free(p->routes);
    for (pstr *k = p->pool_, *next; k; k = next) {
        next = k->next;
        free(k);
    }
    free(p);
}

/* ---- single-profile operations (setters call them for the profile and its sites) ---- */

static er_status add_region_one(er_profile *p, const er_region_info *r)
{
    for (size_t i = 0; i < p->n_regions; i++)
        if (p->regions[i] == r)
            return ER_OK;
    const er_region_info **slot = push(&p->regions, &p->n_regions, sizeof *p->regions);
    if (!slot)
        return ER_ERR_NOMEM;
    *slot = r;
    return ER_OK;
}

static er_circuit *first_circuit(er_profile *p)
{
    if (p->n_circuits)
        return &p->circuits[0];
    er_circuit *c = push(&p->circuits, &p->n_circuits, sizeof *p->circuits);
    if (c)
        c->name = "";
    return c;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static er_status filter_add(er_circuit *c, uint32_t v)
{
    for (size_t i = 0; i < c->n_filter; i++)
        if (c->filter[i] == v)
            return ER_OK;
    uint32_t *slot = push(&c->filter, &c->n_filter, sizeof *c->filter);
    if (!slot)
        return ER_ERR_NOMEM;
    *slot = v;
    qsort(c->filter, c->n_filter, sizeof *c->filter, cmp_u32);
    return ER_OK;
}

static er_status add_adv_one(er_profile *p, const char *path, size_t circuit,
                             er_session_role role)
{
    const char *s = pstrdup(p, path);
    er_adv_file *f = s ? push(&p->advertised, &p->n_advertised, sizeof *p->advertised) : NULL;
    if (!f)
        return ER_ERR_NOMEM;
    f->path = s;
    f->circuit = circuit;
    f->role = role;
    return ER_OK;
}

static er_status add_str(er_profile *p, char ***arr, size_t *n, const char *s)
{
    const char *d = pstrdup(p, s);
    char **slot = d ? push(arr, n, sizeof **arr) : NULL;
    if (!slot)
        return ER_ERR_NOMEM;
    *slot = (char *)d;
    return ER_OK;
}

/* Parse an address (no prefix length) into a host prefix. */
static bool parse_host(const char *text, er_prefix *out, const char **why)
{
    er_addr_err e = er_prefix_parse(text, false, out);
    if (e != ER_ADDR_OK) {
        *why = er_addr_err_str(e);
        return false;
    }
    if (out->len != er_family_bits(out->family)) {
        *why = "give an address, not a prefix";
        return false;
    }
    return true;
}

static bool parse_edge(const char *s, size_t n, er_pathclass *out)
{
    if (n == 12 && strncmp(s, "expressroute", n) == 0)
        *out = ER_PC_EXPRESSROUTE;
    else if (n == 8 && strncmp(s, "internet", n) == 0)
        *out = ER_PC_INTERNET;
    else if ((n == 3 && strncmp(s, "any", n) == 0) || (n == 4 && strncmp(s, "both", n) == 0))
        *out = ER_PC_UNSET;
    else
        return false;
    return true;
}

/* ---- setters ---- */

typedef er_status (*apply_fn)(er_profile *p, const void *arg);

static er_status apply_all(er_profile *p, apply_fn fn, const void *arg)
{
    er_status st = fn(p, arg);
    for (size_t i = 0; st == ER_OK && i < p->n_sites; i++)
        st = fn(p->sites[i], arg);
    return st;
}

static er_status ap_region(er_profile *p, const void *arg) { return add_region_one(p, arg); }

er_status er_profile_add_region(er_profile *p, const char *region, er_diags *diags)
{
    const er_region_info *r = er_region_lookup(region);
    if (!r) {
        const er_geography_info *g = er_geography_lookup(region);
        if (g)
            return er_profile_set_geography(p, region, diags);
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "unknown region '%s'", region);
        return ER_ERR_NOTFOUND;
    }
    return apply_all(p, ap_region, r);
}

static er_status ap_geo(er_profile *p, const void *arg)
{
    const er_geography_info *g = arg;
    p->geography = g->name;
    for (int i = 0; i < 2; i++) {
        const er_region_info *r = er_region_lookup(g->regions[i]);
        if (r) {
            er_status st = add_region_one(p, r);
            if (st != ER_OK)
                return st;
        }
    }
    return ER_OK;
}

er_status er_profile_set_geography(er_profile *p, const char *geography, er_diags *diags)
{
    const er_geography_info *g = er_geography_lookup(geography);
    if (!g) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "unknown Power Platform geography '%s' (known: Asia, Canada, Europe, "
                     "France, Germany, Japan, United States; else give the regions)",
                     geography);
        return ER_ERR_NOTFOUND;
    }
    return apply_all(p, ap_geo, g);
}

static er_status ap_sku(er_profile *p, const void *arg)
{
    er_circuit *c = first_circuit(p);
    if (!c)
        return ER_ERR_NOMEM;
    c->sku = *(const er_sku *)arg;
    return ER_OK;
}

er_status er_profile_set_sku(er_profile *p, const char *sku, er_diags *diags)
{
    er_sku s;
    if (!er_sku_parse(sku, &s)) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "unknown SKU '%s' (local, standard, premium)", sku);
        return ER_ERR_PARSE;
    }
    return apply_all(p, ap_sku, &s);
}

static er_status ap_loc(er_profile *p, const void *arg)
{
    const er_location_info *l = arg;
    er_circuit *c = first_circuit(p);
    if (!c)
        return ER_ERR_NOMEM;
    c->location = l;
    c->location_name = l->name;
    return ER_OK;
}

er_status er_profile_set_location(er_profile *p, const char *location, er_diags *diags)
{
    const er_location_info *l = er_location_lookup(location);
    if (!l) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "unknown ExpressRoute peering location '%s'", location);
        return ER_ERR_NOTFOUND;
    }
    return apply_all(p, ap_loc, l);
}

typedef struct filter_arg {
    const uint32_t *v;
    size_t n;
} filter_arg;

static er_status set_filter(er_circuit *c, const uint32_t *v, size_t n)
{
    free(c->filter);
    c->filter = NULL;
    c->n_filter = 0;
    c->has_route_filter = true;
    for (size_t i = 0; i < n; i++) {
        er_status st = filter_add(c, v[i]);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

static er_status ap_filter(er_profile *p, const void *arg)
{
    const filter_arg *f = arg;
    er_circuit *c = first_circuit(p);
    return c ? set_filter(c, f->v, f->n) : ER_ERR_NOMEM;
}

/* Parse a comma-separated list of route-filter words into v (malloc'd). */
static er_status parse_filter_list(const char *list, uint32_t **v, size_t *n, const char *file,
                                   const char *where, er_diags *diags)
{
    *v = NULL;
    *n = 0;
    const char *s = list;
    bool bad = false;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        if (!*s)
            break;
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && s[len - 1] == ' ')
            len--;
        char word[96];
        if (len >= sizeof word) {
            er_diags_add(diags, ER_DIAG_ERROR, file, 0, 0, "%s: route-filter entry too long",
                         where);
            bad = true;
        } else {
            memcpy(word, s, len);
            word[len] = '\0';
            if (strcmp(word, "none") != 0) {
                const char *why;
                uint32_t c = er_community_lookup(word, &why);
                if (!c) {
                    er_diags_add(diags, ER_DIAG_ERROR, file, 0, 0,
                                 "%s: route-filter entry '%s': %s", where, word, why);
                    bad = true;
                } else {
                    uint32_t *slot = push(v, n, sizeof **v);
                    if (!slot) {
                        free(*v);
                        return ER_ERR_NOMEM;
                    }
                    *slot = c;
                }
            }
        }
        s += len;
        while (*s == ' ')
            s++;
    }
    if (bad) {
        free(*v);
        *v = NULL;
        *n = 0;
        return ER_ERR_PARSE;
    }
    return ER_OK;
}

er_status er_profile_set_route_filter(er_profile *p, const char *list, er_diags *diags)
{
    uint32_t *v;
    size_t n;
    er_status st = parse_filter_list(list, &v, &n, NULL, "--route-filter", diags);
    if (st != ER_OK)
        return st;
    filter_arg f = {v, n};
    st = apply_all(p, ap_filter, &f);
    free(v);
    return st;
}

typedef struct adv_arg {
    const char *path;
    er_session_role role;
} adv_arg;

static er_status ap_adv(er_profile *p, const void *arg)
{
    const adv_arg *a = arg;
    if (!first_circuit(p))
        return ER_ERR_NOMEM;
    return add_adv_one(p, a->path, 0, a->role);
}

er_status er_profile_add_advertised(er_profile *p, const char *path, er_session_role role)
{
    adv_arg a = {path, role};
    return apply_all(p, ap_adv, &a);
}

static er_status ap_inet(er_profile *p, const void *arg)
{
    return add_str(p, &p->internet_advertised, &p->n_internet_advertised, arg);
}

er_status er_profile_add_internet_advertised(er_profile *p, const char *path)
{
    return apply_all(p, ap_inet, path);
}

static er_status add_pool_one(er_profile *p, const er_nat_pool *np)
{
    const char *name = pstrdup(p, np->name ? np->name : "");
    er_nat_pool *slot = name ? push(&p->nat_pools, &p->n_nat_pools, sizeof *p->nat_pools) : NULL;
    if (!slot)
        return ER_ERR_NOMEM;
    *slot = *np;
    slot->name = name;
    return ER_OK;
}

static er_status ap_pool(er_profile *p, const void *arg) { return add_pool_one(p, arg); }

/* "PREFIX" or "EDGE=PREFIX" into a pool; why set on failure. */
static bool parse_pool_spec(const char *spec, er_nat_pool *np, const char **why)
{
    memset(np, 0, sizeof *np);
    np->edge = ER_PC_UNSET;
    np->name = "";
    const char *eq = strchr(spec, '=');
    const char *pfx = spec;
    if (eq) {
        if (!parse_edge(spec, (size_t)(eq - spec), &np->edge)) {
            *why = "the edge must be expressroute, internet or any";
            return false;
        }
        pfx = eq + 1;
    }
    er_addr_err e = er_prefix_parse(pfx, false, &np->prefix);
    if (e != ER_ADDR_OK) {
        *why = er_addr_err_str(e);
        return false;
    }
    return true;
}

er_status er_profile_add_nat_pool(er_profile *p, const char *spec, er_diags *diags)
{
    er_nat_pool np;
    const char *why;
    if (!parse_pool_spec(spec, &np, &why)) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "--nat-pool '%s': %s", spec, why);
        return ER_ERR_PARSE;
    }
    return apply_all(p, ap_pool, &np);
}

static er_status add_endpoint_one(er_profile *p, const char *name, const er_prefix *addr)
{
    const char *n = pstrdup(p, name);
    er_endpoint *slot = n ? push(&p->endpoints, &p->n_endpoints, sizeof *p->endpoints) : NULL;
    if (!slot)
        return ER_ERR_NOMEM;
    slot->name = n;
    slot->addr = *addr;
    return ER_OK;
}

typedef struct ep_arg {
    const char *name;
    er_prefix addr;
} ep_arg;

static er_status ap_ep(er_profile *p, const void *arg)
{
    const ep_arg *a = arg;
    return add_endpoint_one(p, a->name, &a->addr);
}

er_status er_profile_add_endpoint(er_profile *p, const char *spec, er_diags *diags)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "--endpoint '%s': give NAME=IP, e.g. crm-sync=198.51.100.20", spec);
        return ER_ERR_PARSE;
    }
    ep_arg a;
    const char *why;
    if (!parse_host(eq + 1, &a.addr, &why)) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "--endpoint '%s': %s", spec, why);
        return ER_ERR_PARSE;
    }
    char name[128];
    size_t n = (size_t)(eq - spec);
    if (n >= sizeof name) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "--endpoint: name too long");
        return ER_ERR_PARSE;
    }
    memcpy(name, spec, n);
    name[n] = '\0';
    a.name = name;
    return apply_all(p, ap_ep, &a);
}

typedef struct nh_arg {
    er_pathclass cls;
    er_prefix addr;
} nh_arg;

static er_status ap_nh(er_profile *p, const void *arg)
{
    const nh_arg *a = arg;
    er_class_rules *r = &p->rules[a->cls];
    er_prefix *slot = push(&r->nexthops, &r->n_nexthops, sizeof *r->nexthops);
    if (!slot)
        return ER_ERR_NOMEM;
    *slot = a->addr;
    return ER_OK;
}

er_status er_profile_add_nexthop(er_profile *p, er_pathclass cls, const char *addr,
                                 er_diags *diags)
{
    nh_arg a = {cls, {0}};
    const char *why;
    if ((unsigned)cls >= ER_PC_UNROUTED || !parse_host(addr, &a.addr, &why)) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "invalid next-hop address '%s': %s",
                     addr, (unsigned)cls >= ER_PC_UNROUTED ? "no such class" : why);
        return ER_ERR_PARSE;
    }
    return apply_all(p, ap_nh, &a);
}

void er_profile_clear(er_profile *p, er_profile_list which)
{
    if (!p)
        return;
    switch (which) {
    case ER_PL_REGIONS:
        free(p->regions);
        p->regions = NULL;
        p->n_regions = 0;
        p->geography = NULL;
        break;
    case ER_PL_ADVERTISED:
        free(p->advertised);
        p->advertised = NULL;
        p->n_advertised = 0;
        break;
    case ER_PL_INTERNET_ADVERTISED:
        free(p->internet_advertised);
        p->internet_advertised = NULL;
        p->n_internet_advertised = 0;
        break;
    case ER_PL_NAT_POOLS:
        free(p->nat_pools);
        p->nat_pools = NULL;
        p->n_nat_pools = 0;
        break;
    case ER_PL_ENDPOINTS:
        free(p->endpoints);
        p->endpoints = NULL;
        p->n_endpoints = 0;
        break;
    }
    for (size_t i = 0; i < p->n_sites; i++)
        er_profile_clear(p->sites[i], which);
}

/* ---- clone (a site created on the command line inherits the top level) ---- */

static er_status clone_into(er_profile *d, const er_profile *s)
{
    er_status st = ER_OK;
    d->source = s->source;
    d->geography = s->geography;
    for (size_t i = 0; st == ER_OK && i < s->n_regions; i++)
        st = add_region_one(d, s->regions[i]);
    for (int c = 0; st == ER_OK && c < ER_PC_COUNT; c++) {
        const er_class_rules *r = &s->rules[c];
        er_class_rules *w = &d->rules[c];
        for (size_t i = 0; st == ER_OK && i < r->n_nexthops; i++) {
            er_prefix *slot = push(&w->nexthops, &w->n_nexthops, sizeof *slot);
            if (slot)
                *slot = r->nexthops[i];
            else
                st = ER_ERR_NOMEM;
        }
        for (size_t i = 0; st == ER_OK && i < r->n_ifaces; i++)
            st = add_str(d, &w->ifaces, &w->n_ifaces, r->ifaces[i]);
        for (size_t i = 0; st == ER_OK && i < r->n_asns; i++) {
            uint32_t *slot = push(&w->asns, &w->n_asns, sizeof *slot);
            if (slot)
                *slot = r->asns[i];
            else
                st = ER_ERR_NOMEM;
        }
        for (size_t i = 0; st == ER_OK && i < r->n_communities; i++)
            st = add_str(d, &w->communities, &w->n_communities, r->communities[i]);
    }
    for (size_t i = 0; st == ER_OK && i < s->n_circuits; i++) {
        const er_circuit *c = &s->circuits[i];
        er_circuit *w = push(&d->circuits, &d->n_circuits, sizeof *w);
        if (!w)
            return ER_ERR_NOMEM;
        *w = *c;
        w->filter = NULL;
        w->n_filter = 0;
        w->name = pstrdup(d, c->name);
        if (!w->name)
            return ER_ERR_NOMEM;
        for (size_t k = 0; st == ER_OK && k < c->n_filter; k++)
            st = filter_add(w, c->filter[k]);
    }
    for (size_t i = 0; st == ER_OK && i < s->n_advertised; i++)
        st = add_adv_one(d, s->advertised[i].path, s->advertised[i].circuit,
                         s->advertised[i].role);
    for (size_t i = 0; st == ER_OK && i < s->n_internet_advertised; i++)
        st = add_str(d, &d->internet_advertised, &d->n_internet_advertised,
                     s->internet_advertised[i]);
    for (size_t i = 0; st == ER_OK && i < s->n_nat_pools; i++)
        st = add_pool_one(d, &s->nat_pools[i]);
    for (size_t i = 0; st == ER_OK && i < s->n_endpoints; i++)
        st = add_endpoint_one(d, s->endpoints[i].name, &s->endpoints[i].addr);
    return st;
}

er_status er_profile_add_site(er_profile *p, const char *spec, er_diags *diags)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "--site '%s': give NAME=FILE (a route file or a folder of them)", spec);
        return ER_ERR_PARSE;
    }
    size_t n = (size_t)(eq - spec);
    er_profile *site = NULL;
    for (size_t i = 0; i < p->n_sites; i++)
        if (strlen(p->sites[i]->name) == n && strncmp(p->sites[i]->name, spec, n) == 0)
            site = p->sites[i];
    if (site) {
        free(site->routes);
        site->routes = NULL;
        site->n_routes = 0;
    } else {
        site = er_profile_new();
        er_profile **slot = site ? push(&p->sites, &p->n_sites, sizeof *p->sites) : NULL;
        if (!slot) {
            er_profile_free(site);
            return ER_ERR_NOMEM;
        }
        *slot = site;
        site->name = pdup(site, spec, n);
        if (!site->name)
            return ER_ERR_NOMEM;
        er_status st = clone_into(site, p);
        if (st != ER_OK)
            return st;
    }
    return add_str(site, &site->routes, &site->n_routes, eq + 1);
}

/* ---- scope ---- */

int er_circuit_reaches(const er_circuit *c, const er_region_info *r)
{
    if (!c || !r)
        return -1;
    if (strcmp(r->cloud, "Public") != 0)
        return 0; /* national clouds cannot be reached from commercial ExpressRoute */
    switch (c->sku) {
    case ER_SKU_PREMIUM:
        return 1;
    case ER_SKU_STANDARD:
        if (!c->location || !c->location->geo_area || !r->geo_area)
            return -1;
        return strcmp(c->location->geo_area, r->geo_area) == 0;
    case ER_SKU_LOCAL:
        if (!c->location)
            return -1;
        for (int i = 0; i < 2; i++)
            if (c->location->local[i] && strcmp(c->location->local[i], r->code) == 0)
                return 1;
        return 0;
    default:
        return -1;
    }
}

int er_circuit_filter_has(const er_circuit *c, uint32_t n)
{
    if (!c || !c->has_route_filter)
        return -1;
    if (!n) {
        for (size_t i = 0; i < c->n_filter; i++)
            if (!er_community_name(c->filter[i]))
                return -1;
        return 0;
    }
    for (size_t i = 0; i < c->n_filter; i++)
        if (c->filter[i] == n)
            return 1;
    return 0;
}

/* ---- JSON loader ---- */

typedef struct jctx {
    er_profile *p;
    const char *src;
    const char *base;
    er_diags *d;
    bool bad;
    bool nomem;
} jctx;

static void jerr(jctx *j, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void jerr(jctx *j, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    er_diags_add(j->d, ER_DIAG_ERROR, j->src, 0, 0, "%s: %s", path, msg);
    j->bad = true;
}

static void note_nomem(jctx *j, er_status st)
{
    if (st == ER_ERR_NOMEM)
        j->nomem = true;
}

/* The path of a file named in the profile: relative to the profile's folder. */
static const char *resolve(jctx *j, const char *path)
{
    if (!j->base || !j->base[0] || path[0] == '/' || strcmp(path, "-") == 0)
        return pstrdup(j->p, path);
    size_t a = strlen(j->base), b = strlen(path);
    char *tmp = malloc(a + b + 2);
    if (!tmp)
        return NULL;
    memcpy(tmp, j->base, a);
    tmp[a] = '/';
    memcpy(tmp + a + 1, path, b + 1);
    const char *r = pstrdup(j->p, tmp);
    free(tmp);
    return r;
}

static bool check_keys(jctx *j, const cJSON *obj, const char *path, const char *const *known)
{
    bool ok = true;
    for (const cJSON *it = obj->child; it; it = it->next) {
        bool found = false;
        for (const char *const *k = known; *k; k++)
            if (strcmp(it->string, *k) == 0)
                found = true;
        if (!found) {
            jerr(j, path, "unknown key '%s'", it->string);
            ok = false;
        }
    }
    return ok;
}

/* A string, or an array of strings; each item to fn. */
static void each_string(jctx *j, const cJSON *v, const char *path,
                        void (*fn)(jctx *j, const char *s, const char *path, void *arg), void *arg)
{
    char ip[256];
    if (cJSON_IsString(v)) {
        fn(j, v->valuestring, path, arg);
        return;
    }
    if (!cJSON_IsArray(v)) {
        jerr(j, path, "must be a string or an array of strings");
        return;
    }
    int i = 0;
    for (const cJSON *it = v->child; it; it = it->next, i++) {
        snprintf(ip, sizeof ip, "%s[%d]", path, i);
        if (!cJSON_IsString(it))
            jerr(j, ip, "must be a string");
        else
            fn(j, it->valuestring, ip, arg);
    }
}

static void on_region(jctx *j, const char *s, const char *path, void *arg)
{
    (void)arg;
    const er_region_info *r = er_region_lookup(s);
    if (!r) {
        jerr(j, path, "unknown region '%s'", s);
        return;
    }
    note_nomem(j, add_region_one(j->p, r));
}

static void load_environment(jctx *j, const cJSON *env)
{
    static const char *const keys[] = {"geography", "region", "regions", NULL};
    if (!cJSON_IsObject(env)) {
        jerr(j, "environment", "must be an object");
        return;
    }
    check_keys(j, env, "environment", keys);
    free(j->p->regions);
    j->p->regions = NULL;
    j->p->n_regions = 0;
    j->p->geography = NULL;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(env, "geography");
    if (g) {
        const er_geography_info *gi = cJSON_IsString(g) ? er_geography_lookup(g->valuestring) : NULL;
        if (!cJSON_IsString(g))
            jerr(j, "environment.geography", "must be a string");
        else if (!gi)
            jerr(j, "environment.geography",
                 "unknown Power Platform geography '%s' (known: Asia, Canada, Europe, France, "
                 "Germany, Japan, United States; else list the regions)",
                 g->valuestring);
        else
            note_nomem(j, ap_geo(j->p, gi));
    }
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(env, "region");
    if (r)
        each_string(j, r, "environment.region", on_region, NULL);
    r = cJSON_GetObjectItemCaseSensitive(env, "regions");
    if (r)
        each_string(j, r, "environment.regions", on_region, NULL);
}

typedef struct rules_arg {
    er_class_rules *r;
} rules_arg;

static void on_nexthop(jctx *j, const char *s, const char *path, void *arg)
{
    er_class_rules *r = arg;
    er_prefix a;
    const char *why;
    if (!parse_host(s, &a, &why)) {
        jerr(j, path, "'%s': %s", s, why);
        return;
    }
    er_prefix *slot = push(&r->nexthops, &r->n_nexthops, sizeof *slot);
    if (!slot)
        j->nomem = true;
    else
        *slot = a;
}

static void on_iface(jctx *j, const char *s, const char *path, void *arg)
{
    er_class_rules *r = arg;
    if (!s[0]) {
        jerr(j, path, "empty interface name");
        return;
    }
    note_nomem(j, add_str(j->p, &r->ifaces, &r->n_ifaces, s));
}

static bool community_text_ok(const char *s)
{
    /* "A:B" with decimal parts (standard), or "A:B:C" (large) */
    int parts = 0, digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits++;
        } else if (*s == ':' && digits) {
            parts++;
            digits = 0;
        } else {
            return false;
        }
    }
    return digits && (parts == 1 || parts == 2);
}

static void on_community(jctx *j, const char *s, const char *path, void *arg)
{
    er_class_rules *r = arg;
    if (!community_text_ok(s)) {
        jerr(j, path, "'%s' is not a BGP community (A:B or A:B:C)", s);
        return;
    }
    note_nomem(j, add_str(j->p, &r->communities, &r->n_communities, s));
}

static void load_rules(jctx *j, const cJSON *o, const char *path, er_class_rules *r)
{
    static const char *const keys[] = {"next_hops", "neighbors", "interfaces", "asns",
                                       "communities", NULL};
    char ip[128];
    if (!cJSON_IsObject(o)) {
        jerr(j, path, "must be an object");
        return;
    }
    check_keys(j, o, path, keys);
    clear_rules(r);
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "next_hops"))) {
        snprintf(ip, sizeof ip, "%s.next_hops", path);
        each_string(j, v, ip, on_nexthop, r);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "neighbors"))) {
        snprintf(ip, sizeof ip, "%s.neighbors", path);
        each_string(j, v, ip, on_nexthop, r);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "interfaces"))) {
        snprintf(ip, sizeof ip, "%s.interfaces", path);
        each_string(j, v, ip, on_iface, r);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "communities"))) {
        snprintf(ip, sizeof ip, "%s.communities", path);
        each_string(j, v, ip, on_community, r);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "asns"))) {
        snprintf(ip, sizeof ip, "%s.asns", path);
        if (!cJSON_IsArray(v)) {
            jerr(j, ip, "must be an array of AS numbers");
            return;
        }
        int i = 0;
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            char ep[160];
            snprintf(ep, sizeof ep, "%s[%d]", ip, i);
            double d = cJSON_IsNumber(it) ? it->valuedouble : -1;
            if (!cJSON_IsNumber(it) || d < 1 || d > 4294967295.0 || d != (double)(uint32_t)d) {
                jerr(j, ep, "must be an AS number from 1 to 4294967295");
                continue;
            }
            uint32_t *slot = push(&r->asns, &r->n_asns, sizeof *slot);
            if (!slot)
                j->nomem = true;
            else
                *slot = (uint32_t)d;
        }
    }
}

static void load_classify(jctx *j, const cJSON *o)
{
    static const char *const keys[] = {"expressroute", "internet", "internal", "vpn", "discard",
                                       NULL};
    if (!cJSON_IsObject(o)) {
        jerr(j, "classify", "must be an object");
        return;
    }
    check_keys(j, o, "classify", keys);
    for (int c = 0; c < ER_PC_UNROUTED; c++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, er_pathclass_name((er_pathclass)c));
        if (v) {
            char path[64];
            snprintf(path, sizeof path, "classify.%s", er_pathclass_name((er_pathclass)c));
            load_rules(j, v, path, &j->p->rules[c]);
        }
    }
}

typedef struct adv_ctx {
    size_t circuit;
    er_session_role role;
} adv_ctx;

static void on_adv(jctx *j, const char *s, const char *path, void *arg)
{
    const adv_ctx *a = arg;
    if (!s[0]) {
        jerr(j, path, "empty file name");
        return;
    }
    const char *r = resolve(j, s);
    if (!r) {
        j->nomem = true;
        return;
    }
    note_nomem(j, add_adv_one(j->p, r, a->circuit, a->role));
}

typedef struct filter_ctx {
    er_circuit *c;
} filter_ctx;

static void on_filter(jctx *j, const char *s, const char *path, void *arg)
{
    er_circuit *c = arg;
    if (strcmp(s, "none") == 0)
        return;
    const char *why;
    uint32_t v = er_community_lookup(s, &why);
    if (!v) {
        jerr(j, path, "'%s': %s", s, why);
        return;
    }
    note_nomem(j, filter_add(c, v));
}

static void load_circuits(jctx *j, const cJSON *arr)
{
    static const char *const keys[] = {"name", "sku", "peering_location", "route_filter",
                                       "advertised", NULL};
    if (!cJSON_IsArray(arr)) {
        jerr(j, "circuits", "must be an array of objects");
        return;
    }
    clear_circuits(j->p);
    free(j->p->advertised);
    j->p->advertised = NULL;
    j->p->n_advertised = 0;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char path[64], kp[128];
        snprintf(path, sizeof path, "circuits[%d]", i);
        if (!cJSON_IsObject(o)) {
            jerr(j, path, "must be an object");
            continue;
        }
        check_keys(j, o, path, keys);
        size_t ci = j->p->n_circuits;
        er_circuit *c = push(&j->p->circuits, &j->p->n_circuits, sizeof *c);
        if (!c) {
            j->nomem = true;
            return;
        }
        c->name = "";
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (v) {
            snprintf(kp, sizeof kp, "%s.name", path);
            if (!cJSON_IsString(v))
                jerr(j, kp, "must be a string");
            else if (!(c->name = pstrdup(j->p, v->valuestring)))
                j->nomem = true;
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "sku");
        if (v) {
            snprintf(kp, sizeof kp, "%s.sku", path);
            if (!cJSON_IsString(v) || !er_sku_parse(v->valuestring, &c->sku))
                jerr(j, kp, "must be \"local\", \"standard\" or \"premium\"");
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "peering_location");
        if (v) {
            snprintf(kp, sizeof kp, "%s.peering_location", path);
            if (!cJSON_IsString(v)) {
                jerr(j, kp, "must be a string");
            } else if (!(c->location = er_location_lookup(v->valuestring))) {
                jerr(j, kp, "unknown ExpressRoute peering location '%s'", v->valuestring);
            } else {
                c->location_name = c->location->name;
            }
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "route_filter");
        if (v && !cJSON_IsNull(v)) {
            snprintf(kp, sizeof kp, "%s.route_filter", path);
            c->has_route_filter = true;
            each_string(j, v, kp, on_filter, c);
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "advertised");
        if (v) {
            snprintf(kp, sizeof kp, "%s.advertised", path);
            if (cJSON_IsObject(v)) {
                static const char *const roles[] = {"primary", "secondary", NULL};
                check_keys(j, v, kp, roles);
                for (int r = 0; r < 2; r++) {
                    const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, roles[r]);
                    if (!f)
                        continue;
                    char rp[160];
                    snprintf(rp, sizeof rp, "%s.%s", kp, roles[r]);
                    adv_ctx a = {ci, r ? ER_SESSION_SECONDARY : ER_SESSION_PRIMARY};
                    each_string(j, f, rp, on_adv, &a);
                }
            } else {
                adv_ctx a = {ci, ER_SESSION_PRIMARY};
                each_string(j, v, kp, on_adv, &a);
            }
        }
        if (j->nomem)
            return;
    }
}

typedef struct strlist_ctx {
    char ***arr;
    size_t *n;
} strlist_ctx;

static void on_path(jctx *j, const char *s, const char *path, void *arg)
{
    strlist_ctx *l = arg;
    if (!s[0]) {
        jerr(j, path, "empty file name");
        return;
    }
    const char *r = resolve(j, s);
    if (!r) {
        j->nomem = true;
        return;
    }
    note_nomem(j, add_str(j->p, l->arr, l->n, r));
}

static void load_paths(jctx *j, const cJSON *v, const char *key, char ***arr, size_t *n)
{
    free(*arr);
    *arr = NULL;
    *n = 0;
    strlist_ctx l = {arr, n};
    each_string(j, v, key, on_path, &l);
}

static void load_nat_pools(jctx *j, const cJSON *arr)
{
    static const char *const keys[] = {"prefix", "edge", "name", NULL};
    free(j->p->nat_pools);
    j->p->nat_pools = NULL;
    j->p->n_nat_pools = 0;
    if (!cJSON_IsArray(arr)) {
        jerr(j, "nat_pools", "must be an array");
        return;
    }
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char path[64], kp[96];
        snprintf(path, sizeof path, "nat_pools[%d]", i);
        er_nat_pool np;
        const char *why;
        if (cJSON_IsString(o)) {
            if (!parse_pool_spec(o->valuestring, &np, &why))
                jerr(j, path, "'%s': %s", o->valuestring, why);
            else
                note_nomem(j, add_pool_one(j->p, &np));
            continue;
        }
        if (!cJSON_IsObject(o)) {
            jerr(j, path, "must be an object or \"EDGE=PREFIX\"");
            continue;
        }
        check_keys(j, o, path, keys);
        memset(&np, 0, sizeof np);
        np.edge = ER_PC_UNSET;
        np.name = "";
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "prefix");
        snprintf(kp, sizeof kp, "%s.prefix", path);
        er_addr_err e;
        if (!cJSON_IsString(v)) {
            jerr(j, kp, v ? "must be a string" : "is missing");
            continue;
        }
        if ((e = er_prefix_parse(v->valuestring, false, &np.prefix)) != ER_ADDR_OK) {
            jerr(j, kp, "'%s': %s", v->valuestring, er_addr_err_str(e));
            continue;
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "edge");
        if (v) {
            snprintf(kp, sizeof kp, "%s.edge", path);
            if (!cJSON_IsString(v) ||
                !parse_edge(v->valuestring, strlen(v->valuestring), &np.edge)) {
                jerr(j, kp, "must be \"expressroute\", \"internet\" or \"any\"");
                continue;
            }
        }
        v = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (v) {
            snprintf(kp, sizeof kp, "%s.name", path);
            if (!cJSON_IsString(v)) {
                jerr(j, kp, "must be a string");
                continue;
            }
            np.name = v->valuestring;
        }
        note_nomem(j, add_pool_one(j->p, &np));
    }
}

static void load_endpoints(jctx *j, const cJSON *arr)
{
    static const char *const keys[] = {"name", "ip", NULL};
    free(j->p->endpoints);
    j->p->endpoints = NULL;
    j->p->n_endpoints = 0;
    if (!cJSON_IsArray(arr)) {
        jerr(j, "endpoints", "must be an array of {\"name\", \"ip\"} objects");
        return;
    }
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "endpoints[%d]", i);
        if (!cJSON_IsObject(o)) {
            jerr(j, path, "must be an object");
            continue;
        }
        check_keys(j, o, path, keys);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "name");
        const cJSON *ip = cJSON_GetObjectItemCaseSensitive(o, "ip");
        if (!cJSON_IsString(n) || !n->valuestring[0]) {
            jerr(j, path, "\"name\" must be a non-empty string");
            continue;
        }
        er_prefix a;
        const char *why = "must be a string";
        if (!cJSON_IsString(ip) || !parse_host(ip->valuestring, &a, &why)) {
            jerr(j, path, "\"ip\": %s", ip ? why : "is missing");
            continue;
        }
        note_nomem(j, add_endpoint_one(j->p, n->valuestring, &a));
    }
}

/* Apply one profile object (the top level, or a site over the inherited top level). */
static void apply_object(jctx *j, const cJSON *o, bool is_site)
{
    static const char *const top_keys[] = {"erready_profile", "description", "name",
                                           "environment", "classify", "circuits",
                                           "internet_advertised", "nat_pools", "endpoints",
                                           "routes", "sites", NULL};
    if (!is_site)
        check_keys(j, o, "profile", top_keys);
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "description")) && !cJSON_IsString(v))
        jerr(j, "description", "must be a string");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "name"))) {
        if (!cJSON_IsString(v) || !v->valuestring[0])
            jerr(j, "name", "must be a non-empty string");
        else if (is_site && !(j->p->name = pstrdup(j->p, v->valuestring)))
            j->nomem = true;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "environment")))
        load_environment(j, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "classify")))
        load_classify(j, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "circuits")))
        load_circuits(j, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "internet_advertised")))
        load_paths(j, v, "internet_advertised", &j->p->internet_advertised,
                   &j->p->n_internet_advertised);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "nat_pools")))
        load_nat_pools(j, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "endpoints")))
        load_endpoints(j, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "routes")))
        load_paths(j, v, "routes", &j->p->routes, &j->p->n_routes);
}

static void offset_pos(const char *json, size_t off, uint32_t *line, uint32_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (json[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

er_status er_profile_load(er_profile *p, const char *source, const char *json, size_t len,
                          const char *base_dir, er_diags *diags)
{
    if (!p || (!json && len))
        return ER_ERR_ARG;
    if (!source)
        source = "(profile)";
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        size_t off = end && end >= json && end <= json + len ? (size_t)(end - json) : len;
        uint32_t line, col;
        offset_pos(json, off, &line, &col);
        er_diags_add(diags, ER_DIAG_ERROR, source, line, col, "invalid JSON in the profile");
        return ER_ERR_PARSE;
    }
    if (!cJSON_IsObject(root)) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "a profile is a JSON object (see docs/profile.md)");
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    jctx j = {.p = p, .src = source, .base = base_dir, .d = diags};
    p->source = pstrdup(p, source);
    if (!p->source)
        j.nomem = true;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "erready_profile");
    if (ver && (!cJSON_IsNumber(ver) || ver->valuedouble != 1))
        jerr(&j, "erready_profile", "unsupported profile version (this erready reads 1)");
    apply_object(&j, root, false);
    const cJSON *sites = cJSON_GetObjectItemCaseSensitive(root, "sites");
    if (sites && !cJSON_IsArray(sites))
        jerr(&j, "sites", "must be an array of site objects");
    int i = 0;
    for (const cJSON *s = sites ? sites->child : NULL; s && !j.nomem; s = s->next, i++) {
        char path[48];
        snprintf(path, sizeof path, "sites[%d]", i);
        if (!cJSON_IsObject(s)) {
            jerr(&j, path, "must be an object");
            continue;
        }
        static const char *const site_keys[] = {"description", "name", "environment",
                                                "classify", "circuits", "internet_advertised",
                                                "nat_pools", "endpoints", "routes", NULL};
        check_keys(&j, s, path, site_keys);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(s, "name");
        if (!cJSON_IsString(n) || !n->valuestring[0]) {
            jerr(&j, path, "a site needs a \"name\"");
            continue;
        }
        for (size_t k = 0; k < p->n_sites; k++)
            if (strcmp(p->sites[k]->name, n->valuestring) == 0)
                jerr(&j, path, "duplicate site name '%s'", n->valuestring);
        er_profile *site = er_profile_new();
        er_profile **slot = site ? push(&p->sites, &p->n_sites, sizeof *p->sites) : NULL;
        if (!slot) {
            er_profile_free(site);
            j.nomem = true;
            break;
        }
        *slot = site;
        jctx sj = {.p = site, .src = source, .base = base_dir, .d = diags};
        if (clone_into(site, p) != ER_OK) {
            j.nomem = true;
            break;
        }
        apply_object(&sj, s, true);
        j.bad |= sj.bad;
        j.nomem |= sj.nomem;
    }
    cJSON_Delete(root);
    if (j.nomem) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "out of memory loading the profile");
        return ER_ERR_NOMEM;
    }
    return j.bad ? ER_ERR_PARSE : ER_OK;
}

er_status er_profile_load_file(er_profile *p, const char *path, er_diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return ER_ERR_IO;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= ((size_t)16 << 20))
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    bool err = ferror(f) != 0;
    fclose(f);
    if (!buf)
        return ER_ERR_NOMEM;
    if (err || n == cap) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "%s",
                     err ? "read error" : "too large for a profile (over 16 MiB)");
        free(buf);
        return ER_ERR_IO;
    }
    if (n == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "empty file, expected a profile");
        free(buf);
        return ER_ERR_PARSE;
    }
    char *dir = NULL;
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t dn = (size_t)(slash - path);
        dir = malloc(dn + 2);
        if (!dir) {
            free(buf);
            return ER_ERR_NOMEM;
        }
        memcpy(dir, path, dn ? dn : 1);
        dir[dn ? dn : 1] = '\0';
    }
    er_status st = er_profile_load(p, path, buf, n, dir, diags);
    free(dir);
    free(buf);
    return st;
}
