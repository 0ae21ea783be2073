/* The service catalog: Microsoft's published ranges (Azure Service Tags), service
 * selection by tag, family and region, and the bundled default snapshot.
 * Ownership: an er_catalog owns its services, prefixes and strings; pointers into it are
 * valid while it lives. A selection is an array of service indices owned by the caller. */
#ifndef ERREADY_CATALOG_H
#define ERREADY_CATALOG_H

#include "erready/addr.h"
#include "erready/diag.h"

/* Where a catalog's data came from. */
typedef struct er_feed_info {
    const char *source;   /* file name or URL of the original feed */
    const char *cloud;    /* "Public", "AzureGovernment", "China" */
    uint32_t change_number;
    const char *date;     /* "2025-11-03" or "" when unknown */
    const char *kind;     /* "servicetags" */
    bool bundled;         /* true for the snapshot compiled into erready */
} er_feed_info;

typedef struct er_service {
    const char *name;           /* as the feed spells it, e.g. "PowerPlatformInfra.WestEurope" */
    const char *family;         /* part before the first '.', e.g. "PowerPlatformInfra" */
    const char *region;         /* feed's region code ("westeurope"), "" for global tags */
    const char *system_service; /* may be "" */
    uint32_t region_id;
    uint32_t change_number;
    const er_prefix *prefixes;  /* canonical (host bits cleared) */
    size_t n_prefixes;
    size_t n_v4, n_v6;
    bool er_eligible;           /* advertised on ExpressRoute Microsoft peering */
} er_service;

typedef struct er_catalog er_catalog;

er_catalog *er_catalog_new(void);
void er_catalog_free(er_catalog *c);

/* Load an Azure Service Tags JSON document (any cloud). `source` names it in reports.
 * Problems go to diags with the source name; ER_ERR_PARSE when unusable. */
er_status er_catalog_load_servicetags(er_catalog *c, const char *source, const char *json,
                                      size_t len, er_diags *diags);
/* Same from a file path. */
er_status er_catalog_load_file(er_catalog *c, const char *path, er_diags *diags);
/* Load the snapshot compiled into erready. */
er_status er_catalog_load_bundled(er_catalog *c, er_diags *diags);

const er_feed_info *er_catalog_feed(const er_catalog *c);
size_t er_catalog_count(const er_catalog *c);
const er_service *er_catalog_service(const er_catalog *c, size_t i);
/* Index of the tag with exactly this name (case-insensitive), or SIZE_MAX. */
size_t er_catalog_find(const er_catalog *c, const char *name);

/* The default selection, as a --services string (see docs/services.md). */
#define ER_DEFAULT_SERVICES "powerplatform"

/* Resolve a selection string into service indices, sorted by name, no duplicates.
 * sel: comma-separated items, each one of:
 *   "all"                 every tag
 *   "powerplatform"       the default Power Platform set (docs/services.md)
 *   a tag name            exactly that tag ("PowerPlatformInfra.WestEurope")
 *   a family name         the family's global tag and all its regional tags
 *   "Family.*"            the family's regional tags only
 * region: NULL, or a region in any spelling (internal code "centralfrance", ARM name
 *   "francecentral", tag suffix "FranceCentral", display name "France Central"): keeps
 *   global tags of families without regional tags, and of others only the regional tag
 *   for that region.
 * Unknown names go to diags as errors and give ER_ERR_NOTFOUND. */
er_status er_catalog_select(const er_catalog *c, const char *sel, const char *region,
                            size_t **out, size_t *n_out, er_diags *diags);

/* Canonical internal region code for any spelling, or NULL if unknown. */
const char *er_region_normalize(const char *name);

/* Write a Service Tags JSON containing only the given services, with an "erready"
 * object recording the source, cloud, changeNumber and date (used to build the bundled
 * snapshot). Returns a malloc'd NUL-terminated string or NULL. */
char *er_catalog_export_json(const er_catalog *c, const size_t *sel, size_t n);

/* ---- Additions (helper h3): regions and selection-aware export. ---- */

/* One Azure region as erready knows it (src/catalog/regions.c). Strings are static.
 * Facts from the Service Tags files, the ExpressRoute routing doc (regional communities)
 * and the ExpressRoute geopolitical table (ms.date 04/05/2024). */
typedef struct er_region_info {
    const char *code;          /* Service Tags region code, e.g. "centralfrance" */
    const char *tag_suffix;    /* suffix of CamelCase regional tags, "FranceCentral"; "" if none */
    const char *display;       /* "France Central" (ExpressRoute doc spelling); "" if unknown */
    const char *arm;           /* ARM name, "francecentral" */
    uint32_t community_mspeer; /* N of the Microsoft-peering regional community 12076:N;
                                  0 when undocumented */
    const char *geo_area;      /* ExpressRoute geopolitical area ("Europe"); NULL if not listed */
    uint32_t region_id;        /* the feeds' regionId */
    const char *cloud;         /* "Public", "AzureGovernment" or "China" */
} er_region_info;

/* The region for any spelling (code, ARM name, tag suffix, display name; case, spaces,
 * '-' and '_' ignored), or NULL. */
const er_region_info *er_region_lookup(const char *any_spelling);
size_t er_region_count(void);
/* i < er_region_count(), else NULL. */
const er_region_info *er_region_at(size_t i);

/* er_catalog_export_json that also records `selection` (the --services string that
 * produced sel; NULL = "") in the "erready" object. */
char *er_catalog_export_json_sel(const er_catalog *c, const size_t *sel, size_t n,
                                 const char *selection);

/* ---- Additions (helper h9): a second feed, Microsoft 365 endpoints, in the same catalog. ---- */

struct er_m365;

/* Add the endpoint sets of a loaded Microsoft 365 endpoints document (include/erready/m365.h)
 * to a catalog that already holds its Service Tags feed. Every set with IP prefixes
 * becomes a service named "M365.<serviceArea>.<id>" (family "M365", system_service the
 * service area, region ""), ExpressRoute-eligible when its expressRoute flag is true. The
 * feed is recorded with kind "m365", `source` and the instance and date read from a file
 * name like m365_endpoints_worldwide_202512.json. The primary feed (er_catalog_feed) is
 * unchanged; service pointers and indices obtained before stay valid as indices only (the
 * arrays move). ER_ERR_ARG when the catalog holds no feed yet or already holds this kind. */
er_status er_catalog_add_m365(er_catalog *c, const struct er_m365 *m, const char *source,
                              er_diags *diags);

/* Feeds of the catalog: 0 is the primary (er_catalog_feed), then the added ones. */
size_t er_catalog_feed_count(const er_catalog *c);
const er_feed_info *er_catalog_feed_at(const er_catalog *c, size_t i);
/* The feed a service came from (never NULL for a valid index). */
const er_feed_info *er_catalog_service_feed(const er_catalog *c, size_t i);

#endif
