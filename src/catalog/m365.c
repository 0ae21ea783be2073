/* Microsoft 365 endpoints loader (cJSON adapter): endpoint sets, ports, the version answer.
 *
 * How it works: the endpoints web service returns one JSON array of endpoint sets. cJSON
 * parses the whole document; every set is then checked field by field (types, required
 * fields, strict prefixes through er_prefix_parse, port lists) and copied into an arena
 * owned by the er_m365: one growing block list holds the strings, the url pointer arrays
 * and the prefix arrays, so a document costs a handful of allocations and one free. The
 * cJSON tree is dropped before returning. cJSON keeps no positions for values, so
 * diagnostics on values name the set by index and id instead of a line; a JSON syntax
 * error gets its line and column from cJSON's error offset. */
#include "erready/m365.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define M365_MAX_FILE (64u << 20)

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} chunk;

struct er_m365 {
    chunk *chunks;
    er_m365_set *sets;
    size_t n_sets;
    size_t n_prefix_total;
    char *source;
};

static void *arena_alloc(er_m365 *m, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    chunk *c = m->chunks;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        chunk *n = malloc(sizeof *n + cap);
        if (!n)
            return NULL;
        n->next = m->chunks;
        n->used = 0;
        n->cap = cap;
        m->chunks = n;
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

static const char *arena_str(er_m365 *m, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(m, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void arena_reset(er_m365 *m)
{
    chunk *c = m->chunks;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    m->chunks = NULL;
    m->sets = NULL;
    m->n_sets = 0;
    m->n_prefix_total = 0;
}

er_m365 *er_m365_new(void)
{
    return calloc(1, sizeof(er_m365));
}

void er_m365_free(er_m365 *m)
{
    if (!m)
        return;
    arena_reset(m);
    free(m->source);
    free(m);
}

const char *er_m365_source(const er_m365 *m)
{
    return m->source ? m->source : "";
}

size_t er_m365_count(const er_m365 *m)
{
    return m->n_sets;
}

const er_m365_set *er_m365_set_at(const er_m365 *m, size_t i)
{
    return i < m->n_sets ? &m->sets[i] : NULL;
}

const er_m365_set *er_m365_find(const er_m365 *m, uint32_t id)
{
    for (size_t i = 0; i < m->n_sets; i++)
        if (m->sets[i].id == id)
            return &m->sets[i];
    return NULL;
}

size_t er_m365_prefix_total(const er_m365 *m)
{
    return m->n_prefix_total;
}

er_status er_m365_ports_parse(const char *s, er_port_range *out, size_t cap, size_t *n)
{
    size_t count = 0;
    const char *p = s;
    while (*p == ' ')
        p++;
    if (*p == '\0') {
        *n = 0;
        return ER_OK;
    }
    for (;;) {
        unsigned long v[2] = {0, 0};
        int k = 0;
        for (;;) {
            if (*p < '0' || *p > '9' || *p == '0')
                return ER_ERR_PARSE;
            unsigned long x = 0;
            while (*p >= '0' && *p <= '9') {
                x = x * 10 + (unsigned long)(*p - '0');
                if (x > 65535)
                    return ER_ERR_PARSE;
                p++;
            }
            v[k++] = x;
            if (*p == '-' && k == 1) {
                p++;
                continue;
            }
            break;
        }
        if (k == 1)
            v[1] = v[0];
        if (v[0] > v[1])
            return ER_ERR_PARSE;
        if (count < cap) {
            out[count].lo = (uint16_t)v[0];
            out[count].hi = (uint16_t)v[1];
        }
        count++;
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (*p != ',')
            return ER_ERR_PARSE;
        p++;
        while (*p == ' ')
            p++;
    }
    *n = count;
    return ER_OK;
}

static const char *const known_keys[] = {
    "id",       "serviceArea", "serviceAreaDisplayName", "urls",     "ips",  "tcpPorts",
    "udpPorts", "expressRoute", "category",              "required", "notes",
};

/* Where a problem is: "set #3 (id 12)". */
typedef struct where {
    const char *source;
    size_t index;
    uint32_t id;
    er_diags *diags;
    size_t errors;
} where;

__attribute__((format(printf, 2, 3))) static void bad(where *w, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->id)
        er_diags_add(w->diags, ER_DIAG_ERROR, w->source, 0, 0, "endpoint set #%zu (id %u): %s",
                     w->index + 1, w->id, msg);
    else
        er_diags_add(w->diags, ER_DIAG_ERROR, w->source, 0, 0, "endpoint set #%zu: %s",
                     w->index + 1, msg);
    w->errors++;
}

/* An optional string field: "" when absent; NULL (after a diagnostic) when of the wrong type. */
static const char *opt_string(er_m365 *m, where *w, const cJSON *set, const char *key,
                              bool *nomem)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, key);
    if (!v || cJSON_IsNull(v))
        return "";
    if (!cJSON_IsString(v)) {
        bad(w, "'%s' is not a string", key);
        return NULL;
    }
    const char *s = arena_str(m, v->valuestring);
    if (!s)
        *nomem = true;
    return s;
}

