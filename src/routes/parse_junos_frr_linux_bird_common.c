/* Helpers shared by the Junos, FRR, Linux and BIRD parsers: diagnostics for skipped
 * lines, strict prefix/address reading with host-bit repair, VRF filtering, route push. */
#include "erready/routes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "routes/internal.h"
#include "routes/scan.h"

/* Longest excerpt of a line quoted in a diagnostic. */
#define EXCERPT_MAX 72

void er_routes_skip(er_parse_ctx *ctx, uint32_t line, const char *s, const char *e,
                    const char *why)
{
    sc_trim(&s, &e);
    size_t n = (size_t)(e - s);
    /* Stop at an embedded NUL (the message is a C string) or a line end (a JSON or XML
     * value may span lines; a message is one line). */
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || s[i] == '\n' || s[i] == '\r') {
            n = i;
            break;
        }
    int shown = (int)(n > EXCERPT_MAX ? EXCERPT_MAX : n);
    er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 0,
                 "not understood (%s): '%.*s%s'", why, shown, s, n > EXCERPT_MAX ? "..." : "");
    ctx->stats->skipped++;
}

void er_routes_bad_addr(er_parse_ctx *ctx, uint32_t line, const char *lbeg, const char *s,
                        const char *e, const char *what, er_addr_err err)
{
    const char *t = s;
    while (t < e && !sc_is_space(*t) && *t != ',' && *t != ']' && *t != ')' && *t != '\n' &&
           *t != '\r')
        t++;
    int shown = (int)((t - s) > EXCERPT_MAX ? EXCERPT_MAX : (t - s));
    const char *z = memchr(s, '\0', (size_t)shown);
    if (z)
        shown = (int)(z - s);
    er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, line,
                 lbeg ? (uint32_t)(s - lbeg) + 1 : 0, "invalid %s '%.*s': %s", what, shown, s,
                 er_addr_err_str(err));
    ctx->stats->skipped++;
}

er_addr_err er_routes_prefix(er_parse_ctx *ctx, uint32_t line, const char *lbeg, const char *s,
                             const char *e, bool require_len, er_prefix *out, uint8_t *flags)
{
    const char *next = NULL;
    er_addr_err err = er_prefix_scan(s, e, require_len, out, &next);
    if (err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS) {
        if (next != e)
            return ER_ADDR_TRAILING;
    }
    if (err == ER_ADDR_HOST_BITS) {
        char buf[ER_PREFIX_STRLEN];
        er_prefix_format(out, buf, sizeof buf);
        er_prefix_mask_host(out);
        char fixed[ER_PREFIX_STRLEN];
        er_prefix_format(out, fixed, sizeof fixed);
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line,
                     lbeg ? (uint32_t)(s - lbeg) + 1 : 0,
                     "prefix %s has host bits set; read as %s", buf, fixed);
        *flags |= ER_RF_HOSTBITS;
        return ER_ADDR_OK;
    }
    return err;
}

bool er_routes_addr(const char *s, const char *e, er_prefix *out)
{
    const char *next = NULL;
    return er_addr_scan(s, e, out, &next) == ER_ADDR_OK && next == e;
}

bool er_routes_vrf_wanted(const er_parse_ctx *ctx, const char *vrf, size_t len)
{
    const char *f = ctx->vrf_filter;
    if (!f)
        return true;
    if (len == 0)
        return f[0] == '\0' || strcmp(f, "default") == 0;
    return strlen(f) == len && memcmp(f, vrf, len) == 0;
}

er_strref er_routes_intern(er_parse_ctx *ctx, const char *s, size_t len, bool *ok)
{
    if (len == 0)
        return (er_strref){0, 0};
    return er_rtable_intern(ctx->table, s, len, ok);
}

er_status er_routes_push(er_parse_ctx *ctx, er_route *r, uint32_t line)
{
    r->file = ctx->file;
    r->line = line;
    r->path_class = ER_PC_UNSET;
    if (!er_rtable_push(ctx->table, r))
        return ER_ERR_NOMEM;
    ctx->stats->routes++;
    if (r->flags & ER_RF_BEST)
        ctx->stats->best++;
    return ER_OK;
}

