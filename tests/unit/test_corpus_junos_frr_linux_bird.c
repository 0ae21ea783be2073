/* Corpus tests of the Junos, FRR, Linux and BIRD parsers over ../shared/corpus: exact
 * comparison with the expected parses that exist (napalm, ntc-templates, jc), independent
 * counts where none exist (birdwatcher, FRR topotests, kaysalawu labs), detection against
 * every foreign sample. Documented exceptions are asserted as such (see
 * docs/formats.md). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "erready/routes.h"
#include "testutil.h"

static const char *corpus;

/* ---- helpers ---- */

typedef void (*file_fn)(const char *path, void *ctx);

static void walk(const char *dir, file_fn fn, void *ctx)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(path, fn, ctx);
            else if (S_ISREG(st.st_mode))
                fn(path, ctx);
        }
        free(names[i]);
    }
    free(names);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

typedef struct loaded {
    er_rtable *t;
    er_diags *d;
    er_status st;
    const er_rfile *f;
    char *buf;
    size_t len;
} loaded;

static loaded load_file(const char *path, const char *parser)
{
    loaded l;
    memset(&l, 0, sizeof l);
    l.buf = tu_read_file(path, &l.len);
    if (!l.buf)
        fail_msg("cannot read %s", path);
    l.t = er_rtable_new();
    l.d = er_diags_new(0);
    l.st = er_rtable_load(l.t, path, parser ? er_parser_find(parser) : NULL, NULL, l.d);
    l.f = er_rtable_file(l.t, 0);
    return l;
}

static void unload(loaded *l)
{
    er_diags_free(l->d);
    er_rtable_free(l->t);
    free(l->buf);
}

static const char *fmt_name(const loaded *l)
{
    return l->f && l->f->format ? l->f->format : "(none)";
}

static void dump_diags(const loaded *l)
{
    for (size_t i = 0; i < er_diags_count(l->d) && i < 20; i++)
        print_message("  diag %d line %u: %s\n", er_diags_get(l->d, i)->level,
                      er_diags_get(l->d, i)->line, er_diags_get(l->d, i)->msg);
}

static void nh_str(const er_route *r, char *b, size_t n)
{
    if (r->flags & ER_RF_HAS_NH)
        er_addr_format(r->next_hop, r->nh_family ? r->nh_family : r->prefix.family, b, n);
    else
        snprintf(b, n, "%s", "");
}

static bool str_is(const er_rtable *t, er_strref ref, const char *s)
{
    return ref.len == strlen(s) && memcmp(er_rtable_str(t, ref), s, ref.len) == 0;
}

/* Lines of a buffer, er_lines style, into a callback. */
#define FOR_LINES(buf, len, s, e)                                                              \
    er_lines it_;                                                                              \
    er_lines_init(&it_, buf, len);                                                             \
    const char *s, *e;                                                                         \
    while (er_lines_next(&it_, &s, &e))

static bool line_has(const char *s, const char *e, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; p + n <= e; p++)
        if (memcmp(p, w, n) == 0)
            return true;
    return false;
}

/* ---- BIRD (birdwatcher): every line understood, counts from the raw text ---- */

static void bird_file(const char *path, void *ctx)
{
    int *files = ctx;
    if (!ends_with(path, ".sample"))
        return;
    loaded l = load_file(path, NULL);
    if (strcmp(fmt_name(&l), "bird") != 0 || l.st != ER_OK || l.f->stats.skipped) {
        dump_diags(&l);
        fail_msg("%s: read as %s, status %d, %llu skipped", path, fmt_name(&l), l.st,
                 (unsigned long long)l.f->stats.skipped);
    }
    /* Independent count: an entry is a line with a "[protocol ...]" block that starts with
     * a prefix in column 1, or an indented line starting with via/unicast/dev/blackhole. */
    size_t entries = 0, best = 0;
    FOR_LINES(l.buf, l.len, s, e)
    {
        if (s == e || !line_has(s, e, " ["))
            continue;
        const char *t = s;
        while (t < e && (*t == ' ' || *t == '\t'))
            t++;
        bool entry = (t == s && ((*s >= '0' && *s <= '9') || line_has(s, t + 8 < e ? t + 8 : e, ":"))) ||
                     (t > s && (strncmp(t, "via ", 4) == 0 || strncmp(t, "unicast ", 8) == 0 ||
                                strncmp(t, "dev ", 4) == 0 || strncmp(t, "blackhole", 9) == 0));
        if (!entry)
            continue;
        entries++;
        if (line_has(s, e, "] * "))
            best++;
    }
    if (l.f->stats.routes != entries || l.f->stats.best != best)
        fail_msg("%s: %llu routes / %llu best, raw text has %zu / %zu", path,
                 (unsigned long long)l.f->stats.routes, (unsigned long long)l.f->stats.best,
                 entries, best);
    /* Every route of `show route all` carries its AS path. */
    for (size_t i = 0; i < er_rtable_count(l.t); i++)
        assert_true(er_rtable_get(l.t, i)->as_path.len > 0);
    (*files)++;
    unload(&l);
}

