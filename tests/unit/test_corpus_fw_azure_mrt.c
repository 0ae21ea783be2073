/* The firewall-azure-mrt parsers on the shared corpus: PAN-OS and FortiGate against the
 * ntc-templates expected .yml, Azure samples and bgpdump RIB/update dumps against counts
 * made here independently from the raw text, and detection over every other sample. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "testutil.h"

#include "erready/routes.h"
#include "routes/internal.h"

static const char *shared;

/* ---- small helpers ---- */

typedef struct loaded {
    er_rtable *t;
    er_diags *d;
    er_status st;
    const er_rfile *f;
} loaded;

static loaded load_path(const char *path)
{
    loaded l;
    l.t = er_rtable_new();
    l.d = er_diags_new(0);
    l.st = er_rtable_load(l.t, path, NULL, NULL, l.d);
    l.f = er_rtable_file(l.t, 0);
    return l;
}

static void unload(loaded *l)
{
    er_rtable_free(l->t);
    er_diags_free(l->d);
}

static size_t count_diags(const er_diags *d, er_diag_level lvl, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->level == lvl && (!needle || strstr(g->msg, needle)))
            n++;
    }
    return n;
}

static void print_diags(const er_diags *d)
{
    for (size_t i = 0; i < er_diags_count(d) && i < 20; i++) {
        const er_diag *g = er_diags_get(d, i);
        print_message("  diag %d %u:%u %s\n", g->level, g->line, g->col, g->msg);
    }
}

static bool ref_is(const er_rtable *t, er_strref r, const char *want)
{
    return r.len == strlen(want) && memcmp(er_rtable_str(t, r), want, r.len) == 0;
}

static uint64_t count_lines(const char *b, size_t len)
{
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\n')
            n++;
    if (len && b[len - 1] != '\n')
        n++;
    return n;
}

/* Sorted list of regular files under dir (recursive), each a malloc'd path. */
typedef struct file_list {
    char **v;
    size_t n, cap;
} file_list;

static void list_files(const char *dir, file_list *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(de->d_name) + 2;
        char *p = malloc(n);
        snprintf(p, n, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_files(p, out);
            free(p);
        } else if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 64;
                out->v = realloc(out->v, out->cap * sizeof *out->v);
            }
            out->v[out->n++] = p;
        } else {
            free(p);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---- a reader for ntc-templates' parsed_sample YAML ---- */

#define YKEYS 12
typedef struct yrec {
    char key[YKEYS][32];
    char val[YKEYS][128];
    int n;
} yrec;

/* Records of "  - key: "value"" / "    key: "value"" lines. */
static yrec *read_ntc_yml(const char *path, size_t *count)
{
    size_t len;
    char *b = tu_read_file(path, &len);
    assert_non_null(b);
    yrec *v = NULL;
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(b, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "  - ", 4) == 0) {
            v = realloc(v, (n + 1) * sizeof *v);
            memset(&v[n], 0, sizeof v[n]);
            n++;
            line += 4;
        } else if (strncmp(line, "    ", 4) == 0 && n) {
            line += 4;
        } else {
            continue;
        }
        char *colon = strchr(line, ':');
        assert_non_null(colon);
        yrec *r = &v[n - 1];
        assert_true(r->n < YKEYS);
        snprintf(r->key[r->n], sizeof r->key[0], "%.*s", (int)(colon - line), line);
        char *q = colon + 1;
        while (*q == ' ')
            q++;
        if (*q == '"') {
            q++;
            char *e = strrchr(q, '"');
            assert_non_null(e);
            *e = '\0';
        }
        snprintf(r->val[r->n], sizeof r->val[0], "%s", q);
        r->n++;
    }
    free(b);
    *count = n;
    return v;
}

static const char *yget(const yrec *r, const char *key)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->key[i], key) == 0)
            return r->val[i];
    fail_msg("key %s missing in yml record", key);
    return NULL;
}

static void expect_prefix(const er_route *r, const char *text, size_t i)
{
    er_prefix p;
    assert_int_equal(er_prefix_parse(text, true, &p), ER_ADDR_OK);
    if (er_prefix_cmp(&p, &r->prefix) != 0)
        fail_msg("route %zu: prefix differs from %s", i, text);
}