static bool req_bool(where *w, const cJSON *set, const char *key, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, key);
    if (!v) {
        bad(w, "'%s' is missing", key);
        return false;
    }
    if (!cJSON_IsBool(v)) {
        bad(w, "'%s' is not true or false", key);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

/* Array of strings or absent; returns the count, or SIZE_MAX after a diagnostic. */
static size_t string_array(where *w, const cJSON *set, const char *key, const cJSON **arr)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, key);
    *arr = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsArray(v)) {
        bad(w, "'%s' is not an array", key);
        return SIZE_MAX;
    }
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        if (!cJSON_IsString(e) || e->valuestring[0] == '\0') {
            bad(w, "%s[%zu] is not a non-empty string", key, n);
            return SIZE_MAX;
        }
        n++;
    }
    *arr = v;
    return n;
}

static void note_unknown_keys(const cJSON *set, const char *source, er_diags *diags,
                              const char **seen, size_t *n_seen, size_t max_seen)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, set)
    {
        bool known = false;
        for (size_t k = 0; k < ER_ARRAY_LEN(known_keys) && !known; k++)
            known = strcmp(f->string, known_keys[k]) == 0;
        for (size_t k = 0; k < *n_seen && !known; k++)
            known = strcmp(f->string, seen[k]) == 0;
        if (known)
            continue;
        er_diags_add(diags, ER_DIAG_NOTE, source, 0, 0, "unknown endpoint set field '%s' ignored",
                     f->string);
        if (*n_seen < max_seen)
            seen[(*n_seen)++] = f->string;
    }
}