static void test_birdwatcher(void **state)
{
    (void)state;
    int files = 0;
    walk(tu_path("%s/birdwatcher", corpus), bird_file, &files);
    assert_int_equal(files, 6);
}

/* ---- FRR show ip route text ---- */

/* Topotest masks (fe80::XXXX:XXXX..., link-local:rN:ethN) are not addresses. */
static bool masked(const char *s, const char *e)
{
    return line_has(s, e, "XXXX:XXXX") || line_has(s, e, "link-local:");
}

typedef struct frr_ctx {
    int files, masked_files, linux_files;
} frr_ctx;

static void frr_route_file(const char *path, void *vctx)
{
    frr_ctx *c = vctx;
    loaded l = load_file(path, NULL);
    /* zebra_rib keeps `ip route` output under show_ip_route: it is Linux text. */
    if (strstr(path, "/zebra_rib/")) {
        assert_string_equal(fmt_name(&l), "linux-ip");
        assert_int_equal(l.st, ER_OK);
        assert_int_equal(l.f->stats.skipped, 0);
        c->linux_files++;
        unload(&l);
        return;
    }
    if (strcmp(fmt_name(&l), "frr-route") != 0) {
        dump_diags(&l);
        fail_msg("%s: read as %s", path, fmt_name(&l));
    }
    size_t routes = 0, bad = 0;
    FOR_LINES(l.buf, l.len, s, e)
    {
        bool route = (s < e && *s >= 'A' && *s <= 'Z' && e - s > 4 && s[3] == ' ' &&
                      (line_has(s, e, " via ") || line_has(s, e, "directly connected") ||
                       line_has(s, e, "unreachable"))) ||
                     (s < e && *s == ' ' && (line_has(s, e, " via ") ||
                                             line_has(s, e, "directly connected")));
        if (!route)
            continue;
        if (masked(s, e))
            bad++;
        else
            routes++;
    }
    size_t errors = er_diags_total(l.d, ER_DIAG_ERROR);
    if (l.f->stats.routes != routes || errors != bad || l.f->stats.skipped != bad ||
        er_diags_total(l.d, ER_DIAG_WARNING) != 0 || (bad ? l.st != ER_ERR_PARSE : l.st != ER_OK)) {
        dump_diags(&l);
        fail_msg("%s: %llu routes (raw %zu), %zu errors (masked %zu), %llu skipped", path,
                 (unsigned long long)l.f->stats.routes, routes, errors, bad,
                 (unsigned long long)l.f->stats.skipped);
    }
    c->files++;
    if (bad)
        c->masked_files++;
    unload(&l);
}

static void test_frr_route_text(void **state)
{
    (void)state;
    frr_ctx c = {0, 0, 0};
    walk(tu_path("%s/frr-topotests/frr/show_ip_route", corpus), frr_route_file, &c);
    walk(tu_path("%s/frr-topotests/frr/show_ipv6_route", corpus), frr_route_file, &c);
    walk(tu_path("%s/kaysalawu-azure-network-terraform/frr/show_ip_route", corpus),
         frr_route_file, &c);
    print_message("frr-route: %d files (%d with masked next hops), %d linux ip route\n",
                  c.files, c.masked_files, c.linux_files);
    assert_int_equal(c.files + c.linux_files, 22 + 16 + 30);
    assert_true(c.masked_files > 0 && c.masked_files < c.files);
}

/* ---- FRR show bgp text ---- */