er_proto er_routes_proto_word(const char *s, const char *e)
{
    static const struct {
        const char *w;
        er_proto p;
    } map[] = {
        {"bgp", ER_PROTO_BGP},       {"ebgp", ER_PROTO_EBGP},      {"ibgp", ER_PROTO_IBGP},
        {"static", ER_PROTO_STATIC}, {"connected", ER_PROTO_CONNECTED},
        {"direct", ER_PROTO_CONNECTED}, {"local", ER_PROTO_LOCAL}, {"ospf", ER_PROTO_OSPF},
        {"ospf6", ER_PROTO_OSPF},    {"ospf3", ER_PROTO_OSPF},     {"isis", ER_PROTO_ISIS},
        {"is-is", ER_PROTO_ISIS},    {"rip", ER_PROTO_RIP},        {"ripng", ER_PROTO_RIP},
        {"kernel", ER_PROTO_KERNEL}, {"eigrp", ER_PROTO_EIGRP},
    };
    char low[16];
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= sizeof low)
        return ER_PROTO_OTHER;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (size_t i = 0; i < ER_ARRAY_LEN(map); i++)
        if (strcmp(low, map[i].w) == 0)
            return map[i].p;
    return ER_PROTO_OTHER;
}

bool er_routes_blank(const char *s, const char *e)
{
    return sc_skip_ws(s, e) == e;
}

bool er_routes_prompt_or_noise(const char *s, const char *e)
{
    const char *t = s;
    sc_trim(&t, &e);
    if (t == e)
        return true;
    /* Pager marks. */
    if (sc_find(t, e, "--More--") || sc_find(t, e, "---(more"))
        return true;
    /* A device prompt followed by a command: "host# show ...", "user@host> show ...". */
    const char *p = t;
    while (p < e && !sc_is_space(*p) && *p != '#' && *p != '>' && *p != '$')
        p++;
    if (p < e && p > t && (*p == '#' || *p == '>' || *p == '$') && (p + 1 == e || p[1] == ' ')) {
        const char *c = sc_skip_ws(p + 1, e);
        if (c == e || sc_starts(c, e, "show ") || sc_starts(c, e, "sh ") ||
            sc_starts(c, e, "vtysh") || sc_starts(c, e, "ip ") || sc_starts(c, e, "route") ||
            sc_starts(c, e, "birdc") || sc_starts(c, e, "netstat") ||
            sc_starts(c, e, "sudo ") || sc_starts(c, e, "cli") ||
            sc_starts(c, e, "do show "))
            return true;
    }
    /* Shell prompts: "$ ip route", "# ip -6 route", "bird> show route". */
    if ((*t == '$' || *t == '#') && t + 1 < e && t[1] == ' ')
        return true;
    /* vtysh banner. */
    if (sc_starts(t, e, "Hello, this is FRRouting") || sc_starts(t, e, "Hello, this is Quagga") ||
        sc_starts(t, e, "Copyright 1996-2005 Kunihiro Ishiguro"))
        return true;
    /* Timestamps such as "Mon Nov 24 10:00:00.123 UTC". */
    static const char *const days[] = {"Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "};
    for (size_t i = 0; i < ER_ARRAY_LEN(days); i++)
        if (sc_starts(t, e, days[i]) && (e - t) < 40 && sc_find(t, e, ":"))
            return true;
    return false;
}

/* Sort key of the metric pass. */
typedef struct mkey {
    const char *vrf;
    uint32_t vlen;
    uint32_t metric;
    er_prefix prefix;
    size_t idx;
} mkey;