static void expect_nh(const er_route *r, const char *text, size_t i)
{
    er_prefix p;
    assert_int_equal(er_prefix_parse(text, false, &p), ER_ADDR_OK);
    if (!(r->flags & ER_RF_HAS_NH) || r->next_hop != p.addr || r->nh_family != p.family)
        fail_msg("route %zu: next hop differs from %s", i, text);
}

/* ---- PAN-OS against ntc-templates ---- */

static void test_panos_ntc(void **state)
{
    (void)state;
    const char *dir = tu_path("%s/corpus/ntc-templates/paloalto_panos/show_routing_route", shared);
    file_list fl = {0};
    list_files(dir, &fl);
    qsort(fl.v, fl.n, sizeof *fl.v, cmp_str);
    size_t samples = 0;
    for (size_t k = 0; k < fl.n; k++) {
        if (!ends_with(fl.v[k], ".raw"))
            continue;
        samples++;
        char yml[4096];
        snprintf(yml, sizeof yml, "%.*s.yml", (int)(strlen(fl.v[k]) - 4), fl.v[k]);
        size_t n;
        yrec *y = read_ntc_yml(yml, &n);
        loaded l = load_path(fl.v[k]);
        print_message("%s: %zu expected routes\n", fl.v[k], n);
        if (l.st != ER_OK)
            print_diags(l.d);
        assert_int_equal(l.st, ER_OK);
        assert_string_equal(l.f->format, "panos-route");
        assert_int_equal(l.f->stats.skipped, 0);
        assert_int_equal(er_rtable_count(l.t), n);
        /* documented exception: the first sample was cut by its author ("total routes
         * shown: 98" after 28 rows) */
        bool cut = ends_with(fl.v[k], "paloalto_panos_show_routing_route.raw");
        assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "lists 98 routes but 28 rows"),
                         cut ? 1 : 0);
        assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, NULL), cut ? 1 : 0);
        for (size_t i = 0; i < n; i++) {
            const er_route *r = er_rtable_get(l.t, i);
            char pfx[160];
            snprintf(pfx, sizeof pfx, "%s/%s", yget(&y[i], "network"),
                     yget(&y[i], "prefix_length"));
            expect_prefix(r, pfx, i);
            const char *nh = yget(&y[i], "nexthop_ip");
            if (strcmp(nh, "discard") == 0) {
                assert_true(r->flags & ER_RF_DISCARD);
                assert_false(r->flags & ER_RF_HAS_NH);
            } else if (strcmp(nh, "0.0.0.0") == 0 || strcmp(nh, "::") == 0) {
                assert_false(r->flags & ER_RF_HAS_NH);
            } else {
                expect_nh(r, nh, i);
            }
            bool active = strchr(yget(&y[i], "flags"), 'A') != NULL;
            assert_int_equal(!!(r->flags & ER_RF_BEST), active);
            const char *ifc = yget(&y[i], "nexthop_if");
            assert_true(ref_is(l.t, r->iface, ifc));
            const char *metric = yget(&y[i], "metric");
            if (metric[0]) {
                assert_true(r->flags & ER_RF_HAS_METRIC);
                assert_int_equal(r->metric, strtoul(metric, NULL, 10));
            } else {
                assert_false(r->flags & ER_RF_HAS_METRIC);
            }
            const char *nas = yget(&y[i], "next_as");
            if (nas[0] && strcmp(nas, "0") != 0)
                assert_true(ref_is(l.t, r->as_path, nas));
            else
                assert_int_equal(r->as_path.len, 0);
        }
        unload(&l);
        free(y);
    }
    assert_int_equal(samples, 3);
    free_list(&fl);
}

/* ---- FortiGate against ntc-templates ---- */

