/* Azure Service Tags JSON loader (the only file that sees cJSON's tree of a feed).
 *
 * The document is parsed by cJSON, then validated field by field: a Service Tags file is
 * {"changeNumber": N, "cloud": S, "values": [{"name", "id", "properties": {"changeNumber",
 * "region", "regionId", "platform", "systemService", "addressPrefixes": [...],
 * "networkFeatures": [...] | null}}]}, plus an optional "erready" object written by
 * `erready bundle`. Every prefix goes through the strict scanner; host bits are masked with a
 * warning, anything else wrong is an error and the whole feed is refused (ER_ERR_PARSE,
 * catalog left empty): a service list with holes would silently give wrong coverage.
 * cJSON keeps no source positions, so diagnostics locate a tag by searching the raw text
 * for its "name" member (a cursor moving forward with the tags keeps this linear), and a
 * prefix by searching for its quoted text after the tag. Both are best effort: messages
 * always name the tag and the array index, the line is 0 when the text cannot be found. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"

/* Diagnostics shown one by one before the loader only counts them. */
#define MAX_SHOWN_ERRORS 50
#define MAX_SHOWN_WARNINGS 200
#define POS_UNKNOWN SIZE_MAX
#define POS_NOT_YET (SIZE_MAX - 1)

typedef struct loader {
    er_catalog *c;
    const char *src; /* file name in diagnostics */
    const char *json;
    size_t len;
    er_diags *d;
    size_t errors, warnings, notes;
    size_t budget; /* bytes the position searches may still scan (keeps hostile input linear) */
    bool nomem;
    size_t tag_cursor;                  /* raw-text offset where the next tag search starts */
    size_t line_off, line_no, line_bol; /* incremental line counter */
    size_t tag_off; /* offset of the current tag's name, POS_NOT_YET or POS_UNKNOWN */
    const char *tag_name;
} loader;

static void offset_to_line(loader *l, size_t off, uint32_t *line, uint32_t *col)
{
    if (off == POS_UNKNOWN || off > l->len) {
        *line = *col = 0;
        return;
    }
    if (off < l->line_off) {
        if (l->budget < l->line_off) {
            *line = *col = 0;
            return;
        }
        l->budget -= l->line_off;
        l->line_off = 0;
        l->line_no = 1;
        l->line_bol = 0;
    }
    for (size_t i = l->line_off; i < off; i++)
        if (l->json[i] == '\n') {
            l->line_no++;
            l->line_bol = i + 1;
        }
    l->line_off = off;
    *line = l->line_no > UINT32_MAX ? 0 : (uint32_t)l->line_no;
    *col = off - l->line_bol + 1 > UINT32_MAX ? 0 : (uint32_t)(off - l->line_bol + 1);
}

