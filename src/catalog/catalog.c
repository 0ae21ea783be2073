/* The service catalog: storage, indexes, lookups, file and bundled loading, JSON export.
 *
 * How it works. A catalog holds one feed. The loader (servicetags.c) sizes everything from
 * the parsed document first, so the services and all their prefixes sit in two arrays that
 * never move: each er_service points at its run of prefixes in the one prefix array, in
 * feed order. Strings live in a pool of chunks that are never reallocated, so every
 * pointer handed out stays valid until er_catalog_free. After a load, cat_index sorts the
 * services by name (ASCII case-insensitive, the order of lookups, selections and exports)
 * and groups them by family, the tag name before the first '.': "PowerPlatformInfra" and
 * "PowerPlatformInfra.WestEurope" are one family, whose global tag is the one named
 * exactly like the family. Selection (select.c) and the region table (regions.c) work on
 * these indexes.
 *
 * ExpressRoute eligibility: every Azure service tag is marked er_eligible. Azure public
 * services are advertised on ExpressRoute Microsoft peering under the regional BGP
 * communities 12076:51xxx of the region that hosts them (global tags are the union of
 * regional ones); Power Platform has no service community of its own and rides those
 * regional communities. Whether a given circuit really receives a range (route filter
 * content, SKU scope Local/Standard/Premium) is decided later by the analysis, not here.
 *
 * Export writes the Service Tags schema back (so --data can read it) with an "erready"
 * provenance object; the output is deterministic: services sorted by name, prefixes in
 * feed order, canonical prefix text, two-space indentation, a final newline. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"

struct cat_chunk {
    cat_chunk *next;
    size_t used, cap;
    char data[];
};

#define CHUNK_SIZE (64 * 1024)
#define MAX_FEED_BYTES ((size_t)512 * 1024 * 1024)

er_catalog *er_catalog_new(void)
{
    return calloc(1, sizeof(er_catalog));
}

void cat_reset(er_catalog *c)
{
    free(c->svc);
    free(c->extra);
    free(c->pfx);
    free(c->by_name);
    free(c->fam);
    free(c->fam_members);
    for (cat_chunk *k = c->pool, *next; k; k = next) {
        next = k->next;
        free(k);
    }
    memset(c, 0, sizeof *c);
}

void er_catalog_free(er_catalog *c)
{
    if (!c)
        return;
    cat_reset(c);
    free(c);
}

const char *cat_strndup(er_catalog *c, const char *s, size_t n)
{
    if (n >= SIZE_MAX / 2)
        return NULL;
    if (!c->pool || c->pool->cap - c->pool->used < n + 1) {
        size_t cap = n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE;
        cat_chunk *k = malloc(sizeof *k + cap);
        if (!k)
            return NULL;
        k->cap = cap;
        k->used = 0;
        k->next = c->pool;
        c->pool = k;
    }
    char *d = c->pool->data + c->pool->used;
    memcpy(d, s, n);
    d[n] = '\0';
    c->pool->used += n + 1;
    return d;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

int cat_strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = lower((unsigned char)*a), y = lower((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
}

/* Compare the first n bytes of a (no NUL inside) with NUL-terminated b. */
static int strncase_cmp(const char *a, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++, b++) {
        int x = lower((unsigned char)a[i]), y = lower((unsigned char)*b);
        if (x != y)
            return x - y;
    }
    return -lower((unsigned char)*b);
}

typedef struct name_key {
    const char *family;
    const char *name;
    size_t idx;
} name_key;

/* Case-insensitive order, ties broken bytewise so the order is total. */
static int name_cmp(const char *a, const char *b)
{
    int r = cat_strcasecmp(a, b);
    return r ? r : strcmp(a, b);
}

static int by_name_cmp(const void *pa, const void *pb)
{
    const name_key *a = pa, *b = pb;
    return name_cmp(a->name, b->name);
}

static int by_family_cmp(const void *pa, const void *pb)
{
    const name_key *a = pa, *b = pb;
    int r = cat_strcasecmp(a->family, b->family);
    return r ? r : name_cmp(a->name, b->name);
}