static void test_fortigate_ntc(void **state)
{
    (void)state;
    const char *dir =
        tu_path("%s/corpus/ntc-templates/fortinet/get_router_info_routing-table_all", shared);
    file_list fl = {0};
    list_files(dir, &fl);
    size_t samples = 0;
    for (size_t k = 0; k < fl.n; k++) {
        if (!ends_with(fl.v[k], ".raw"))
            continue;
        samples++;
        char yml[4096];
        snprintf(yml, sizeof yml, "%.*s.yml", (int)(strlen(fl.v[k]) - 4), fl.v[k]);
        size_t n;
        yrec *y = read_ntc_yml(yml, &n);
        loaded l = load_path(fl.v[k]);
        assert_int_equal(l.st, ER_OK);
        assert_string_equal(l.f->format, "fortigate-route");
        assert_int_equal(l.f->stats.skipped, 0);
        assert_int_equal(er_diags_count(l.d), 0);
        assert_int_equal(er_rtable_count(l.t), n);
        for (size_t i = 0; i < n; i++) {
            const er_route *r = er_rtable_get(l.t, i);
            expect_prefix(r, yget(&y[i], "destination"), i);
            const char *gw = yget(&y[i], "gateway");
            if (strcmp(gw, "is directly connected") == 0) {
                assert_false(r->flags & ER_RF_HAS_NH);
                assert_int_equal(r->proto, ER_PROTO_CONNECTED);
            } else {
                expect_nh(r, gw, i);
            }
            assert_true(ref_is(l.t, r->iface, yget(&y[i], "interface")));
            const char *dist = yget(&y[i], "distance"), *metric = yget(&y[i], "metric");
            if (dist[0]) {
                assert_true(r->flags & ER_RF_HAS_DISTANCE);
                assert_int_equal(r->distance, strtoul(dist, NULL, 10));
            }
            if (metric[0])
                assert_int_equal(r->metric, strtoul(metric, NULL, 10));
            /* `get router info routing-table all` lists installed routes only */
            assert_true(r->flags & ER_RF_BEST);
        }
        unload(&l);
        free(y);
    }
    assert_int_equal(samples, 1);
    free_list(&fl);
}

/* ---- Azure samples: counts made here from the raw text ---- */

/* A token shaped like a prefix: hex digits, dots and colons, '/', digits. */
static bool prefix_shaped(const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    if (!slash || slash == s || slash + 1 == s + n)
        return false;
    for (const char *p = s; p < slash; p++)
        if (!strchr("0123456789abcdefABCDEF:.", *p))
            return false;
    for (const char *p = slash + 1; p < s + n; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* Independent count over a text sample: route lines have a prefix-shaped token among
 * their first two; best per table kind (see the parsers' documented rules). */
typedef struct text_count {
    size_t routes, best;
    size_t path_warnings; /* paths that are docs placeholders ('#') */
} text_count;

static text_count count_azure_text(const char *b)
{
    text_count c = {0};
    char *copy = strdup(b), *save = NULL;
    char prev_pfx[128] = "";
    bool run_star = false;
    size_t run_len = 0;
    bool er_table = false;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strstr(line, "NextHop") && strstr(line, "Network"))
            er_table = true;
        if (strstr(line, "NextHopType") || strstr(line, "Next Hop Type"))
            er_table = false;
        char tok[2][128] = {"", ""};
        int nt = 0;
        for (char *p = line; *p && nt < 2;) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                break;
            char *q = p;
            while (*q && *q != ' ' && *q != '\t')
                q++;
            snprintf(tok[nt++], sizeof tok[0], "%.*s", (int)(q - p), p);
            p = q;
        }
        const char *pfx = NULL;
        for (int i = 0; i < nt && !pfx; i++)
            if (prefix_shaped(tok[i], strlen(tok[i])))
                pfx = tok[i];
        if (!pfx) {
            /* a group ends where the table ends */
            if (run_len && !run_star)
                c.best++;
            run_len = 0;
            prev_pfx[0] = '\0';
            continue;
        }
        c.routes++;
        if (strchr(line, '#'))
            c.path_warnings++;
        if (er_table || strncmp(line, "Network", 7) == 0) {
            if (strcmp(pfx, prev_pfx) != 0) {
                if (run_len && !run_star)
                    c.best++;
                run_len = 0;
                run_star = false;
                snprintf(prev_pfx, sizeof prev_pfx, "%s", pfx);
            }
            run_len++;
            if (strchr(line, '*')) {
                run_star = true;
                c.best++;
            }
        } else if (!strstr(line, " Invalid ")) {
            c.best++;
        }
    }
    if (run_len && !run_star)
        c.best++;
    free(copy);
    return c;
}