/* Report at a raw-text offset (POS_UNKNOWN: whole file). Counts past the caps. */
static void report(loader *l, er_diag_level lvl, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(loader *l, er_diag_level lvl, size_t off, const char *fmt, ...)
{
    size_t *count = lvl == ER_DIAG_ERROR     ? &l->errors
                    : lvl == ER_DIAG_WARNING ? &l->warnings
                                             : &l->notes;
    size_t cap = lvl == ER_DIAG_ERROR ? MAX_SHOWN_ERRORS : MAX_SHOWN_WARNINGS;
    if (++*count > cap)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t line, col;
    offset_to_line(l, off, &line, &col);
    er_diags_add(l->d, lvl, l->src, line, col, "%s", msg);
}

/* True if the text of s appears verbatim in JSON (no character needing an escape). */
static bool raw_searchable(const char *s)
{
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
            return false;
    return true;
}

/* Offset of the first `"needle"` (quotes included) in [from, to), or POS_UNKNOWN. The bytes
 * passed over are charged to the search budget. */
static size_t find_quoted(loader *l, size_t from, size_t to, const char *needle)
{
    size_t n = strlen(needle);
    if (to > l->len)
        to = l->len;
    if (to > from && to - from > l->budget)
        to = from + l->budget;
    size_t found = POS_UNKNOWN, p = from;
    for (; p + n + 2 <= to; p++) {
        const char *q = memchr(l->json + p, '"', to - p - n - 1);
        if (!q) {
            p = to;
            break;
        }
        p = (size_t)(q - l->json);
        if (memcmp(q + 1, needle, n) == 0 && q[n + 1] == '"') {
            found = p;
            break;
        }
    }
    size_t used = (p < to ? p : to) - (from < to ? from : to) + 1;
    l->budget = used < l->budget ? l->budget - used : 0;
    return found;
}

static size_t skip_ws(const loader *l, size_t p)
{
    while (p < l->len &&
           (l->json[p] == ' ' || l->json[p] == '\t' || l->json[p] == '\n' || l->json[p] == '\r'))
        p++;
    return p;
}

/* Offset of `"name": "<tag>"`'s value in [from, to), or POS_UNKNOWN. */
static size_t find_tag_in(loader *l, size_t from, size_t to, const char *tag)
{
    size_t tn = strlen(tag);
    for (size_t p = from; p < to;) {
        size_t k = find_quoted(l, p, to, "name");
        if (k == POS_UNKNOWN)
            return POS_UNKNOWN;
        size_t q = skip_ws(l, k + 6);
        if (q < l->len && l->json[q] == ':') {
            q = skip_ws(l, q + 1);
            if (q + tn + 2 <= l->len && l->json[q] == '"' &&
                memcmp(l->json + q + 1, tag, tn) == 0 && l->json[q + tn + 1] == '"')
                return q;
        }
        p = k + 1;
    }
    return POS_UNKNOWN;
}

/* Where the current tag's name is in the raw text (computed on first need). */
static size_t tag_pos(loader *l)
{
    if (l->tag_off != POS_NOT_YET)
        return l->tag_off;
    l->tag_off = POS_UNKNOWN;
    if (!l->tag_name || !raw_searchable(l->tag_name))
        return POS_UNKNOWN;
    size_t p = find_tag_in(l, l->tag_cursor, l->len, l->tag_name);
    if (p == POS_UNKNOWN)
        p = find_tag_in(l, 0, l->tag_cursor, l->tag_name);
    if (p != POS_UNKNOWN)
        l->tag_cursor = p;
    l->tag_off = p;
    return p;
}

/* Where element `item` of the current tag's addressPrefixes is: the k-th occurrence of its
 * quoted text after the tag name, k = identical strings before it in the array. */
static size_t prefix_pos(loader *l, const cJSON *arr, const cJSON *item)
{
    size_t t = tag_pos(l);
    if (t == POS_UNKNOWN || !raw_searchable(item->valuestring))
        return POS_UNKNOWN;
    size_t k = 0;
    for (const cJSON *e = arr->child; e && e != item; e = e->next)
        if (cJSON_IsString(e) && strcmp(e->valuestring, item->valuestring) == 0)
            k++;
    size_t p = t;
    for (;;) {
        p = find_quoted(l, p, l->len, item->valuestring);
        if (p == POS_UNKNOWN || k-- == 0)
            return p;
        p++;
    }
}

static bool json_u32(const cJSON *it, uint32_t *out)
{
    if (!cJSON_IsNumber(it))
        return false;
    double v = it->valuedouble;
    if (!(v >= 0.0 && v <= 4294967295.0) || (double)(uint32_t)v != v)
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* Tag names must be selectable: printable ASCII, no space, comma, '*', quote or backslash, a
 * non-empty family
 * before the first '.', no empty part after a '.'. */
static bool good_tag_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch <= 0x20 || ch >= 0x7f || ch == ',' || ch == '*' || ch == '"' || ch == '\\')
            return false;
        if (ch == '.' && (p[1] == '\0' || p[1] == '.'))
            return false;
    }
    return true;
}

static bool good_region_code(const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return false;
    }
    return true;
}

/* The first member name that occurs twice in obj, or NULL. JSON leaves duplicates
 * undefined and cJSON would silently use the first one. */
static const char *duplicate_key(const cJSON *obj)
{
    for (const cJSON *a = obj->child; a; a = a->next)
        for (const cJSON *b = a->next; b; b = b->next)
            if (a->string && b->string && strcmp(a->string, b->string) == 0)
                return a->string;
    return NULL;
}