static void frr_bgp_file(const char *path, void *vctx)
{
    int *files = vctx;
    if (ends_with(path, ".json"))
        return; /* JSON kept beside the text refs: read by the JSON test */
    loaded l = load_file(path, NULL);
    if (strcmp(fmt_name(&l), "frr-bgp") != 0 || l.st != ER_OK || l.f->stats.skipped) {
        dump_diags(&l);
        fail_msg("%s: read as %s, status %d", path, fmt_name(&l), l.st);
    }
    /* Independent count: each path line ends with its origin code; a path is best when
     * its status (first 4 columns) holds '>' or '='. */
    size_t paths = 0, best = 0, pending_best = 0;
    bool pending = false;
    FOR_LINES(l.buf, l.len, s, e)
    {
        while (e > s && e[-1] == ' ')
            e--;
        if (e - s < 3 || line_has(s, e, "codes") || line_has(s, e, "Status"))
            continue;
        bool status = false, bst = false;
        for (const char *p = s; p < e && p < s + 4; p++) {
            if (*p == '*')
                status = true;
            if (*p == '>' || *p == '=')
                bst = true;
        }
        bool origin = e[-2] == ' ' && (e[-1] == 'i' || e[-1] == 'e' || e[-1] == '?');
        if (status && !origin) { /* wrapped */
            pending = true;
            pending_best = bst;
            continue;
        }
        if (!origin)
            continue;
        if (!status && !pending)
            continue;
        paths++;
        if (status ? bst : pending_best)
            best++;
        pending = false;
    }
    if (l.f->stats.routes != paths || l.f->stats.best != best)
        fail_msg("%s: %llu routes / %llu best, raw %zu / %zu", path,
                 (unsigned long long)l.f->stats.routes, (unsigned long long)l.f->stats.best,
                 paths, best);
    (*files)++;
    unload(&l);
}

static void test_frr_bgp_text(void **state)
{
    (void)state;
    int files = 0;
    walk(tu_path("%s/frr-topotests/frr/show_bgp_ipv4", corpus), frr_bgp_file, &files);
    walk(tu_path("%s/frr-topotests/frr/show_bgp_ipv6", corpus), frr_bgp_file, &files);
    walk(tu_path("%s/kaysalawu-azure-network-terraform/frr/show_ip_bgp", corpus), frr_bgp_file,
         &files);
    assert_int_equal(files, 4 + 3 + 20);
}

/* ---- FRR JSON ---- */

static bool bad_ip(const cJSON *nh)
{
    const cJSON *ip = cJSON_GetObjectItemCaseSensitive(nh, "ip");
    er_prefix p;
    const char *next;
    return cJSON_IsString(ip) &&
           !(er_addr_scan(ip->valuestring, ip->valuestring + strlen(ip->valuestring), &p,
                          &next) == ER_ADDR_OK &&
             *next == '\0');
}

/* Route JSON: entries x next hops (at least one route per entry). */
static void count_route_json(const cJSON *o, size_t *routes, size_t *bad)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o)
    {
        if (cJSON_IsObject(m)) { /* vrf all */
            count_route_json(m, routes, bad);
            continue;
        }
        const cJSON *en;
        cJSON_ArrayForEach(en, m)
        {
            const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(en, "nexthops");
            int n = cJSON_GetArraySize(nhs);
            if (n == 0)
                (*routes)++;
            const cJSON *nh;
            cJSON_ArrayForEach(nh, nhs)
            {
                if (bad_ip(nh))
                    (*bad)++;
                else
                    (*routes)++;
            }
        }
    }
}

/* BGP JSON: one route per path; a path whose chosen next hop is masked is an error. */
static void count_bgp_paths(const cJSON *prefixes, size_t *routes, size_t *bad)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, prefixes)
    {
        const cJSON *p;
        cJSON_ArrayForEach(p, m)
        {
            const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(p, "nexthops");
            const cJSON *used = NULL, *nh;
            cJSON_ArrayForEach(nh, nhs)
            {
                const cJSON *u = cJSON_GetObjectItemCaseSensitive(nh, "used");
                if (cJSON_IsTrue(u)) {
                    used = nh;
                    break;
                }
            }
            if (!used)
                used = cJSON_GetArrayItem(nhs, 0);
            if (used && bad_ip(used))
                (*bad)++;
            else
                (*routes)++;
        }
    }
}