/* PowerShell records: one route per "Network" line, grouped as above. */
static text_count count_azure_ps(const char *b)
{
    text_count c = {0};
    char *copy = strdup(b), *save = NULL;
    char prev[128] = "";
    bool star = false;
    size_t run = 0;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char key[32], val[128] = "";
        if (sscanf(line, "%31s : %127s", key, val) < 1)
            continue;
        if (strcmp(key, "Network") == 0) {
            c.routes++;
            if (strcmp(val, prev) != 0) {
                if (run && !star)
                    c.best++;
                run = 0;
                star = false;
                snprintf(prev, sizeof prev, "%s", val);
            }
            run++;
        } else if (strcmp(key, "NextHop") == 0 && strchr(val, '*')) {
            star = true;
            c.best++;
        } else if (strcmp(key, "Path") == 0 && strchr(line, '#')) {
            c.path_warnings++;
        }
    }
    if (run && !star)
        c.best++;
    free(copy);
    return c;
}

/* JSON with cJSON: prefixes x next hops, best when Active. */
static text_count count_azure_json(const char *b)
{
    text_count c = {0};
    cJSON *root = cJSON_Parse(b);
    assert_non_null(root);
    cJSON *arr = cJSON_IsArray(root) ? root : cJSON_GetObjectItem(root, "value");
    cJSON *el;
    cJSON_ArrayForEach(el, arr)
    {
        int np = cJSON_GetArraySize(cJSON_GetObjectItem(el, "addressPrefix"));
        int nh = cJSON_GetArraySize(cJSON_GetObjectItem(el, "nextHopIpAddress"));
        size_t n = (size_t)np * (size_t)(nh ? nh : 1);
        c.routes += n;
        const cJSON *st = cJSON_GetObjectItem(el, "state");
        if (cJSON_IsString(st) && strcmp(st->valuestring, "Active") == 0)
            c.best += n;
    }
    cJSON_Delete(root);
    return c;
}

static void test_azure_samples(void **state)
{
    (void)state;
    static const char *const dirs[] = {"azure-cli-recordings", "azure-docs",
                                       "kaysalawu-azure-network-terraform/azure"};
    size_t files = 0, total_routes = 0;
    for (size_t di = 0; di < ER_ARRAY_LEN(dirs); di++) {
        file_list fl = {0};
        list_files(tu_path("%s/corpus/%s", shared, dirs[di]), &fl);
        qsort(fl.v, fl.n, sizeof *fl.v, cmp_str);
        for (size_t k = 0; k < fl.n; k++) {
            const char *path = fl.v[k];
            size_t len;
            char *b = tu_read_file(path, &len);
            assert_non_null(b);
            bool json = ends_with(path, ".json");
            bool ps = strstr(path, "azure_powershell") != NULL;
            bool classic = strstr(path, "Get-AzureDedicatedCircuitPeeringRouteTableInfo") != NULL;
            text_count want = json ? count_azure_json(b)
                              : ps && !classic ? count_azure_ps(b)
                                               : count_azure_text(b);
            loaded l = load_path(path);
            print_message("%s: %zu routes, %zu best\n", path, want.routes, want.best);
            if (l.st != ER_OK)
                print_diags(l.d);
            assert_int_equal(l.st, ER_OK);
            assert_string_equal(l.f->format,
                                json ? "azure-json" : ps ? "azure-ps" : "azure-table");
            assert_int_equal(l.f->stats.lines, count_lines(b, len));
            /* documented exception: the classic docs sample ends in a "..." elision */
            size_t skipped = classic ? 1 : 0;
            assert_int_equal(l.f->stats.skipped, skipped);
            if (classic)
                assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood: '\t...'"), 1);
            assert_int_equal(er_rtable_count(l.t), want.routes);
            assert_int_equal(l.f->stats.best, want.best);
            /* documented exception: the docs samples hide AS numbers behind '#' */
            assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "as path not understood"),
                             want.path_warnings);
            assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, NULL),
                             want.path_warnings + skipped);
            assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, NULL), 0);
            total_routes += want.routes;
            files++;
            unload(&l);
            free(b);
        }
        free_list(&fl);
    }
    /* 1 CLI recording, 2 docs samples, 40 lab blocks */
    assert_int_equal(files, 43);
    assert_true(total_routes > 900);
}

/* ---- bgpdump: every RIB and update dump, counted from the decompressed text ---- */

typedef struct rib_rec {
    char prefix[48];
    uint32_t hops;
    uint32_t line;
} rib_rec;