er_status cat_index(er_catalog *c, const char *source, er_diags *diags)
{
    size_t n = c->n;
    name_key *keys = malloc((n ? n : 1) * sizeof *keys);
    c->by_name = malloc((n ? n : 1) * sizeof *c->by_name);
    c->fam_members = malloc((n ? n : 1) * sizeof *c->fam_members);
    c->fam = malloc((n ? n : 1) * sizeof *c->fam);
    if (!keys || !c->by_name || !c->fam_members || !c->fam) {
        free(keys);
        return ER_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = (name_key){c->svc[i].family, c->svc[i].name, i};

    qsort(keys, n, sizeof *keys, by_name_cmp);
    size_t dups = 0;
    for (size_t i = 0; i < n; i++) {
        c->by_name[i] = keys[i].idx;
        if (i && cat_strcasecmp(keys[i - 1].name, keys[i].name) == 0) {
            size_t a = keys[i - 1].idx < keys[i].idx ? keys[i - 1].idx : keys[i].idx;
            size_t b = keys[i - 1].idx < keys[i].idx ? keys[i].idx : keys[i - 1].idx;
            er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                         "duplicate tag name '%s' (values[%zu] and values[%zu]); tag names "
                         "must be unique ignoring case",
                         c->svc[b].name, a, b);
            dups++;
        }
    }
    if (dups) {
        free(keys);
        return ER_ERR_PARSE;
    }

    qsort(keys, n, sizeof *keys, by_family_cmp);
    c->n_fam = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = keys[i].idx;
        c->fam_members[i] = s;
        if (!i || cat_strcasecmp(keys[i - 1].family, keys[i].family) != 0)
            c->fam[c->n_fam++] =
                (cat_family){.name = keys[i].family, .first = i, .global = SIZE_MAX};
        cat_family *f = &c->fam[c->n_fam - 1];
        f->count++;
        c->extra[s].family = c->n_fam - 1;
        if (c->svc[s].region[0])
            f->n_regional++;
        if (cat_strcasecmp(c->svc[s].name, f->name) == 0)
            f->global = s;
    }
    free(keys);
    return ER_OK;
}

size_t cat_family_find(const er_catalog *c, const char *name, size_t len)
{
    size_t lo = 0, hi = c->n_fam;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strncase_cmp(name, len, c->fam[mid].name);
        if (r == 0)
            return mid;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SIZE_MAX;
}

size_t er_catalog_find(const er_catalog *c, const char *name)
{
    if (!c || !name)
        return SIZE_MAX;
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cat_strcasecmp(name, c->svc[c->by_name[mid]].name);
        if (r == 0)
            return c->by_name[mid];
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SIZE_MAX;
}

const er_feed_info *er_catalog_feed(const er_catalog *c)
{
    return c && c->loaded ? &c->feed : NULL;
}

size_t er_catalog_count(const er_catalog *c)
{
    return c ? c->n : 0;
}

const er_service *er_catalog_service(const er_catalog *c, size_t i)
{
    return c && i < c->n ? &c->svc[i] : NULL;
}

er_status er_catalog_load_servicetags(er_catalog *c, const char *source, const char *json,
                                      size_t len, er_diags *diags)
{
    return cat_load_servicetags(c, source, json, len, false, diags);
}

er_status er_catalog_load_file(er_catalog *c, const char *path, er_diags *diags)
{
    if (!c || !path)
        return ER_ERR_ARG;
    FILE *f = fopen(path, "rb");
    if (!f) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return ER_ERR_IO;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    bool too_big = false;
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= MAX_FEED_BYTES) {
            too_big = true;
            break;
        }
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    bool read_err = ferror(f) != 0;
    fclose(f);
    if (!buf) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "out of memory reading the file");
        return ER_ERR_NOMEM;
    }
    if (read_err || too_big) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "%s",
                     too_big ? "file too large for a Service Tags feed (over 512 MiB)"
                             : "read error");
        free(buf);
        return ER_ERR_IO;
    }
    er_status st = cat_load_servicetags(c, path, buf, n, false, diags);
    free(buf);
    return st;
}

/* The snapshot embedded at build time from data/servicetags_*.json (tools/embed.c). */
extern const unsigned char er_bundled_servicetags[];
extern const size_t er_bundled_servicetags_len;

er_status er_catalog_load_bundled(er_catalog *c, er_diags *diags)
{
    if (!c)
        return ER_ERR_ARG;
    if (er_bundled_servicetags_len == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "this erready was built without bundled service data; use --data FILE");
        return ER_ERR_NOTFOUND;
    }
    return cat_load_servicetags(c, "(bundled service tags)", (const char *)er_bundled_servicetags,
                                er_bundled_servicetags_len, true, diags);
}

/* ---- export ---- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->failed = true;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        b->failed = true;
    else
        sb_add(b, tmp, (size_t)n);
}

/* A JSON string literal. */
static void sb_json_str(sbuf *b, const char *s)
{
    sb_add(b, "\"", 1);
    for (const char *run = s;; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch && ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        sb_add(b, run, (size_t)(s - run));
        if (!ch)
            break;
        if (ch == '"' || ch == '\\') {
            char e[2] = {'\\', (char)ch};
            sb_add(b, e, 2);
        } else {
            sb_printf(b, "\\u%04x", ch);
        }
        run = s + 1;
    }
    sb_add(b, "\"", 1);
}

