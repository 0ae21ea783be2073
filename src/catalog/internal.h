/* Module-private declarations of src/catalog: the catalog layout, its string pool and the
 * indexes built once a feed is loaded. */
#ifndef ER_CATALOG_INTERNAL_H
#define ER_CATALOG_INTERNAL_H

#include "erready/catalog.h"

/* Feed fields erready does not use but writes back on export, plus derived lookups. */
typedef struct cat_extra {
    const char *id;          /* the tag's "id" */
    const char *platform;    /* "Azure" */
    const char *features;    /* networkFeatures joined with ',', NULL for JSON null */
    const char *region_code; /* er_region_normalize(region), or the region as given */
    size_t family;           /* index into families[] */
    uint8_t feed;            /* 0 = the primary feed, k = extra_feeds[k - 1] */
} cat_extra;

/* The tags sharing a family (name before the first '.'). */
typedef struct cat_family {
    const char *name;
    size_t first, count; /* members: fam_members[first .. first+count), sorted by name */
    size_t global;       /* index of the tag named exactly like the family, or SIZE_MAX */
    size_t n_regional;   /* members whose region is not "" */
} cat_family;

typedef struct cat_chunk cat_chunk;

struct er_catalog {
    er_service *svc;
    cat_extra *extra;
    size_t n;
    er_prefix *pfx; /* every tag's prefixes, one tag after another, in feed order */
    size_t n_pfx;
    size_t *by_name; /* service indices sorted by name (ASCII case-insensitive) */
    cat_family *fam; /* sorted by name */
    size_t n_fam;
    size_t *fam_members;
    er_feed_info feed;
    er_feed_info extra_feeds[2]; /* feeds added beside the primary (Microsoft 365) */
    size_t n_extra_feeds;
    cat_chunk *pool;
    bool loaded;
};

/* Copy n bytes of s into the catalog's string pool (NUL-terminated); NULL on no memory. */
const char *cat_strndup(er_catalog *c, const char *s, size_t n);
/* Free everything a load put into c and make it empty again. */
void cat_reset(er_catalog *c);
/* Build by_name and the families; reports duplicate names (case-insensitive) as errors.
 * ER_ERR_PARSE on duplicates, ER_ERR_NOMEM. */
er_status cat_index(er_catalog *c, const char *source, er_diags *diags);
/* Family index by name (case-insensitive), or SIZE_MAX. */
size_t cat_family_find(const er_catalog *c, const char *name, size_t len);
/* ASCII case-insensitive comparison of NUL-terminated strings. */
int cat_strcasecmp(const char *a, const char *b);

/* The Service Tags loader behind er_catalog_load_servicetags and _bundled. */
er_status cat_load_servicetags(er_catalog *c, const char *source, const char *json, size_t len,
                               bool bundled, er_diags *diags);

#endif