static int cmp_rib(const void *a, const void *b)
{
    const rib_rec *x = a, *y = b;
    int c = strcmp(x->prefix, y->prefix);
    if (c)
        return c;
    if (x->hops != y->hops)
        return x->hops < y->hops ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Field i (0-based) of a '|' line into out. */
static bool field(const char *line, int i, char *out, size_t cap)
{
    const char *p = line;
    for (int k = 0; k < i; k++) {
        p = strchr(p, '|');
        if (!p)
            return false;
        p++;
    }
    const char *e = strchr(p, '|');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n >= cap)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static void test_bgpdump_dumps(void **state)
{
    (void)state;
    file_list fl = {0};
    list_files(tu_path("%s/corpus/bgpdump/mrt/bgpdump_-m/test_expect", shared), &fl);
    qsort(fl.v, fl.n, sizeof *fl.v, cmp_str);
    size_t ribs = 0, updates = 0;
    static char line[1 << 16];
    for (size_t k = 0; k < fl.n; k++) {
        const char *path = fl.v[k];
        if (!ends_with(path, ".bgp.gz"))
            continue;
        gzFile gz = gzopen(path, "rb");
        assert_non_null(gz);
        uint64_t lines = 0, announce = 0, withdraw = 0;
        size_t nrec = 0, cap = 0;
        rib_rec *rec = NULL;
        while (gzgets(gz, line, sizeof line)) {
            size_t n = strlen(line);
            assert_true(n > 0 && line[n - 1] == '\n');
            line[n - 1] = '\0';
            lines++;
            char ty[32], sub[16], path_f[8192];
            assert_true(field(line, 0, ty, sizeof ty));
            assert_true(field(line, 2, sub, sizeof sub));
            if (strncmp(ty, "TABLE_DUMP", 10) == 0) {
                bool ap = strstr(ty, "_AP") != NULL;
                if (nrec == cap) {
                    cap = cap ? cap * 2 : 4096;
                    rec = realloc(rec, cap * sizeof *rec);
                    assert_non_null(rec);
                }
                rib_rec *r = &rec[nrec++];
                assert_true(field(line, 5, r->prefix, sizeof r->prefix));
                assert_true(field(line, ap ? 7 : 6, path_f, sizeof path_f));
                r->hops = 0;
                r->line = (uint32_t)lines;
                int depth = 0;
                for (char *t = strtok(path_f, " "); t; t = strtok(NULL, " ")) {
                    if (t[0] == '(')
                        depth++;
                    if (!depth)
                        r->hops++;
                    if (strchr(t, ')'))
                        depth--;
                }
            } else if (strcmp(sub, "A") == 0) {
                announce++;
            } else if (strcmp(sub, "W") == 0) {
                withdraw++;
            }
        }
        gzclose(gz);

        loaded l = load_path(path);
        print_message("%s: %llu lines, %zu rib entries\n", path, (unsigned long long)lines, nrec);
        assert_non_null(l.f);
        assert_string_equal(l.f->format, "bgpdump");
        assert_int_equal(l.f->stats.lines, lines);
        assert_int_equal(l.f->stats.skipped, 0);
        assert_int_equal(l.f->stats.understood, lines);
        assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, NULL), 0);
        assert_int_equal(er_rtable_count(l.t), nrec);
        if (announce || withdraw) {
            char note[128];
            snprintf(note, sizeof note, "%llu bgp4mp announcements and %llu withdrawals",
                     (unsigned long long)announce, (unsigned long long)withdraw);
            assert_int_equal(count_diags(l.d, ER_DIAG_NOTE, note), 1);
        }
        if (nrec == 0) {
            /* an update dump is no table: understood, but nothing to analyse */
            assert_int_equal(l.st, ER_ERR_PARSE);
            assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "no routes found"), 1);
            updates++;
        } else {
            assert_int_equal(l.st, ER_OK);
            ribs++;
            /* best: per prefix, the fewest AS hops, then the first in file order */
            uint8_t *want_best = calloc(lines + 2, 1);
            assert_non_null(want_best);
            qsort(rec, nrec, sizeof *rec, cmp_rib);
            size_t uniq = 0;
            for (size_t i = 0; i < nrec; i++) {
                if (i == 0 || strcmp(rec[i].prefix, rec[i - 1].prefix) != 0) {
                    want_best[rec[i].line] = 1;
                    uniq++;
                }
            }
            assert_int_equal(l.f->stats.best, uniq);
            for (size_t i = 0; i < er_rtable_count(l.t); i++) {
                const er_route *r = er_rtable_get(l.t, i);
                if (!!(r->flags & ER_RF_BEST) != want_best[r->line])
                    fail_msg("%s line %u: best %d, want %d", path, r->line,
                             !!(r->flags & ER_RF_BEST), want_best[r->line]);
                assert_true(r->flags & ER_RF_HAS_NH);
                assert_int_equal(r->proto, ER_PROTO_BGP);
            }
            free(want_best);
        }
        free(rec);
        unload(&l);
    }
    assert_int_equal(ribs, 5);
    assert_int_equal(updates, 8);
    free_list(&fl);

    /* the MRT inputs themselves are binary: decompressed, then refused cleanly */
    file_list raw = {0};
    list_files(tu_path("%s/corpus/bgpdump/mrt/bgpdump_-m/test_data", shared), &raw);
    assert_true(raw.n > 0);
    for (size_t k = 0; k < raw.n; k++) {
        loaded l = load_path(raw.v[k]);
        assert_int_not_equal(l.st, ER_OK);
        assert_int_equal(er_rtable_count(l.t), 0);
        assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "cannot tell which route format"), 1);
        unload(&l);
    }
    free_list(&raw);
}