static bool check_keys(loader *l, const cJSON *obj, const char *where)
{
    const char *k = duplicate_key(obj);
    if (!k)
        return true;
    report(l, ER_DIAG_ERROR, l->tag_name ? tag_pos(l) : POS_UNKNOWN,
           "%s: member \"%.60s\" appears twice", where, has_control(k) ? "?" : k);
    return false;
}

/* A string member; reports and returns NULL when missing or ill-typed. */
static const char *member_str(loader *l, const cJSON *obj, const char *key, const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(it)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"%s\" %s", where, key,
               it ? "must be a string" : "is missing");
        return NULL;
    }
    if (has_control(it->valuestring)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"%s\" contains control characters", where, key);
        return NULL;
    }
    return it->valuestring;
}

static bool member_u32(loader *l, const cJSON *obj, const char *key, const char *where,
                       uint32_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!json_u32(it, out)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"%s\" %s", where, key,
               it ? "must be an integer from 0 to 4294967295" : "is missing");
        return false;
    }
    return true;
}

/* A networkFeatures item: printable ASCII without space, comma, quote or backslash. */
static bool good_feature(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= 0x20 || ch >= 0x7f || ch == ',' || ch == '"' || ch == '\\')
            return false;
    }
    return true;
}

/* networkFeatures: absent or null (NULL), or an array of strings joined with ','. */
static bool load_features(loader *l, const cJSON *props, const char *where, const char **out)
{
    const cJSON *nf = cJSON_GetObjectItemCaseSensitive(props, "networkFeatures");
    *out = NULL;
    if (!nf || cJSON_IsNull(nf))
        return true;
    if (!cJSON_IsArray(nf)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"networkFeatures\" must be an array or null",
               where);
        return false;
    }
    size_t total = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, nf)
    {
        if (!cJSON_IsString(e) || !good_feature(e->valuestring)) {
            report(l, ER_DIAG_ERROR, tag_pos(l),
                   "%s: \"networkFeatures\" items must be names like \"NSG\"", where);
            return false;
        }
        total += strlen(e->valuestring) + 1;
    }
    char *buf = malloc(total + 1);
    if (!buf) {
        l->nomem = true;
        return false;
    }
    size_t n = 0;
    cJSON_ArrayForEach(e, nf)
    {
        size_t k = strlen(e->valuestring);
        if (n)
            buf[n++] = ',';
        memcpy(buf + n, e->valuestring, k);
        n += k;
    }
    *out = cat_strndup(l->c, buf, n);
    free(buf);
    if (!*out)
        l->nomem = true;
    return *out != NULL;
}

/* Parse and store one tag's prefixes; returns the number of bad ones. */
static size_t load_prefixes(loader *l, const cJSON *arr, er_service *s)
{
    size_t bad = 0, j = 0;
    er_prefix *base = l->c->pfx + l->c->n_pfx;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        if (!cJSON_IsString(e)) {
            report(l, ER_DIAG_ERROR, tag_pos(l), "tag '%s', addressPrefixes[%zu]: not a string",
                   s->name, j);
            bad++;
            j++;
            continue;
        }
        er_prefix p;
        er_addr_err r = er_prefix_parse(e->valuestring, true, &p);
        if (r == ER_ADDR_HOST_BITS) {
            er_prefix_mask_host(&p);
            char fixed[ER_PREFIX_STRLEN];
            er_prefix_format(&p, fixed, sizeof fixed);
            if (l->warnings < MAX_SHOWN_WARNINGS)
                report(l, ER_DIAG_WARNING, prefix_pos(l, arr, e),
                       "tag '%s', addressPrefixes[%zu]: '%s' has host bits set, using %s", s->name,
                       j, e->valuestring, fixed);
            else
                l->warnings++;
        } else if (r != ER_ADDR_OK) {
            if (l->errors < MAX_SHOWN_ERRORS) {
                const char *shown =
                    has_control(e->valuestring) ? "(control characters)" : e->valuestring;
                report(l, ER_DIAG_ERROR, prefix_pos(l, arr, e),
                       "tag '%s', addressPrefixes[%zu]: bad prefix '%.80s': %s", s->name, j, shown,
                       er_addr_err_str(r));
            } else {
                l->errors++;
            }
            bad++;
            j++;
            continue;
        }
        base[s->n_prefixes++] = p;
        if (p.family == ER_AF_V4)
            s->n_v4++;
        else
            s->n_v6++;
        j++;
    }
    return bad;
}

