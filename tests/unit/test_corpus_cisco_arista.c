/* The cisco-arista parsers against the real exports in ../shared/corpus: ntc-templates
 * (.yml expectations), napalm get_route_to (expected_result.json), and detection over
 * every other sample of the corpus. Disagreements are listed below with their reason
 * (docs/formats.md explains each). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "erready/routes.h"
#include "testutil.h"

/* ---- a reader for the simple YAML of ntc-templates tests ---- */

/* Flat list of (record, key, value); list values repeat the key. */
typedef struct yent {
    int rec;
    char key[32];
    char val[128];
} yent;

typedef struct yaml {
    yent *e;
    size_t n, cap;
    int nrec;
} yaml;

static void ypush(yaml *y, int rec, const char *k, size_t kl, const char *v, size_t vl)
{
    if (y->n == y->cap) {
        y->cap = y->cap ? y->cap * 2 : 256;
        y->e = realloc(y->e, y->cap * sizeof *y->e);
        assert_non_null(y->e);
    }
    yent *t = &y->e[y->n++];
    t->rec = rec;
    assert_true(kl < sizeof t->key);
    if (vl >= sizeof t->val) /* long interface descriptions: not compared */
        vl = sizeof t->val - 1;
    memcpy(t->key, k, kl);
    t->key[kl] = '\0';
    memcpy(t->val, v, vl);
    t->val[vl] = '\0';
}

/* A scalar: "quoted" (no escapes in these files) or bare. */
static void unquote(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ')) (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\r')) (*e)--;
    if (*e - *s >= 2 && **s == '"' && (*e)[-1] == '"') {
        (*s)++;
        (*e)--;
    }
}