/* ---- detection over the whole corpus ---- */

static const char *const mine[] = {"panos-route", "fortigate-route", "azure-json",
                                   "azure-table", "azure-ps", "bgpdump"};

/* Which of this batch's parsers a corpus file belongs to, or NULL. */
static const char *owner(const char *path)
{
    if (strstr(path, "/paloalto_panos/") && ends_with(path, ".raw"))
        return "panos-route";
    if (strstr(path, "/fortinet/") && ends_with(path, ".raw"))
        return "fortigate-route";
    if (strstr(path, "/azure-cli-recordings/"))
        return "azure-json";
    if (strstr(path, "/azure-docs/"))
        return "azure-ps";
    if (strstr(path, "/kaysalawu-azure-network-terraform/azure/"))
        return "azure-table";
    if (strstr(path, "/bgpdump/") && ends_with(path, ".bgp.gz"))
        return "bgpdump";
    return NULL;
}

static void test_detection_corpus(void **state)
{
    (void)state;
    file_list fl = {0};
    list_files(tu_path("%s/corpus", shared), &fl);
    size_t own = 0, foreign = 0;
    for (size_t k = 0; k < fl.n; k++) {
        const char *path = fl.v[k];
        if (strstr(path, "/bgpdump/") && strstr(path, "/test_data/"))
            continue; /* binary MRT, checked above */
        size_t len;
        char *b = tu_read_file(path, &len);
        assert_non_null(b);
        char *plain = b;
        size_t plen = len;
        if (er_is_gzip(b, len)) {
            const char *why;
            assert_int_equal(er_gunzip(b, len, ER_GZIP_MAX, &plain, &plen, &why), ER_OK);
        }
        size_t win = plen < 65536 ? plen : 65536;
        const char *o = owner(path);
        if (o) {
            const er_parser *p = er_detect_format(plain, win);
            if (!p || strcmp(p->name, o) != 0)
                fail_msg("%s: detected as %s, want %s", path, p ? p->name : "nothing", o);
            own++;
        } else {
            for (size_t i = 0; i < ER_ARRAY_LEN(mine); i++) {
                int s = er_parser_find(mine[i])->detect(plain, win);
                if (s != 0)
                    fail_msg("%s scores %d on foreign sample %s", mine[i], s, path);
            }
            foreign++;
        }
        if (plain != b)
            free(plain);
        free(b);
    }
    print_message("%zu own samples, %zu foreign samples\n", own, foreign);
    assert_int_equal(own, 3 + 1 + 43 + 13);
    assert_true(foreign > 500);
    free_list(&fl);
}

int main(void)
{
    shared = tu_shared_dir();
    if (!shared)
        return tu_skip("../shared (the corpus) is absent");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panos_ntc),       cmocka_unit_test(test_fortigate_ntc),
        cmocka_unit_test(test_azure_samples),   cmocka_unit_test(test_bgpdump_dumps),
        cmocka_unit_test(test_detection_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