static void count_bgp_json(const cJSON *doc, size_t *routes, size_t *bad)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(doc, "routes");
    if (r) {
        const cJSON *rds = cJSON_GetObjectItemCaseSensitive(r, "routeDistinguishers");
        if (rds) {
            const cJSON *rd;
            cJSON_ArrayForEach(rd, rds)
                count_bgp_paths(rd, routes, bad);
        } else {
            count_bgp_paths(r, routes, bad);
        }
        return;
    }
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");
    if (paths) {
        cJSON *wrap = cJSON_CreateObject();
        cJSON_AddItemReferenceToObject(wrap, "x", (cJSON *)paths);
        count_bgp_paths(wrap, routes, bad);
        cJSON_Delete(wrap);
        return;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, doc)
    {
        if (cJSON_IsObject(m) && (cJSON_GetObjectItemCaseSensitive(m, "routes") ||
                                  cJSON_GetObjectItemCaseSensitive(m, "paths")))
            count_bgp_json(m, routes, bad);
    }
}

typedef struct json_ctx {
    int files, empty, summaries;
} json_ctx;

static void frr_json_file(const char *path, void *vctx)
{
    json_ctx *c = vctx;
    bool bgp = strstr(path, "/show_bgp_") != NULL;
    if (strstr(path, "/show_bgp_ipv4/") || strstr(path, "/show_bgp_ipv6/")) {
        if (!ends_with(path, ".json"))
            return;
    }
    loaded l = load_file(path, NULL);
    cJSON *doc = cJSON_ParseWithLength(l.buf, l.len);
    if (!doc && !memchr(l.buf, '{', l.len)) {
        /* A git symlink copied as a file: its text is the target's name. */
        assert_int_equal(l.st, ER_ERR_PARSE);
        assert_string_equal(fmt_name(&l), "(none)");
        c->empty++;
        unload(&l);
        return;
    }
    if (!doc)
        fail_msg("%s: not json", path);
    if (cJSON_GetArraySize(doc) == 0) {
        /* "{}": nothing tells the format; documented exception. */
        assert_int_equal(l.st, ER_ERR_PARSE);
        assert_string_equal(fmt_name(&l), "(none)");
        c->empty++;
        cJSON_Delete(doc);
        unload(&l);
        return;
    }
    const char *want = bgp ? "frr-bgp-json" : "frr-route-json";
    if (strcmp(fmt_name(&l), want) != 0) {
        dump_diags(&l);
        fail_msg("%s: read as %s", path, fmt_name(&l));
    }
    if (cJSON_GetObjectItemCaseSensitive(doc, "ipv4Unicast") ||
        cJSON_GetObjectItemCaseSensitive(doc, "ipv6Unicast")) {
        /* A neighbor summary: a note, no routes. */
        assert_int_equal(l.f->stats.routes, 0);
        assert_int_equal(er_diags_total(l.d, ER_DIAG_NOTE), 1);
        c->summaries++;
        cJSON_Delete(doc);
        unload(&l);
        return;
    }
    size_t routes = 0, bad = 0;
    if (bgp)
        count_bgp_json(doc, &routes, &bad);
    else
        count_route_json(doc, &routes, &bad);
    size_t errors = er_diags_total(l.d, ER_DIAG_ERROR);
    if (routes == 0 && bad == 0)
        errors--; /* the loader's "no routes found" */
    if (l.f->stats.routes != routes || errors != bad || er_diags_total(l.d, ER_DIAG_WARNING) ||
        (bad || routes == 0 ? l.st != ER_ERR_PARSE : l.st != ER_OK)) {
        dump_diags(&l);
        fail_msg("%s: %llu routes (independent %zu), %zu errors (masked %zu)", path,
                 (unsigned long long)l.f->stats.routes, routes, errors, bad);
    }
    c->files++;
    cJSON_Delete(doc);
    unload(&l);
}