static void export_service(sbuf *b, const er_catalog *c, size_t i, bool last)
{
    const er_service *s = &c->svc[i];
    const cat_extra *x = &c->extra[i];
    sb_puts(b, "    {\n      \"name\": ");
    sb_json_str(b, s->name);
    sb_puts(b, ",\n      \"id\": ");
    sb_json_str(b, x->id);
    sb_printf(b, ",\n      \"properties\": {\n        \"changeNumber\": %u,\n", s->change_number);
    sb_puts(b, "        \"region\": ");
    sb_json_str(b, s->region);
    sb_printf(b, ",\n        \"regionId\": %u,\n        \"platform\": ", s->region_id);
    sb_json_str(b, x->platform);
    sb_puts(b, ",\n        \"systemService\": ");
    sb_json_str(b, s->system_service);
    sb_puts(b, ",\n        \"addressPrefixes\": [");
    for (size_t j = 0; j < s->n_prefixes; j++) {
        char t[ER_PREFIX_STRLEN];
        er_prefix_format(&s->prefixes[j], t, sizeof t);
        sb_printf(b, "%s\n          \"%s\"", j ? "," : "", t);
    }
    sb_puts(b, s->n_prefixes ? "\n        ],\n" : "],\n");
    sb_puts(b, "        \"networkFeatures\": ");
    if (!x->features) {
        sb_puts(b, "null");
    } else if (!x->features[0]) {
        sb_puts(b, "[]");
    } else {
        sb_puts(b, "[");
        const char *p = x->features;
        for (bool first = true;; first = false) {
            const char *comma = strchr(p, ',');
            size_t k = comma ? (size_t)(comma - p) : strlen(p);
            sb_puts(b, first ? "\n          \"" : ",\n          \"");
            sb_add(b, p, k);
            sb_puts(b, "\"");
            if (!comma)
                break;
            p = comma + 1;
        }
        sb_puts(b, "\n        ]");
    }
    sb_puts(b, last ? "\n      }\n    }\n" : "\n      }\n    },\n");
}

typedef struct sel_key {
    const char *name;
    size_t idx;
} sel_key;

static int sel_key_cmp(const void *pa, const void *pb)
{
    const sel_key *a = pa, *b = pb;
    return name_cmp(a->name, b->name);
}

char *er_catalog_export_json_sel(const er_catalog *c, const size_t *sel, size_t n,
                                 const char *selection)
{
    if (!c || !c->loaded || (n && !sel))
        return NULL;
    sel_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return NULL;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (sel[i] >= c->n) {
            free(keys);
            return NULL;
        }
        if (c->extra[sel[i]].feed) /* only the Service Tags feed is exported */
            continue;
        keys[kept++] = (sel_key){c->svc[sel[i]].name, sel[i]};
    }
    n = kept;
    qsort(keys, n, sizeof *keys, sel_key_cmp);
    size_t m = 0; /* drop repeated indices */
    for (size_t i = 0; i < n; i++)
        if (!m || keys[m - 1].idx != keys[i].idx)
            keys[m++] = keys[i];

    sbuf b = {0};
    const er_feed_info *f = &c->feed;
    sb_printf(&b, "{\n  \"changeNumber\": %u,\n  \"cloud\": ", f->change_number);
    sb_json_str(&b, f->cloud);
    sb_puts(&b, ",\n  \"erready\": {\n    \"source\": ");
    sb_json_str(&b, f->source);
    sb_puts(&b, ",\n    \"cloud\": ");
    sb_json_str(&b, f->cloud);
    sb_printf(&b, ",\n    \"changeNumber\": %u,\n    \"date\": ", f->change_number);
    sb_json_str(&b, f->date);
    sb_puts(&b, ",\n    \"selection\": ");
    sb_json_str(&b, selection ? selection : "");
    sb_puts(&b, ",\n    \"generator\": \"erready bundle\"\n  },\n  \"values\": [");
    sb_puts(&b, m ? "\n" : "");
    for (size_t i = 0; i < m; i++)
        export_service(&b, c, keys[i].idx, i + 1 == m);
    sb_puts(&b, m ? "  ]\n}\n" : "]\n}\n");
    free(keys);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

char *er_catalog_export_json(const er_catalog *c, const size_t *sel, size_t n)
{
    return er_catalog_export_json_sel(c, sel, n, NULL);
}
