/* The site profile: what route tables alone do not say. Which next hops, interfaces, ASNs
 * and communities are ExpressRoute, internet, VPN or internal; the ExpressRoute circuits
 * (SKU, peering location, route filter, the files of what each BGP session advertises to
 * Microsoft); what is advertised to the internet; the Power Platform environment's
 * geography; NAT pools; on-premises endpoints that Power Platform calls. Loaded from a
 * documented JSON file (docs/profile.md) and/or built from command-line flags.
 * Also the ExpressRoute facts the profile refers to: SKUs, peering locations (geopolitical
 * area, ExpressRoute Local regions), Power Platform geographies and their region pairs.
 * Ownership: an er_profile owns every array and string it holds, and its sites. Its fields
 * are read-only outside src/analyze/profile.c: change a profile through the functions. */
#ifndef ERREADY_PROFILE_H
#define ERREADY_PROFILE_H

#include "erready/addr.h"
#include "erready/catalog.h"
#include "erready/diag.h"
#include "erready/routes.h"

/* ---- facts ---- */

typedef enum er_sku {
    ER_SKU_UNKNOWN = 0,
    ER_SKU_LOCAL,    /* only the local region(s) of the peering location */
    ER_SKU_STANDARD, /* every region of the peering location's geopolitical area */
    ER_SKU_PREMIUM   /* every commercial region, plus Microsoft 365 */
} er_sku;

const char *er_sku_name(er_sku s); /* "unknown", "local", "standard", "premium" */
bool er_sku_parse(const char *s, er_sku *out);

/* An ExpressRoute peering location (commercial cloud). Facts from the ExpressRoute
 * geopolitical table (2024-04) and the locations table (2023-02). */
typedef struct er_location_info {
    const char *name;     /* "Amsterdam", "Washington DC" */
    const char *geo_area; /* "Europe"; NULL when the table does not list the location */
    const char *local[2]; /* Service Tags region codes ExpressRoute Local reaches; NULLs
                             when Local is not offered there */
    int zone;             /* ExpressRoute pricing zone 1-4, 0 unknown */
} er_location_info;

/* The location for a name (case, spaces, '-', '_' and parentheses ignored), or NULL. */
const er_location_info *er_location_lookup(const char *name);
size_t er_location_count(void);
const er_location_info *er_location_at(size_t i);

/* A Power Platform geography served by a pair of Azure regions (FACTS: the Power
 * Automate regions overview; scale groups are deployed in pairs). */
typedef struct er_geography_info {
    const char *name;       /* "Europe" */
    const char *regions[2]; /* Service Tags region codes, e.g. "westeurope", "northeurope" */
} er_geography_info;

const er_geography_info *er_geography_lookup(const char *name);
size_t er_geography_count(void);
const er_geography_info *er_geography_at(size_t i);

/* Microsoft-peering BGP community value N of 12076:N for a route-filter word: a region
 * in any spelling (its regional community), a service community name ("exchange",
 * "sharepoint", "teams", "crm", "azure-global", "entra", "arm", "other-office365",
 * "defender-identity"), or "12076:N" / "N" written out. 0 with *why set when unknown. */
uint32_t er_community_lookup(const char *word, const char **why);
/* What a Microsoft-peering community 12076:N stands for: the region's display name for a
 * regional community, the service for a service community; NULL when unknown. */
const char *er_community_name(uint32_t n);

/* ---- the profile ---- */

typedef enum er_session_role { ER_SESSION_PRIMARY = 0, ER_SESSION_SECONDARY } er_session_role;

/* One ExpressRoute circuit (Microsoft peering). */
typedef struct er_circuit {
    const char *name;                   /* "" when not named */
    er_sku sku;
    const char *location_name;          /* as given, NULL when unknown */
    const er_location_info *location;   /* NULL when not given or unknown */
    bool has_route_filter;              /* a route filter is known (it may be empty) */
    uint32_t *filter;                   /* communities 12076:N, the N values, sorted */
    size_t n_filter;
} er_circuit;

/* A file of prefixes one BGP session advertises to Microsoft over Microsoft peering. */
typedef struct er_adv_file {
    const char *path;
    size_t circuit;       /* index into circuits */
    er_session_role role;
} er_adv_file;

/* A source of traffic towards Microsoft: a NAT pool or a public client subnet. */
typedef struct er_nat_pool {
    er_prefix prefix;
    er_pathclass edge;    /* ER_PC_EXPRESSROUTE or ER_PC_INTERNET: traffic leaving by that
                             edge is translated into this pool; ER_PC_UNSET: both edges use
                             it (one pool for everything, or public clients without NAT) */
    const char *name;     /* "" when not named */
} er_nat_pool;

/* An on-premises endpoint that Power Platform calls (custom connector target, server-side
 * sync, ...). */
typedef struct er_endpoint {
    const char *name;
    er_prefix addr;       /* a host: /32 or /128 */
} er_endpoint;