/* Validate and append values[vi]. False when the tag has errors (already reported). */
static bool load_tag(loader *l, const cJSON *v, size_t vi)
{
    er_catalog *c = l->c;
    char where[64 + 2 * 64];
    l->tag_off = POS_NOT_YET;
    l->tag_name = NULL;
    if (!cJSON_IsObject(v)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "values[%zu] must be an object", vi);
        return false;
    }
    const cJSON *jn = cJSON_GetObjectItemCaseSensitive(v, "name");
    if (!cJSON_IsString(jn) || !good_tag_name(jn->valuestring)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN,
               "values[%zu]: \"name\" must be a tag name (printable ASCII without spaces, "
               "commas or '*')",
               vi);
        return false;
    }
    const char *name = jn->valuestring;
    l->tag_name = name;
    snprintf(where, sizeof where, "tag '%.120s'", name);
    bool ok = check_keys(l, v, where);
    const char *id = member_str(l, v, "id", where);
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(v, "properties");
    if (!cJSON_IsObject(props)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"properties\" %s", where,
               props ? "must be an object" : "is missing");
        return false;
    }
    ok &= check_keys(l, props, where);
    uint32_t change = 0, region_id = 0;
    ok &= member_u32(l, props, "changeNumber", where, &change);
    ok &= member_u32(l, props, "regionId", where, &region_id);
    const char *region = member_str(l, props, "region", where);
    const char *platform = member_str(l, props, "platform", where);
    const char *syssvc = member_str(l, props, "systemService", where);
    const char *features = NULL;
    ok &= load_features(l, props, where, &features);
    if (region && !good_region_code(region)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: region '%.60s' is not a region code", where,
               has_control(region) ? "?" : region);
        ok = false;
    }
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(props, "addressPrefixes");
    if (!cJSON_IsArray(arr)) {
        report(l, ER_DIAG_ERROR, tag_pos(l), "%s: \"addressPrefixes\" %s", where,
               arr ? "must be an array" : "is missing");
        ok = false;
    }
    if (!ok || !id || !region || !platform || !syssvc)
        return false;

    er_service *s = &c->svc[c->n];
    cat_extra *x = &c->extra[c->n];
    memset(s, 0, sizeof *s);
    memset(x, 0, sizeof *x);
    const char *dot = strchr(name, '.');
    s->name = cat_strndup(c, name, strlen(name));
    s->family = cat_strndup(c, name, dot ? (size_t)(dot - name) : strlen(name));
    s->region = cat_strndup(c, region, strlen(region));
    s->system_service = cat_strndup(c, syssvc, strlen(syssvc));
    x->id = cat_strndup(c, id, strlen(id));
    x->platform = cat_strndup(c, platform, strlen(platform));
    x->features = features;
    if (!s->name || !s->family || !s->region || !s->system_service || !x->id || !x->platform) {
        l->nomem = true;
        return false;
    }
    const char *code = region[0] ? er_region_normalize(region) : NULL;
    x->region_code = code ? code : s->region;
    if (region[0] && !code)
        report(l, ER_DIAG_NOTE, tag_pos(l), "%s: region '%s' is not in erready's region table",
               where, region);
    s->region_id = region_id;
    s->change_number = change;
    s->er_eligible = true; /* see the essay in catalog.c */
    s->prefixes = c->pfx + c->n_pfx;
    if (load_prefixes(l, arr, s))
        return false;
    c->n_pfx += s->n_prefixes;
    c->n++;
    return true;
}

/* "YYYYMMDD" somewhere in a file name (a run of exactly 8 digits making a plausible date)
 * into "YYYY-MM-DD"; false if none. */