static bool yaml_load(yaml *y, const char *path)
{
    memset(y, 0, sizeof *y);
    y->nrec = -1;
    size_t len;
    char *buf = tu_read_file(path, &len);
    if (!buf)
        return false;
    char list_key[32] = "";
    char *line = buf;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        char *end = nl ? nl : line + strlen(line);
        const char *s = line;
        int indent = 0;
        while (s < end && *s == ' ') {
            s++;
            indent++;
        }
        /* A double-quoted scalar continued on the next line ("...src\" / "\ 216..."):
         * only interface texts do that here, and they are not compared. */
        if (s < end && *s == '\\') {
            line = nl ? nl + 1 : NULL;
            continue;
        }
        if (s < end && !(indent == 0)) {
            bool item = *s == '-' && s + 1 < end && s[1] == ' ';
            if (item && indent == 2) {
                y->nrec++;
                s += 2;
                item = false;
            }
            if (item) { /* "      - value" of a list */
                const char *v = s + 2, *ve = end;
                unquote(&v, &ve);
                ypush(y, y->nrec, list_key, strlen(list_key), v, (size_t)(ve - v));
            } else {
                const char *colon = strchr(s, ':');
                assert_non_null(colon);
                const char *v = colon + 1, *ve = end;
                unquote(&v, &ve);
                size_t kl = (size_t)(colon - s);
                if (v == ve) { /* a list follows */
                    assert_true(kl < sizeof list_key);
                    memcpy(list_key, s, kl);
                    list_key[kl] = '\0';
                } else if (!(ve - v == 2 && v[0] == '[' && v[1] == ']')) {
                    ypush(y, y->nrec, s, kl, v, (size_t)(ve - v));
                }
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    y->nrec++;
    return true;
}

/* The idx-th value of key in record rec, or NULL. */
static const char *yget(const yaml *y, int rec, const char *key, int idx)
{
    for (size_t i = 0; i < y->n; i++)
        if (y->e[i].rec == rec && strcmp(y->e[i].key, key) == 0 && idx-- == 0)
            return y->e[i].val;
    return NULL;
}

/* ---- string sets ---- */

typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

static void sadd(strs *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sadd(strs *s, const char *fmt, ...)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        assert_non_null(s->v);
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    s->v[s->n] = strdup(buf);
    assert_non_null(s->v[s->n]);
    s->n++;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sfree(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Remove one occurrence of v; true if it was there. */
static bool sremove(strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0) {
            free(s->v[i]);
            s->v[i] = s->v[--s->n];
            return true;
        }
    return false;
}

static bool scontains(const strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return true;
    return false;
}

/* Both multisets equal; prints the differences. */
static void assert_same(strs *exp, strs *got, const char *what)
{
    qsort(exp->v, exp->n, sizeof *exp->v, cmpstr);
    qsort(got->v, got->n, sizeof *got->v, cmpstr);
    bool same = exp->n == got->n;
    for (size_t i = 0; same && i < exp->n; i++)
        same = strcmp(exp->v[i], got->v[i]) == 0;
    if (!same) {
        printf("%s: expected %zu, got %zu\n", what, exp->n, got->n);
        for (size_t i = 0; i < exp->n; i++)
            if (!scontains(got, exp->v[i]))
                printf("  missing: %s\n", exp->v[i]);
        for (size_t i = 0; i < got->n; i++)
            if (!scontains(exp, got->v[i]))
                printf("  extra:   %s\n", got->v[i]);
    }
    assert_true(same);
}

/* ---- helpers ---- */

/* "10.0.0.0" + "8" (or "10.0.0.0/8") masked and in canonical text; false if not an address. */
static bool norm_prefix(const char *net, const char *len, char *out, size_t size)
{
    char buf[160];
    er_prefix p;
    if (len)
        snprintf(buf, sizeof buf, "%s/%s", net, len);
    else
        snprintf(buf, sizeof buf, "%s", net);
    er_addr_err e = er_prefix_parse(buf, true, &p);
    if (e != ER_ADDR_OK && e != ER_ADDR_HOST_BITS)
        return false;
    er_prefix_mask_host(&p);
    er_prefix_format(&p, out, size);
    return true;
}

/* A next hop field: addresses in canonical text, anything else (connected, Drop...) "-". */
static void norm_nh(const char *v, char *out, size_t size)
{
    er_prefix p;
    if (v && er_prefix_parse(v, false, &p) == ER_ADDR_OK && p.addr != 0)
        er_addr_format(p.addr, p.family, out, size);
    else
        snprintf(out, size, "-");
}

typedef struct parsed {
    er_rtable *t;
    er_diags *d;
    er_status st;
    er_parse_stats stats;
    const char *format;
} parsed;

static bool parse_file(parsed *p, const char *path)
{
    p->t = er_rtable_new();
    p->d = er_diags_new(0);
    p->st = er_rtable_load(p->t, path, NULL, NULL, p->d);
    const er_rfile *f = er_rtable_file(p->t, 0);
    if (!f)
        return false;
    p->stats = f->stats;
    p->format = f->format;
    return true;
}

static void parsed_free(parsed *p)
{
    er_rtable_free(p->t);
    er_diags_free(p->d);
}

static void print_diags(const er_diags *d)
{
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        printf("  diag %d %u:%u %s\n", g->level, g->line, g->col, g->msg);
    }
}

/* "vrf|prefix|nh" of every route (+ "|aspath" when with_path). */
static void route_keys(const parsed *p, bool with_vrf, bool with_path, strs *out)
{
    for (size_t i = 0; i < er_rtable_count(p->t); i++) {
        const er_route *r = er_rtable_get(p->t, i);
        char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN] = "-";
        er_prefix_format(&r->prefix, pfx, sizeof pfx);
        if (r->flags & ER_RF_HAS_NH)
            er_addr_format(r->next_hop, r->nh_family ? r->nh_family : r->prefix.family, nh,
                           sizeof nh);
        const char *vrf = r->vrf.len ? er_rtable_str(p->t, r->vrf) : "default";
        if (with_path)
            sadd(out, "%s|%s|%s|%.*s", with_vrf ? vrf : "*", pfx, nh, (int)r->as_path.len,
                 er_rtable_str(p->t, r->as_path));
        else
            sadd(out, "%s|%s|%s", with_vrf ? vrf : "*", pfx, nh);
    }
}

/* ---- ntc-templates ---- */

typedef enum {
    K_NXOS_ROUTE, K_NXOS_BGP, K_NXOS_FWD, K_XR_ROUTE, K_XR_BGP, K_ASA, K_EOS_ROUTE, K_EOS_BGP
} kind;

typedef struct ntc_case {
    const char *raw; /* under ntc-templates/ */
    const char *parser;
    kind k;
    bool paths;           /* compare AS paths too */
    uint64_t skipped;     /* lines the parser must skip (documented) */
    er_status st;         /* expected parse status */
    const char *const *ntc_only; /* expected entries we do not produce (documented) */
    const char *const *ours_only; /* entries we produce that ntc lacks (documented) */
} ntc_case;

/* XR detail output: the TextFSM template keeps only the first descriptor block. */
static const char *const xr_quad_zero_extra[] = {"default|0.0.0.0/0|172.16.16.75", NULL};
/* ASA: "names" show a name instead of the network (lines 10 13 15 17 19); the mask
 * 255.255.255.64 is not contiguous (line 18, an error). */
static const char *const asa_ntc_only[] = {
    "*|NAME|10.0.5.12", "*|NAME|10.0.5.12", "*|NAME|10.0.5.12", "*|NAME|10.0.5.12",
    "*|NAME|172.52.64.1", "*|BADMASK|172.52.64.1", NULL};

static const ntc_case ntc_cases[] = {
    {"cisco_nxos/show_ip_route/cisco_nxos_show_ip_route.raw", "nxos-route", K_NXOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_route/cisco_nxos_show_ip_route_vrf.raw", "nxos-route", K_NXOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_route/cisco_nxos_show_ip_route_vrf2.raw", "nxos-route", K_NXOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_route/cisco_nxos_show_ip_route_vrf3.raw", "nxos-route", K_NXOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_route/cisco_nxos_show_ip_route_vrf4.raw", "nxos-route", K_NXOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_bgp/cisco_nxos_show_ip_bgp.raw", "nxos-bgp", K_NXOS_BGP, true, 0, ER_OK, NULL, NULL},
    /* Blanks collapsed: ntc reads "0 12345 102" as locpref/weight/path, we read weight 0
     * and path "12345 102" (documented); prefixes and next hops agree. */
    {"cisco_nxos/show_ip_bgp/cisco_nxos_show_ip_bgp1.raw", "nxos-bgp", K_NXOS_BGP, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_ip_bgp/cisco_nxos_show_ip_bgp_vrf.raw", "nxos-bgp", K_NXOS_BGP, true, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_forwarding_ipv4_route/cisco_nxos_show_forwarding_ipv4_route.raw", "nxos-forwarding", K_NXOS_FWD, false, 0, ER_OK, NULL, NULL},
    {"cisco_nxos/show_forwarding_ipv4_route/cisco_nxos_show_forwarding_ipv4_route_n5596.raw", "nxos-forwarding", K_NXOS_FWD, false, 0, ER_OK, NULL, NULL},
    {"cisco_xr/show_ip_route/cisco_xr_show_ip_route.raw", "xr-route", K_XR_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_xr/show_ip_route/cisco_xr_show_ip_route2.raw", "xr-route", K_XR_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_xr/show_ip_route/cisco_xr_show_ip_route_qaud_zero.raw", "xr-route", K_XR_ROUTE, false, 0, ER_OK, NULL, xr_quad_zero_extra},
    {"cisco_xr/show_ip_route/cisco_xr_show_ip_route_vrf.raw", "xr-route", K_XR_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"cisco_xr/show_ip_route/cisco_xr_show_ip_route_vrf_all.raw", "xr-route", K_XR_ROUTE, false, 0, ER_OK, NULL, NULL},
    /* Hand-made rows put numbers off the header columns: paths not compared. */
    {"cisco_xr/show_bgp/cisco_xr_show_bgp.raw", "xr-bgp", K_XR_BGP, false, 0, ER_OK, NULL, NULL},
    {"cisco_xr/show_bgp/cisco_xr_show_bgp2.raw", "xr-bgp", K_XR_BGP, true, 0, ER_OK, NULL, NULL},
    {"cisco_asa/show_route/cisco_asa_show_route.raw", "asa-route", K_ASA, false, 6, ER_ERR_PARSE, asa_ntc_only, NULL},
    {"cisco_asa/show_route/cisco_asa_show_route_alt_multiline.raw", "asa-route", K_ASA, false, 0, ER_OK, NULL, NULL},
    {"cisco_asa/show_route/cisc_asa_show_route_vpn.raw", "asa-route", K_ASA, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route2.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route3.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route4.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route5.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route6.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_route/arista_eos_show_ip_route_vrf.raw", "eos-route", K_EOS_ROUTE, false, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_bgp/arista_eos_show_ip_bgp.raw", "eos-bgp", K_EOS_BGP, true, 0, ER_OK, NULL, NULL},
    {"arista_eos/show_ip_bgp/arista_eos_show_ip_bgp2.raw", "eos-bgp", K_EOS_BGP, true, 0, ER_OK, NULL, NULL},
};

static bool kind_has_vrf(kind k)
{
    return k == K_NXOS_ROUTE || k == K_NXOS_BGP || k == K_XR_ROUTE || k == K_EOS_ROUTE ||
           k == K_EOS_BGP;
}

/* Expected "vrf|prefix|nh[|path]" from one ntc record. */
static void ntc_expect(const yaml *y, int rec, kind k, bool paths, strs *out)
{
    char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN];
    const char *vrf = kind_has_vrf(k) ? yget(y, rec, "vrf", 0) : "*";
    if (!vrf || !*vrf)
        vrf = "default";
    const char *net = NULL, *len = NULL, *nhkey = NULL;
    switch (k) {
    case K_NXOS_ROUTE: net = yget(y, rec, "network", 0); len = yget(y, rec, "prefix_length", 0); nhkey = "nexthop_ip"; break;
    case K_NXOS_BGP: case K_EOS_BGP: net = yget(y, rec, "network", 0); nhkey = "next_hop"; break;
    case K_NXOS_FWD: net = yget(y, rec, "ip_address", 0); len = yget(y, rec, "prefix_length", 0); nhkey = "nexthop"; break;
    case K_XR_ROUTE: case K_EOS_ROUTE: net = yget(y, rec, "network", 0); len = yget(y, rec, "prefix_length", 0); nhkey = "next_hop"; break;
    case K_XR_BGP: net = yget(y, rec, "network", 0); len = yget(y, rec, "netmask", 0); nhkey = "next_hop"; break;
    case K_ASA: net = yget(y, rec, "network", 0); nhkey = "nexthopip"; break;
    }
    if (!net || !*net)
        return; /* "Route not found" placeholders */
    if (k == K_ASA) {
        const char *mask = yget(y, rec, "netmask", 0);
        uint8_t l;
        er_prefix a;
        if (er_prefix_parse(net, false, &a) != ER_ADDR_OK) {
            snprintf(pfx, sizeof pfx, "NAME");
        } else if (!mask || !er_netmask_to_len(mask, mask + strlen(mask), &l)) {
            snprintf(pfx, sizeof pfx, "BADMASK");
        } else {
            char lb[8];
            snprintf(lb, sizeof lb, "%u", l);
            assert_true(norm_prefix(net, lb, pfx, sizeof pfx));
        }
    } else {
        assert_true(norm_prefix(net, len, pfx, sizeof pfx));
    }
    for (int i = 0;; i++) {
        const char *v = yget(y, rec, nhkey, i);
        if (!v && i > 0)
            break;
        norm_nh(v, nh, sizeof nh);
        if (paths) {
            const char *ap = yget(y, rec, "as_path", 0);
            sadd(out, "%s|%s|%s|%s", vrf, pfx, nh, ap ? ap : "");
        } else {
            sadd(out, "%s|%s|%s", vrf, pfx, nh);
        }
        if (!v)
            break;
    }
}

static void test_ntc(void **state)
{
    (void)state;
    const char *shared = tu_shared_dir();
    if (!shared)
        exit(tu_skip("../shared is absent: no corpus to compare with"));
    for (size_t i = 0; i < ER_ARRAY_LEN(ntc_cases); i++) {
        const ntc_case *c = &ntc_cases[i];
        const char *raw = tu_path("%s/corpus/ntc-templates/%s", shared, c->raw);
        char yml[4096];
        snprintf(yml, sizeof yml, "%.*s.yml", (int)(strlen(raw) - 4), raw);
        printf("ntc %s\n", c->raw);
        /* Detection picks our parser. */
        size_t len;
        char *buf = tu_read_file(raw, &len);
        assert_non_null(buf);
        const er_parser *det = er_detect_format(buf, len < 65536 ? len : 65536);
        assert_non_null(det);
        assert_string_equal(det->name, c->parser);
        free(buf);
        parsed p;
        assert_true(parse_file(&p, raw));
        if (p.st != c->st || p.stats.skipped != c->skipped)
            print_diags(p.d);
        assert_int_equal(p.st, c->st);
        assert_string_equal(p.format, c->parser);
        assert_int_equal(p.stats.skipped, c->skipped);
        assert_int_equal(p.stats.lines, p.stats.understood + p.stats.skipped);
        yaml y;
        assert_true(yaml_load(&y, yml));
        assert_true(y.nrec > 0);
        strs exp = {0}, got = {0};
        for (int r = 0; r < y.nrec; r++)
            ntc_expect(&y, r, c->k, c->paths, &exp);
        route_keys(&p, kind_has_vrf(c->k), c->paths, &got);
        for (const char *const *x = c->ntc_only; x && *x; x++)
            assert_true(sremove(&exp, *x));
        for (const char *const *x = c->ours_only; x && *x; x++)
            assert_true(sremove(&got, *x));
        assert_same(&exp, &got, c->raw);
        sfree(&exp);
        sfree(&got);
        free(y.e);
        parsed_free(&p);
    }
}

/* ---- napalm get_route_to ---- */

typedef struct napalm_dir {
    const char *dir; /* under napalm/ */
    bool supported;  /* false: the files are XML of the XR XML agent / NETCONF */
} napalm_dir;

static const napalm_dir napalm_dirs[] = {
    {"eos/test_get_route_to/normal", true},
    {"eos/test_get_route_to/iss_1069", true},
    {"eos/test_get_route_to/iss_736", true},
    {"eos/test_get_route_to/iss_1347", true},
    {"eos/test_get_route_to_longer/normal", true},
    {"eos/test_get_route_to_longer/bgp_confederation_origin_suffix", true},
    {"nxos_ssh/test_get_route_to/normal", true},
    {"nxos_ssh/test_get_route_to/vrf1", true},
    {"iosxr/test_get_route_to/SR638170159", false},
    {"iosxr_netconf/test_get_route_to/normal", false},
};

/* Files of those directories that are not route tables (show vrf, neighbor greps). */
static bool not_route_data(const char *name)
{
    return strcmp(name, "show_vrf.json") == 0 || strstr(name, "neighbors") ||
           strstr(name, "show_bgp_process") || strcmp(name, "version.md") == 0;
}

static size_t count_substr(const char *buf, const char *needle)
{
    size_t n = 0;
    for (const char *q = strstr(buf, needle); q; q = strstr(q + 1, needle))
        n++;
    return n;
}

/* Routes in a file counted from its text alone: EOS BGP json one per "nextHop", EOS route
 * json one per via address, NX-OS detail one per "Path type:", NX-OS table one per indented
 * "*via" / " via" line (the legend's "in via output" does not count). */
static size_t independent_count(const char *path, const char *format)
{
    size_t len;
    char *buf = tu_read_file(path, &len);
    assert_non_null(buf);
    size_t n = 0;
    if (strcmp(format, "eos-bgp-json") == 0)
        n = count_substr(buf, "\"nextHop\"");
    else if (strcmp(format, "eos-route-json") == 0)
        n = count_substr(buf, "\"nexthopAddr\"") + count_substr(buf, "\"vtepAddr\"");
    else if (strcmp(format, "nxos-bgp") == 0)
        n = count_substr(buf, "Path type: ");
    else if (strcmp(format, "nxos-route") == 0)
        n = count_substr(buf, "    *via ") + count_substr(buf, "    **via ") +
            count_substr(buf, "     via ");
    else
        fail_msg("no independent count for %s", format);
    free(buf);
    return n;
}

static void test_napalm(void **state)
{
    (void)state;
    const char *shared = tu_shared_dir();
    if (!shared)
        exit(tu_skip("../shared is absent: no corpus to compare with"));
    for (size_t i = 0; i < ER_ARRAY_LEN(napalm_dirs); i++) {
        const napalm_dir *nd = &napalm_dirs[i];
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/corpus/napalm/%s", shared, nd->dir);
        printf("napalm %s\n", nd->dir);
        DIR *dh = opendir(dir);
        assert_non_null(dh);
        strs got = {0};
        int parsed_files = 0;
        struct dirent *de;
        while ((de = readdir(dh)) != NULL) {
            if (de->d_name[0] == '.' || strcmp(de->d_name, "expected_result.json") == 0)
                continue;
            const char *path = tu_path("%s/%s", dir, de->d_name);
            size_t len;
            char *buf = tu_read_file(path, &len);
            assert_non_null(buf);
            const er_parser *det = er_detect_format(buf, len < 65536 ? len : 65536);
            free(buf);
            if (!nd->supported || not_route_data(de->d_name)) {
                /* Documented: XR XML agent / NETCONF replies are not supported, and
                 * these are not route tables. Nobody may claim them as ours. */
                if (det)
                    printf("  %s detected as %s\n", de->d_name, det->name);
                assert_true(!det || (strncmp(det->name, "nxos", 4) && strncmp(det->name, "xr", 2) &&
                                     strncmp(det->name, "eos", 3) && strncmp(det->name, "asa", 3)));
                continue;
            }
            assert_non_null(det);
            parsed p;
            assert_true(parse_file(&p, path));
            if (p.st != ER_OK || p.stats.skipped)
                print_diags(p.d);
            assert_int_equal(p.st, ER_OK);
            assert_int_equal(p.stats.skipped, 0);
            /* These files have no expectation of their own: count their routes another
             * way (one per path / via / next hop line) and compare. */
            assert_int_equal(er_rtable_count(p.t), independent_count(path, p.format));
            route_keys(&p, true, false, &got);
            parsed_files++;
            parsed_free(&p);
        }
        closedir(dh);
        if (!nd->supported) {
            sfree(&got);
            continue;
        }
        assert_true(parsed_files > 0);
        /* Every next hop napalm reports is in what we read, in the same VRF. */
        size_t len;
        char *js = tu_read_file(tu_path("%s/expected_result.json", dir), &len);
        assert_non_null(js);
        cJSON *root = cJSON_Parse(js);
        assert_non_null(root);
        const cJSON *pfx;
        int checked = 0;
        cJSON_ArrayForEach(pfx, root)
        {
            char np[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN];
            assert_true(norm_prefix(pfx->string, NULL, np, sizeof np));
            const cJSON *hop;
            cJSON_ArrayForEach(hop, pfx)
            {
                const cJSON *n = cJSON_GetObjectItemCaseSensitive(hop, "next_hop");
                const cJSON *t = cJSON_GetObjectItemCaseSensitive(hop, "routing_table");
                assert_true(cJSON_IsString(n) && cJSON_IsString(t));
                norm_nh(n->valuestring, nh, sizeof nh);
                char key[512];
                snprintf(key, sizeof key, "%s|%s|%s", t->valuestring, np, nh);
                if (!scontains(&got, key))
                    printf("  missing %s\n", key);
                assert_true(scontains(&got, key));
                checked++;
            }
        }
        assert_true(checked > 0);
        cJSON_Delete(root);
        free(js);
        sfree(&got);
    }
}

/* ---- detection over the whole corpus ---- */

static const char *const own_dirs[] = {
    "ntc-templates/cisco_nxos/", "ntc-templates/cisco_xr/", "ntc-templates/cisco_asa/",
    "ntc-templates/arista_eos/", "napalm/eos/", "napalm/nxos_ssh/", "napalm/iosxr/",
    "napalm/iosxr_netconf/"};
static const char *const own_parsers[] = {"nxos-route", "nxos-bgp", "nxos-forwarding",
                                          "xr-route", "xr-bgp", "asa-route", "eos-route",
                                          "eos-bgp", "eos-route-json", "eos-bgp-json"};

typedef struct walk {
    size_t root_len;
    int foreign, own;
} walk;

static void walk_dir(walk *w, const char *dir)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            walk_dir(w, path);
            continue;
        }
        size_t nl = strlen(de->d_name);
        if ((nl > 4 && strcmp(de->d_name + nl - 4, ".yml") == 0) ||
            strcmp(de->d_name, "expected_result.json") == 0 || strcmp(de->d_name, "MANIFEST.md") == 0)
            continue;
        const char *rel = path + w->root_len + 1;
        bool own = false;
        for (size_t i = 0; i < ER_ARRAY_LEN(own_dirs); i++)
            own |= strncmp(rel, own_dirs[i], strlen(own_dirs[i])) == 0;
        if (own) {
            w->own++;
            continue;
        }
        w->foreign++;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        for (size_t i = 0; i < ER_ARRAY_LEN(own_parsers); i++) {
            const er_parser *p = er_parser_find(own_parsers[i]);
            int s = p->detect(buf, n);
            if (s)
                printf("%s claims foreign sample %s (%d)\n", p->name, rel, s);
            assert_int_equal(s, 0);
        }
    }
    closedir(dh);
}

static void test_detect_foreign(void **state)
{
    (void)state;
    const char *shared = tu_shared_dir();
    if (!shared)
        exit(tu_skip("../shared is absent: no corpus to compare with"));
    const char *root = tu_path("%s/corpus", shared);
    walk w = {strlen(root), 0, 0};
    walk_dir(&w, root);
    printf("foreign samples checked: %d (own: %d)\n", w.foreign, w.own);
    assert_true(w.foreign > 100);
    assert_true(w.own > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntc),
        cmocka_unit_test(test_napalm),
        cmocka_unit_test(test_detect_foreign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