static void test_frr_json(void **state)
{
    (void)state;
    json_ctx c = {0, 0, 0};
    static const char *const dirs[] = {"show_ip_route_json", "show_ipv6_route_json",
                                       "show_bgp_ipv4_json", "show_bgp_ipv6_json",
                                       "show_bgp_ipv4",      "show_bgp_ipv6"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        walk(tu_path("%s/frr-topotests/frr/%s", corpus, dirs[i]), frr_json_file, &c);
    print_message("frr json: %d files, %d empty, %d summaries\n", c.files, c.empty,
                  c.summaries);
    assert_int_equal(c.files + c.empty + c.summaries, 319 + 231 + 30 + 32 + 1 + 1);
}

/* ---- Linux ---- */

/* Tiny reader for ntc-templates parsed_sample YAML: records of "key: \"value\"". */
#define MAXREC 64
typedef struct yrec {
    char key[8][32];
    char val[8][128];
    int n;
} yrec;

static int read_yaml(const char *path, yrec *recs)
{
    size_t len;
    char *b = tu_read_file(path, &len);
    assert_non_null(b);
    int n = -1;
    FOR_LINES(b, len, s, e)
    {
        const char *t = s;
        while (t < e && *t == ' ')
            t++;
        bool start = t + 1 < e && t[0] == '-' && t[1] == ' ';
        if (start) {
            n++;
            assert_true(n < MAXREC);
            recs[n].n = 0;
            t++;
            while (t < e && *t == ' ')
                t++;
        }
        const char *c = memchr(t, ':', (size_t)(e - t));
        if (n < 0 || !c || t == e)
            continue;
        yrec *r = &recs[n];
        assert_true(r->n < 8);
        snprintf(r->key[r->n], sizeof r->key[0], "%.*s", (int)(c - t), t);
        const char *v = c + 1;
        while (v < e && *v == ' ')
            v++;
        if (v < e && *v == '"') {
            v++;
            const char *q = memchr(v, '"', (size_t)(e - v));
            e = q ? q : e;
        }
        snprintf(r->val[r->n], sizeof r->val[0], "%.*s", (int)(e - v), v);
        r->n++;
    }
    free(b);
    return n + 1;
}

static const char *yget(const yrec *r, const char *k)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->key[i], k) == 0)
            return r->val[i];
    return "";
}

/* The routes the ntc template keeps: unicast routes, not local/discard. */
static void test_ntc_linux(void **state)
{
    (void)state;
    static const char *const names[] = {"linux_ip_route_show", "linux_ip_route_show2",
                                        "linux_ip_route_show_linkdown"};
    for (size_t k = 0; k < 3; k++) {
        const char *dir = tu_path("%s/ntc-templates/linux/ip_route_show", corpus);
        loaded l = load_file(tu_path("%s/%s.raw", dir, names[k]), NULL);
        assert_string_equal(fmt_name(&l), "linux-ip");
        assert_int_equal(l.st, ER_OK);
        assert_int_equal(l.f->stats.skipped, 0);
        yrec recs[MAXREC];
        int n = read_yaml(tu_path("%s/%s.yml", dir, names[k]), recs);
        int j = 0;
        for (size_t i = 0; i < er_rtable_count(l.t); i++) {
            const er_route *r = er_rtable_get(l.t, i);
            if (r->proto == ER_PROTO_LOCAL || (r->flags & ER_RF_DISCARD))
                continue;
            assert_true(j < n);
            char pb[64], nb[64], net[64];
            er_prefix_format(&r->prefix, pb, sizeof pb);
            nh_str(r, nb, sizeof nb);
            const char *want = yget(&recs[j], "network");
            if (strcmp(want, "default") == 0)
                snprintf(net, sizeof net, "%s", "0.0.0.0/0");
            else if (!strchr(want, '/'))
                snprintf(net, sizeof net, "%s/32", want);
            else
                snprintf(net, sizeof net, "%s", want);
            assert_string_equal(pb, net);
            assert_string_equal(nb, yget(&recs[j], "nexthop_ip"));
            assert_true(str_is(l.t, r->iface, yget(&recs[j], "nexthop_if")));
            char m[16] = "";
            if (r->flags & ER_RF_HAS_METRIC)
                snprintf(m, sizeof m, "%u", r->metric);
            assert_string_equal(m, yget(&recs[j], "metric"));
            j++;
        }
        assert_int_equal(j, n);
        unload(&l);
    }
}