/* Fill one set; false on a diagnostic or no memory (*nomem). */
static bool load_set(er_m365 *m, where *w, const cJSON *set, er_m365_set *s, bool *nomem)
{
    memset(s, 0, sizeof *s);
    if (!cJSON_IsObject(set)) {
        bad(w, "not an object");
        return false;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(set, "id");
    if (!id) {
        bad(w, "'id' is missing");
        return false;
    }
    if (!cJSON_IsNumber(id) || id->valuedouble < 1 || id->valuedouble > 4294967295.0 ||
        floor(id->valuedouble) != id->valuedouble) {
        bad(w, "'id' is not a positive integer");
        return false;
    }
    s->id = (uint32_t)id->valuedouble;
    w->id = s->id;

    const cJSON *area = cJSON_GetObjectItemCaseSensitive(set, "serviceArea");
    if (!cJSON_IsString(area) || area->valuestring[0] == '\0') {
        bad(w, "%s", area ? "'serviceArea' is not a non-empty string" : "'serviceArea' is missing");
        return false;
    }
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(set, "category");
    if (!cJSON_IsString(cat)) {
        bad(w, "%s", cat ? "'category' is not a string" : "'category' is missing");
        return false;
    }
    if (strcmp(cat->valuestring, "Optimize") != 0 && strcmp(cat->valuestring, "Allow") != 0 &&
        strcmp(cat->valuestring, "Default") != 0) {
        bad(w, "unknown category '%s' (expected Optimize, Allow or Default)", cat->valuestring);
        return false;
    }
    if (!req_bool(w, set, "expressRoute", &s->express_route) ||
        !req_bool(w, set, "required", &s->required))
        return false;

    s->service_area = arena_str(m, area->valuestring);
    s->category = arena_str(m, cat->valuestring);
    s->service_area_display = opt_string(m, w, set, "serviceAreaDisplayName", nomem);
    s->tcp_ports = opt_string(m, w, set, "tcpPorts", nomem);
    s->udp_ports = opt_string(m, w, set, "udpPorts", nomem);
    s->notes = opt_string(m, w, set, "notes", nomem);
    if (!s->service_area || !s->category)
        *nomem = true;
    if (*nomem || !s->service_area_display || !s->tcp_ports || !s->udp_ports || !s->notes)
        return false;
    const char *ports[2] = {s->tcp_ports, s->udp_ports};
    for (int k = 0; k < 2; k++) {
        size_t np;
        if (er_m365_ports_parse(ports[k], NULL, 0, &np) != ER_OK) {
            bad(w, "malformed %s '%s'", k ? "udpPorts" : "tcpPorts", ports[k]);
            return false;
        }
    }

    const cJSON *arr;
    size_t n = string_array(w, set, "urls", &arr);
    if (n == SIZE_MAX)
        return false;
    const char **urls = arena_alloc(m, (n ? n : 1) * sizeof *urls);
    if (!urls) {
        *nomem = true;
        return false;
    }
    size_t i = 0;
    const cJSON *e;
    if (arr) {
        cJSON_ArrayForEach(e, arr)
        {
            if (!(urls[i++] = arena_str(m, e->valuestring))) {
                *nomem = true;
                return false;
            }
        }
    }
    s->urls = urls;
    s->n_urls = n;

    n = string_array(w, set, "ips", &arr);
    if (n == SIZE_MAX)
        return false;
    er_prefix *pfx = arena_alloc(m, (n ? n : 1) * sizeof *pfx);
    if (!pfx) {
        *nomem = true;
        return false;
    }
    i = 0;
    if (arr) {
        cJSON_ArrayForEach(e, arr)
        {
            er_addr_err err = er_prefix_parse(e->valuestring, true, &pfx[i]);
            if (err != ER_ADDR_OK) {
                bad(w, "ips[%zu] '%s': %s", i, e->valuestring, er_addr_err_str(err));
                return false;
            }
            if (pfx[i].family == ER_AF_V4)
                s->n_v4++;
            else
                s->n_v6++;
            i++;
        }
    }
    s->prefixes = pfx;
    s->n_prefixes = n;
    return true;
}

static void syntax_error(const char *source, const char *json, const char *at, er_diags *diags)
{
    uint32_t line = 1, col = 1;
    for (const char *p = json; p < at; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    er_diags_add(diags, ER_DIAG_ERROR, source, line, col, "invalid json");
}

static int cmp_id(const void *a, const void *b)
{
    uint32_t x = **(const uint32_t *const *)a, y = **(const uint32_t *const *)b;
    return x < y ? -1 : x > y;
}

er_status er_m365_load(er_m365 *m, const char *source, const char *json, size_t len,
                       er_diags *diags)
{
    if (!m || !json || m->n_sets || m->chunks)
        return ER_ERR_ARG;
    if (!source)
        source = "m365 endpoints";
    char *src = strdup(source);
    if (!src)
        return ER_ERR_NOMEM;
    free(m->source);
    m->source = src;

    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!root) {
        if (len == 0)
            er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "empty document");
        else
            syntax_error(source, json, end ? end : json, diags);
        return ER_ERR_PARSE;
    }
    /* Only whitespace may follow the array. */
    for (const char *p = end; p && p < json + len; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != '\0') {
            syntax_error(source, json, p, diags);
            cJSON_Delete(root);
            return ER_ERR_PARSE;
        }
    }
    if (!cJSON_IsArray(root)) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "not a microsoft 365 endpoints document (expected a json array of "
                     "endpoint sets)");
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    size_t n = (size_t)cJSON_GetArraySize(root);
    if (n == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "no endpoint sets");
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    er_status st = ER_OK;
    bool nomem = false;
    er_m365_set *sets = arena_alloc(m, n * sizeof *sets);
    const char *seen[16];
    size_t n_seen = 0;
    where w = {source, 0, 0, diags, 0};
    size_t i = 0;
    const cJSON *set;
    if (!sets)
        nomem = true;
    cJSON_ArrayForEach(set, root)
    {
        if (nomem)
            break;
        w.index = i;
        w.id = 0;
        if (load_set(m, &w, set, &sets[i], &nomem)) {
            m->n_prefix_total += sets[i].n_prefixes;
            if (cJSON_IsObject(set))
                note_unknown_keys(set, source, diags, seen, &n_seen, ER_ARRAY_LEN(seen));
        }
        i++;
    }
    cJSON_Delete(root);
    if (nomem) {
        st = ER_ERR_NOMEM;
    } else if (w.errors) {
        st = ER_ERR_PARSE;
    } else {
        /* Duplicate ids make "set N" ambiguous: reject them. */
        const uint32_t **ids = malloc(n * sizeof *ids);
        if (!ids) {
            st = ER_ERR_NOMEM;
        } else {
            for (size_t k = 0; k < n; k++)
                ids[k] = &sets[k].id;
            qsort(ids, n, sizeof *ids, cmp_id);
            for (size_t k = 1; k < n; k++) {
                if (*ids[k] == *ids[k - 1] && (k < 2 || *ids[k - 2] != *ids[k])) {
                    er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                                 "duplicate endpoint set id %u", *ids[k]);
                    st = ER_ERR_PARSE;
                }
            }
            free(ids);
        }
    }
    if (st != ER_OK) {
        arena_reset(m);
        return st;
    }
    m->sets = sets;
    m->n_sets = n;
    return ER_OK;
}