static bool date_from_name(const char *name, char out[16])
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (const char *p = name; *p; p++) {
        if (*p < '0' || *p > '9' || (p > name && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        size_t n = 0;
        while (p[n] >= '0' && p[n] <= '9')
            n++;
        if (n != 8)
            continue;
        int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        int m = (p[4] - '0') * 10 + (p[5] - '0');
        int d = (p[6] - '0') * 10 + (p[7] - '0');
        bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
            (m == 2 && d == 29 && !leap))
            continue;
        snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
        return true;
    }
    return false;
}

static bool good_date(const char *s)
{
    char tmp[16];
    if (!*s)
        return true;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    char digits[9];
    memcpy(digits, s, 4);
    memcpy(digits + 4, s + 5, 2);
    memcpy(digits + 6, s + 8, 2);
    digits[8] = '\0';
    return date_from_name(digits, tmp) && strcmp(tmp, s) == 0;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The optional "erready" object of a bundle: source and date of the original feed. */
static bool load_provenance(loader *l, const cJSON *root, const char **source, const char **date,
                            const char *cloud, uint32_t change)
{
    const cJSON *er = cJSON_GetObjectItemCaseSensitive(root, "erready");
    if (!er)
        return true;
    if (!cJSON_IsObject(er)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "\"erready\" must be an object");
        return false;
    }
    if (!check_keys(l, er, "erready"))
        return false;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(er, "source");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(er, "date");
    if (!cJSON_IsString(s) || !s->valuestring[0] || has_control(s->valuestring)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "erready: \"source\" must be a non-empty string");
        return false;
    }
    *source = s->valuestring;
    if (d && (!cJSON_IsString(d) || !good_date(d->valuestring))) {
        report(l, ER_DIAG_WARNING, POS_UNKNOWN,
               "erready: \"date\" is not a YYYY-MM-DD date, date unknown");
        *date = "";
    } else if (d) {
        *date = d->valuestring;
    }
    const cJSON *ec = cJSON_GetObjectItemCaseSensitive(er, "cloud");
    if (ec && (!cJSON_IsString(ec) || strcmp(ec->valuestring, cloud) != 0))
        report(l, ER_DIAG_WARNING, POS_UNKNOWN,
               "erready: \"cloud\" differs from the document's cloud '%s'", cloud);
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(er, "changeNumber");
    uint32_t n;
    if (en && (!json_u32(en, &n) || n != change))
        report(l, ER_DIAG_WARNING, POS_UNKNOWN,
               "erready: \"changeNumber\" differs from the document's %u", change);
    return true;
}