static int mkey_cmp(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    if (x->vlen != y->vlen)
        return x->vlen < y->vlen ? -1 : 1;
    int c = x->vlen ? memcmp(x->vrf, y->vrf, x->vlen) : 0;
    if (c)
        return c;
    c = er_prefix_cmp(&x->prefix, &y->prefix);
    if (c)
        return c;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

er_status er_routes_linux_metric_pass(er_parse_ctx *ctx, size_t first)
{
    size_t n = er_rtable_count(ctx->table);
    if (n <= first + 1)
        return ER_OK;
    size_t cnt = 0;
    for (size_t i = first; i < n; i++)
        if (er_rtable_get(ctx->table, i)->flags & ER_RF_BEST)
            cnt++;
    if (cnt < 2)
        return ER_OK;
    mkey *k = malloc(cnt * sizeof *k);
    if (!k)
        return ER_ERR_NOMEM;
    size_t j = 0;
    for (size_t i = first; i < n; i++) {
        const er_route *r = er_rtable_get(ctx->table, i);
        if (!(r->flags & ER_RF_BEST))
            continue;
        k[j].vrf = er_rtable_str(ctx->table, r->vrf);
        k[j].vlen = r->vrf.len;
        k[j].metric = (r->flags & ER_RF_HAS_METRIC) ? r->metric : 0;
        k[j].prefix = r->prefix;
        k[j].idx = i;
        j++;
    }
    qsort(k, cnt, sizeof *k, mkey_cmp);
    for (size_t a = 0; a < cnt;) {
        size_t b = a + 1;
        while (b < cnt && k[b].vlen == k[a].vlen &&
               (k[a].vlen == 0 || memcmp(k[a].vrf, k[b].vrf, k[a].vlen) == 0) &&
               er_prefix_cmp(&k[a].prefix, &k[b].prefix) == 0)
            b++;
        for (size_t i = a + 1; i < b; i++) {
            if (k[i].metric != k[a].metric) {
                er_rtable_at(ctx->table, k[i].idx)->flags &= (uint8_t)~ER_RF_BEST;
                ctx->stats->best--;
            }
        }
        a = b;
    }
    free(k);
    return ER_OK;
}

/* ---- JSON documents ---- */

static uint32_t count_lines(const char *s, const char *e)
{
    uint32_t n = 0;
    while (s < e && (s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
        n++;
        s++;
    }
    return n;
}

uint64_t er_routes_count_all_lines(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    uint64_t n = 0;
    while (er_lines_next(&it, &s, &e))
        n++;
    return n;
}

er_status er_routes_json_parse(er_parse_ctx *ctx, const char *buf, size_t len,
                               const char *start, const char *end, cJSON **out)
{
    *out = NULL;
    const char *perr = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(start, (size_t)(end - start), &perr, false);
    const char *tail = perr ? perr : end;
    if (doc) {
        /* Only blanks may follow the document inside [start, end). */
        const char *t = tail;
        while (t < end && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
            t++;
        if (t < end) {
            cJSON_Delete(doc);
            doc = NULL;
            tail = t;
        }
    }
    if (!doc) {
        if (!tail || tail < start || tail > end)
            tail = end;
        uint32_t line = 1 + count_lines(buf, tail);
        const char *ls = tail;
        while (ls > buf && ls[-1] != '\n')
            ls--;
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, line, (uint32_t)(tail - ls) + 1,
                     tail >= end ? "json document is truncated"
                                 : "invalid json document (broken here)");
        ctx->stats->skipped += ctx->stats->lines;
        (void)len;
        return ER_ERR_PARSE;
    }
    *out = doc;
    return ER_OK;
}

void er_routes_jline_init(er_jline *j, const char *buf, size_t len)
{
    j->p = buf;
    j->end = buf + len;
    j->line = 1;
}

uint32_t er_routes_jline_seek(er_jline *j, const char *needle, size_t n)
{
    const char *f = NULL;
    if (n && (size_t)(j->end - j->p) >= n) {
        for (const char *q = j->p; q + n <= j->end; q++) {
            q = memchr(q, needle[0], (size_t)(j->end - q));
            if (!q || q + n > j->end)
                break;
            if (memcmp(q, needle, n) == 0) {
                f = q;
                break;
            }
        }
    }
    if (!f)
        return j->line;
    j->line += count_lines(j->p, f);
    j->p = f;
    return j->line;
}

const char *er_routes_json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int er_routes_json_bool(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return -1;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? 1 : 0;
    return -2;
}

bool er_routes_json_u32(const cJSON *obj, const char *key, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4294967295.0)
        return false;
    *out = (uint32_t)v->valuedouble;
    return true;
}