er_status er_m365_load_file(er_m365 *m, const char *path, er_diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return ER_ERR_IO;
    }
    size_t cap = 1u << 16, len = 0;
    char *buf = malloc(cap);
    er_status st = ER_OK;
    while (buf) {
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (len < cap)
            break;
        if (cap >= M365_MAX_FILE) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "larger than %u MiB",
                         M365_MAX_FILE >> 20);
            st = ER_ERR_IO;
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
    if (buf && st == ER_OK && ferror(f)) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        st = ER_ERR_IO;
    }
    fclose(f);
    if (!buf)
        return ER_ERR_NOMEM;
    if (st == ER_OK)
        st = er_m365_load(m, path, buf, len, diags);
    free(buf);
    return st;
}

er_status er_m365_parse_version(const char *source, const char *json, size_t len,
                                const char *expect_instance, char *latest, size_t size,
                                er_diags *diags)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "version answer is not valid json");
        return ER_ERR_PARSE;
    }
    er_status st = ER_ERR_PARSE;
    const cJSON *inst = cJSON_GetObjectItemCaseSensitive(root, "instance");
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(root, "latest");
    if (!cJSON_IsObject(root) || !cJSON_IsString(inst) || !cJSON_IsString(lat)) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "version answer lacks 'instance' or 'latest'");
    } else if (expect_instance && strcasecmp(inst->valuestring, expect_instance) != 0) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "version answer is for instance '%s', expected '%s'", inst->valuestring,
                     expect_instance);
    } else {
        const char *v = lat->valuestring;
        bool ok = strlen(v) == 10;
        for (size_t i = 0; ok && i < 10; i++)
            ok = v[i] >= '0' && v[i] <= '9';
        if (!ok || size < 11)
            er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                         "version '%s' is not of the form YYYYMMDDNN", v);
        else {
            memcpy(latest, v, 11);
            st = ER_OK;
        }
    }
    cJSON_Delete(root);
    return st;
}