/* Top-level checks, sizing, then every tag. Returns the status; c may be partly filled. */
static er_status load_doc(loader *l, const cJSON *root, bool bundled)
{
    er_catalog *c = l->c;
    if (!cJSON_IsObject(root)) {
        report(l, ER_DIAG_ERROR, 0,
               "not a Service Tags document: the top level must be an "
               "object");
        return ER_ERR_PARSE;
    }
    if (!check_keys(l, root, "top level"))
        return ER_ERR_PARSE;
    uint32_t change = 0;
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(root, "changeNumber");
    const cJSON *jcl = cJSON_GetObjectItemCaseSensitive(root, "cloud");
    const cJSON *jv = cJSON_GetObjectItemCaseSensitive(root, "values");
    bool ok = true;
    if (!json_u32(jc, &change)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "top-level \"changeNumber\" %s",
               jc ? "must be an integer from 0 to 4294967295" : "is missing");
        ok = false;
    }
    if (!cJSON_IsString(jcl) || !jcl->valuestring[0] || has_control(jcl->valuestring)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "top-level \"cloud\" %s",
               jcl ? "must be a non-empty string" : "is missing");
        ok = false;
    }
    if (!cJSON_IsArray(jv)) {
        report(l, ER_DIAG_ERROR, POS_UNKNOWN, "top-level \"values\" %s",
               jv ? "must be an array" : "is missing");
        ok = false;
    }
    if (!ok)
        return ER_ERR_PARSE;
    const char *cloud = jcl->valuestring;
    const char *source = base_name(l->src);
    char date_buf[16] = "";
    const char *date = date_from_name(source, date_buf) ? date_buf : "";
    if (!load_provenance(l, root, &source, &date, cloud, change))
        return ER_ERR_PARSE;

    size_t n_tags = 0, n_pfx = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, jv)
    {
        n_tags++;
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(v, "properties"), "addressPrefixes");
        if (cJSON_IsArray(a))
            n_pfx += (size_t)cJSON_GetArraySize(a);
    }
    c->svc = calloc(n_tags ? n_tags : 1, sizeof *c->svc);
    c->extra = calloc(n_tags ? n_tags : 1, sizeof *c->extra);
    c->pfx = malloc((n_pfx ? n_pfx : 1) * sizeof *c->pfx);
    if (!c->svc || !c->extra || !c->pfx)
        return ER_ERR_NOMEM;

    size_t vi = 0;
    cJSON_ArrayForEach(v, jv)
    {
        load_tag(l, v, vi);
        vi++;
    }
    if (l->errors > MAX_SHOWN_ERRORS)
        er_diags_add(l->d, ER_DIAG_ERROR, l->src, 0, 0, "%zu more errors not shown",
                     l->errors - MAX_SHOWN_ERRORS);
    if (l->warnings > MAX_SHOWN_WARNINGS)
        er_diags_add(l->d, ER_DIAG_WARNING, l->src, 0, 0, "%zu more warnings not shown",
                     l->warnings - MAX_SHOWN_WARNINGS);
    if (l->notes > MAX_SHOWN_WARNINGS)
        er_diags_add(l->d, ER_DIAG_NOTE, l->src, 0, 0, "%zu more notes not shown",
                     l->notes - MAX_SHOWN_WARNINGS);
    if (l->nomem)
        return ER_ERR_NOMEM;
    if (l->errors)
        return ER_ERR_PARSE;
    if (c->n == 0)
        report(l, ER_DIAG_WARNING, POS_UNKNOWN, "the feed has no service tags");

    c->feed.source = cat_strndup(c, source, strlen(source));
    c->feed.cloud = cat_strndup(c, cloud, strlen(cloud));
    c->feed.date = cat_strndup(c, date, strlen(date));
    c->feed.change_number = change;
    c->feed.kind = "servicetags";
    c->feed.bundled = bundled;
    if (!c->feed.source || !c->feed.cloud || !c->feed.date)
        return ER_ERR_NOMEM;
    return cat_index(c, l->src, l->d);
}

er_status cat_load_servicetags(er_catalog *c, const char *source, const char *json, size_t len,
                               bool bundled, er_diags *diags)
{
    if (!c || (!json && len))
        return ER_ERR_ARG;
    if (!source)
        source = "(service tags)";
    if (c->loaded) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "this catalog already holds a feed; use a new catalog");
        return ER_ERR_ARG;
    }
    loader l = {.c = c, .src = source, .json = json, .len = len, .d = diags, .line_no = 1};
    l.budget = len > SIZE_MAX / 64 - (1u << 20) ? SIZE_MAX : 64 * len + (1u << 20);
    size_t first = 0;
    while (first < len && (json[first] == ' ' || json[first] == '\t' || json[first] == '\n' ||
                           json[first] == '\r'))
        first++;
    if (first == len) {
        report(&l, ER_DIAG_ERROR, POS_UNKNOWN, "empty document, expected Service Tags JSON");
        return ER_ERR_PARSE;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        size_t off = end && end >= json && end <= json + len ? (size_t)(end - json) : len;
        uint32_t line, col;
        offset_to_line(&l, off, &line, &col);
        er_diags_add(diags, ER_DIAG_ERROR, source, line, col, "invalid JSON near line %u", line);
        return ER_ERR_PARSE;
    }
    size_t tail = end ? (size_t)(end - json) : len;
    tail = skip_ws(&l, tail);
    if (tail < len && !(json[tail] == '\0' && tail + 1 == len)) {
        report(&l, ER_DIAG_ERROR, tail, "unexpected text after the JSON document");
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    er_status st = load_doc(&l, root, bundled);
    cJSON_Delete(root);
    if (st != ER_OK) {
        if (st == ER_ERR_NOMEM)
            er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "out of memory loading the feed");
        cat_reset(c);
        return st;
    }
    c->loaded = true;
    return ER_OK;
}