/* Classification rules for one path class; a route matching any of them takes the class. */
typedef struct er_class_rules {
    er_prefix *nexthops;  /* next hops (BGP neighbors: the next hop of an eBGP route) */
    size_t n_nexthops;
    char **ifaces;        /* outgoing interface names, exact */
    size_t n_ifaces;
    uint32_t *asns;       /* the first ASN of the AS path (the neighbor AS) */
    size_t n_asns;
    char **communities;   /* "65000:100" as printed; a route carrying one matches */
    size_t n_communities;
} er_class_rules;

typedef struct er_profile er_profile;

struct er_profile {
    const char *name;         /* site name; "" for the top-level profile */
    const char *source;       /* the JSON file, "" when built from flags only */
    /* the Power Platform environment */
    const char *geography;    /* as given, or NULL */
    const er_region_info **regions; /* environment regions (a geography gives its pair) */
    size_t n_regions;
    er_class_rules rules[ER_PC_COUNT];
    er_circuit *circuits;
    size_t n_circuits;
    er_adv_file *advertised;  /* in load order: file i of the advertised table is entry i */
    size_t n_advertised;
    char **internet_advertised;
    size_t n_internet_advertised;
    er_nat_pool *nat_pools;
    size_t n_nat_pools;
    er_endpoint *endpoints;
    size_t n_endpoints;
    char **routes;            /* route files or folders (sites; optional at top level) */
    size_t n_routes;
    er_profile **sites;       /* per-site profiles: the top level with the site's overrides */
    size_t n_sites;
    /* private */
    void *pool_;
};

er_profile *er_profile_new(void);
void er_profile_free(er_profile *p);

/* Load a profile JSON document into an empty profile (schema in docs/profile.md). File
 * paths inside it are taken relative to `base_dir` (NULL = as written). Strict: unknown
 * keys, wrong types, bad prefixes, unknown regions, locations, SKUs or communities are
 * errors with the JSON path; syntax errors carry line and column. ER_ERR_PARSE then. */
er_status er_profile_load(er_profile *p, const char *source, const char *json, size_t len,
                          const char *base_dir, er_diags *diags);
/* Same from a file; relative paths in it are relative to the file's folder. */
er_status er_profile_load_file(er_profile *p, const char *path, er_diags *diags);

/* Setters behind the command-line flags. Each applies to the profile and to every site
 * of it. Problems go to diags (file NULL) and give ER_ERR_PARSE / ER_ERR_NOTFOUND. */
/* Environment: a region in any spelling, or a geography name (its region pair). */
er_status er_profile_add_region(er_profile *p, const char *region, er_diags *diags);
er_status er_profile_set_geography(er_profile *p, const char *geography, er_diags *diags);
/* Circuit settings apply to the first circuit, created when there is none. */
er_status er_profile_set_sku(er_profile *p, const char *sku, er_diags *diags);
er_status er_profile_set_location(er_profile *p, const char *location, er_diags *diags);
/* A comma-separated list of route-filter words (er_community_lookup); "none" or "" = a
 * filter with no community. Replaces the first circuit's filter. */
er_status er_profile_set_route_filter(er_profile *p, const char *list, er_diags *diags);
er_status er_profile_add_advertised(er_profile *p, const char *path, er_session_role role);
er_status er_profile_add_internet_advertised(er_profile *p, const char *path);
/* "PREFIX" (both edges) or "EDGE=PREFIX" with EDGE expressroute|internet|any. */
er_status er_profile_add_nat_pool(er_profile *p, const char *spec, er_diags *diags);
/* "NAME=IP". */
er_status er_profile_add_endpoint(er_profile *p, const char *spec, er_diags *diags);
er_status er_profile_add_nexthop(er_profile *p, er_pathclass cls, const char *addr,
                                 er_diags *diags);
/* A site from the command line: "NAME=PATH" (a route file or folder). A site of that
 * name from the profile gets PATH as its routes; else a new site inherits the top level. */
er_status er_profile_add_site(er_profile *p, const char *spec, er_diags *diags);

/* Lists a command-line flag replaces rather than extends. */
typedef enum er_profile_list {
    ER_PL_REGIONS = 0,         /* the environment (and its geography) */
    ER_PL_ADVERTISED,          /* every circuit's advertisement files */
    ER_PL_INTERNET_ADVERTISED,
    ER_PL_NAT_POOLS,
    ER_PL_ENDPOINTS
} er_profile_list;

/* Empty one list of the profile and of every site. */
void er_profile_clear(er_profile *p, er_profile_list which);

/* Is region r reached by circuit c's SKU at its peering location? 1 yes, 0 no, -1 not
 * known (SKU or location unknown, or the region's geopolitical area is not listed). */
int er_circuit_reaches(const er_circuit *c, const er_region_info *r);
/* Does circuit c's route filter let community 12076:N through? 1 yes, 0 no, -1 not known:
 * no filter known, or N == 0 (an undocumented community) while the filter holds a
 * community erready cannot name (which might be it). */
int er_circuit_filter_has(const er_circuit *c, uint32_t n);

#endif