/* jc: ip route (.json: ip, via, dev, metric), route / route -6 (destination, genmask or
 * /len, gateway or next_hop, iface, metric). Rows printed with host names (route without
 * -n) are documented exceptions: skipped with a warning, or a note for a gateway name. */
static void jc_file(const char *path, void *vctx)
{
    int *files = vctx;
    if (!ends_with(path, ".out"))
        return;
    char jpath[4096];
    snprintf(jpath, sizeof jpath, "%.*s.json", (int)(strlen(path) - 4), path);
    size_t jl;
    char *jb = tu_read_file(jpath, &jl);
    assert_non_null(jb);
    cJSON *exp = cJSON_Parse(jb);
    assert_non_null(exp);
    bool ip = strstr(path, "/ip_route/") != NULL;
    loaded l = load_file(path, NULL);
    assert_string_equal(fmt_name(&l), ip ? "linux-ip" : "linux-route-n");
    assert_int_equal(l.st, ER_OK);
    size_t i = 0, names = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, exp)
    {
        if (!row->child)
            continue; /* jc emits {} for the blank last line of route -6 output */
        const char *dst = cJSON_GetObjectItem(row, ip ? "ip" : "destination")->valuestring;
        char want[300];
        if (ip) {
            snprintf(want, sizeof want, "%s", strcmp(dst, "default") == 0 ? "0.0.0.0/0" : dst);
        } else if (cJSON_GetObjectItem(row, "genmask")) {
            er_prefix p;
            const char *mask = cJSON_GetObjectItem(row, "genmask")->valuestring;
            uint8_t len = 0;
            assert_true(er_netmask_to_len(mask, mask + strlen(mask), &len));
            if (strcmp(dst, "default") == 0)
                dst = "0.0.0.0";
            if (er_prefix_parse(dst, false, &p) != ER_ADDR_OK) {
                names++; /* a host name: skipped with a warning */
                continue;
            }
            snprintf(want, sizeof want, "%s/%u", dst, len);
        } else {
            char tmp[128];
            snprintf(tmp, sizeof tmp, "%s", dst);
            char *sl = strchr(tmp, '/');
            assert_non_null(sl);
            *sl = '\0';
            const char *a = tmp;
            char unb[128];
            if (tmp[0] == '[') {
                snprintf(unb, sizeof unb, "%.*s", (int)strlen(tmp) - 2, tmp + 1);
                a = unb;
            }
            er_prefix p;
            if (er_prefix_parse(a, false, &p) != ER_ADDR_OK) {
                names++;
                continue;
            }
            if (p.family == ER_AF_V4) /* IPv4-mapped, as net-tools prints it */
                snprintf(want, sizeof want, "::ffff:%s/%s", a, sl + 1);
            else
                snprintf(want, sizeof want, "%s/%s", a, sl + 1);
            er_prefix q;
            assert_int_equal(er_prefix_parse(want, true, &q), ER_ADDR_OK);
            er_prefix_format(&q, want, sizeof want);
        }
        assert_true(i < er_rtable_count(l.t));
        const er_route *r = er_rtable_get(l.t, i++);
        char pb[64], nb[64];
        er_prefix_format(&r->prefix, pb, sizeof pb);
        assert_string_equal(pb, want);
        const cJSON *gw = cJSON_GetObjectItem(row, ip ? "via" : "gateway");
        if (!gw)
            gw = cJSON_GetObjectItem(row, "next_hop");
        nh_str(r, nb, sizeof nb);
        const char *g = gw ? gw->valuestring : "";
        if (strcmp(g, "0.0.0.0") == 0 || strcmp(g, "::") == 0 || strcmp(g, "[::]") == 0)
            g = "";
        er_prefix gp;
        if (*g && er_prefix_parse(g, false, &gp) != ER_ADDR_OK)
            g = ""; /* a gateway name: next hop left unset, with a note */
        assert_string_equal(nb, g);
        const char *dev = cJSON_GetObjectItem(row, ip ? "dev" : "iface")->valuestring;
        assert_true(str_is(l.t, r->iface, dev));
        const cJSON *m = cJSON_GetObjectItem(row, "metric");
        if (m) {
            assert_true(r->flags & ER_RF_HAS_METRIC);
            assert_int_equal(r->metric, m->valueint < 0 ? 4294967295u : (unsigned)m->valueint);
        } else {
            assert_false(r->flags & ER_RF_HAS_METRIC);
        }
    }
    assert_int_equal(i, er_rtable_count(l.t));
    assert_int_equal(l.f->stats.skipped, names);
    assert_int_equal(er_diags_total(l.d, ER_DIAG_WARNING), names);
    (*files)++;
    cJSON_Delete(exp);
    free(jb);
    unload(&l);
}

static void test_jc(void **state)
{
    (void)state;
    int files = 0;
    walk(tu_path("%s/jc", corpus), jc_file, &files);
    assert_int_equal(files, 9);
}

static void test_frr_linux_ip_route(void **state)
{
    (void)state;
    loaded l = load_file(
        tu_path("%s/frr-topotests/frr/linux_ip_route/zebra_rib/r1/iproute.ref", corpus), NULL);
    assert_string_equal(fmt_name(&l), "linux-ip");
    assert_int_equal(l.st, ER_OK);
    assert_int_equal(l.f->stats.skipped, 0);
    size_t n = 0;
    FOR_LINES(l.buf, l.len, s, e)
    {
        if (s < e)
            n++;
    }
    assert_int_equal(l.f->stats.routes, n);
    unload(&l);
}

/* ---- Junos ---- */

static void test_napalm_junos(void **state)
{
    (void)state;
    const char *dir = tu_path("%s/napalm/junos/test_get_route_to/normal", corpus);
    loaded l = load_file(tu_path("%s/get-route-information.xml", dir), NULL);
    assert_string_equal(fmt_name(&l), "junos-xml");
    assert_int_equal(l.st, ER_OK);
    size_t jlen;
    char *jb = tu_read_file(tu_path("%s/expected_result.json", dir), &jlen);
    assert_non_null(jb);
    cJSON *exp = cJSON_Parse(jb);
    assert_non_null(exp);
    size_t i = 0;
    const cJSON *pfx;
    cJSON_ArrayForEach(pfx, exp)
    {
        const cJSON *row;
        cJSON_ArrayForEach(row, pfx)
        {
            assert_true(i < er_rtable_count(l.t));
            const er_route *r = er_rtable_get(l.t, i++);
            char pb[64], nb[64];
            er_prefix_format(&r->prefix, pb, sizeof pb);
            assert_string_equal(pb, pfx->string);
            nh_str(r, nb, sizeof nb);
            assert_string_equal(nb, cJSON_GetObjectItem(row, "next_hop")->valuestring);
            assert_true(str_is(l.t, r->iface,
                               cJSON_GetObjectItem(row, "outgoing_interface")->valuestring));
            bool best = cJSON_IsTrue(cJSON_GetObjectItem(row, "current_active")) &&
                        cJSON_IsTrue(cJSON_GetObjectItem(row, "selected_next_hop"));
            assert_int_equal(!!(r->flags & ER_RF_BEST), best);
            assert_int_equal(r->distance, cJSON_GetObjectItem(row, "preference")->valueint);
            const cJSON *pa = cJSON_GetObjectItem(row, "protocol_attributes");
            assert_int_equal(r->locpref, cJSON_GetObjectItem(pa, "local_preference")->valueint);
            assert_true(str_is(l.t, r->as_path, cJSON_GetObjectItem(pa, "as_path")->valuestring));
            char comm[512] = "";
            const cJSON *c;
            cJSON_ArrayForEach(c, cJSON_GetObjectItem(pa, "communities"))
            {
                if (comm[0])
                    strcat(comm, " ");
                strcat(comm, c->valuestring);
            }
            assert_true(str_is(l.t, r->communities, comm));
            const cJSON *m = cJSON_GetObjectItem(pa, "metric");
            assert_int_equal(!!(r->flags & ER_RF_HAS_METRIC), cJSON_IsNumber(m));
            assert_int_equal(r->proto, ER_PROTO_BGP);
        }
    }
    assert_int_equal(i, er_rtable_count(l.t));
    cJSON_Delete(exp);
    free(jb);
    unload(&l);
}

/* The py-junos-eznc sample is not valid JSON (its closing brackets collapse into "}}}}"
 * on line 101): one error naming that line, no routes. */
static void test_eznc_json(void **state)
{
    (void)state;
    loaded l = load_file(tu_path("%s/py-junos-eznc/juniper_junos/show_route_display_json/"
                                 "get-route-information.json",
                                 corpus),
                         NULL);
    assert_string_equal(fmt_name(&l), "junos-json");
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(l.f->stats.routes, 0);
    assert_int_equal(er_diags_total(l.d, ER_DIAG_ERROR), 1);
    assert_int_equal(er_diags_get(l.d, 0)->line, 101);
    unload(&l);
}

/* show route summary: every line understood, no routes, a note saying why. */
static void test_junos_summary(void **state)
{
    (void)state;
    const char *dir = tu_path("%s/ntc-templates/juniper_junos/show_route_summary", corpus);
    loaded l = load_file(tu_path("%s/juniper_junos_show_route_summary.raw", dir), NULL);
    assert_string_equal(fmt_name(&l), "junos-route");
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(l.f->stats.routes, 0);
    assert_int_equal(l.f->stats.skipped, 0);
    assert_int_equal(l.f->stats.understood, l.f->stats.lines);
    assert_int_equal(er_diags_total(l.d, ER_DIAG_WARNING), 0);
    bool note = false;
    for (size_t i = 0; i < er_diags_count(l.d); i++)
        if (strstr(er_diags_get(l.d, i)->msg, "show route summary"))
            note = true;
    assert_true(note);
    /* The template's table names all appear as table headers the parser read. */
    yrec recs[MAXREC];
    int n = read_yaml(tu_path("%s/juniper_junos_show_route_summary.yml", dir), recs);
    assert_true(n > 10);
    for (int i = 0; i < n; i++)
        assert_non_null(strstr(l.buf, tu_path("%s: ", yget(&recs[i], "table_name"))));
    unload(&l);
}

/* ---- detection against every foreign sample ---- */

static bool mine_path(const char *p)
{
    static const char *const dirs[] = {"/birdwatcher/",  "/frr-topotests/",
                                       "/kaysalawu-azure-network-terraform/frr/",
                                       "/jc/",           "/ntc-templates/linux/",
                                       "/ntc-templates/juniper_junos/", "/napalm/junos/",
                                       "/py-junos-eznc/"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (strstr(p, dirs[i]))
            return true;
    return false;
}

static const char *const my_parsers[] = {
    "junos-route", "junos-json", "junos-xml",     "frr-route",     "frr-bgp", "frr-route-json",
    "frr-bgp-json", "linux-ip",  "linux-ip-json", "linux-route-n", "bird",
};

static void foreign_file(const char *path, void *vctx)
{
    int *files = vctx;
    if (mine_path(path) || ends_with(path, ".gz") || ends_with(path, "MANIFEST.md"))
        return;
    size_t len;
    char *b = tu_read_file(path, &len);
    assert_non_null(b);
    size_t w = len < 65536 ? len : 65536;
    for (size_t i = 0; i < sizeof my_parsers / sizeof my_parsers[0]; i++) {
        int s = er_parser_find(my_parsers[i])->detect(b, w);
        if (s != 0)
            fail_msg("%s: %s scores %d on a foreign sample", path, my_parsers[i], s);
    }
    (*files)++;
    free(b);
}

static void test_foreign(void **state)
{
    (void)state;
    int files = 0;
    walk(corpus, foreign_file, &files);
    print_message("%d foreign samples, none claimed\n", files);
    assert_true(files > 100);
}

int main(void)
{
    corpus = tu_shared_dir() ? tu_path("%s/corpus", tu_shared_dir()) : NULL;
    if (!corpus)
        return tu_skip("../shared is absent: the corpus tests need ../shared/corpus");
    static char keep[4096];
    snprintf(keep, sizeof keep, "%s", corpus);
    corpus = keep;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_birdwatcher),  cmocka_unit_test(test_frr_route_text),
        cmocka_unit_test(test_frr_bgp_text), cmocka_unit_test(test_frr_json),
        cmocka_unit_test(test_ntc_linux),    cmocka_unit_test(test_jc),
        cmocka_unit_test(test_frr_linux_ip_route), cmocka_unit_test(test_napalm_junos),
        cmocka_unit_test(test_eznc_json),    cmocka_unit_test(test_junos_summary),
        cmocka_unit_test(test_foreign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
