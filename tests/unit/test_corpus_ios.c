/* The Cisco IOS parsers over the real samples of ../shared/corpus: every ntc-templates
 * cisco_ios BGP and route sample is detected without help and yields exactly the
 * (prefix, next hop) pairs of its expected .yml; the napalm ios get_route_to samples
 * (per-prefix detail output) agree with napalm's expected_result.json; no other corpus
 * file is claimed. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "erready/routes.h"
#include "routes/parse_util.h"
#include "routes/internal.h"

/* ---- a reader for the simple YAML of ntc-templates expected files ---- */

typedef struct yitem {
    char network[64], plen[8], nh[64], nh_if[96], vrf[96], status[8], sel[8], path[512];
    bool has_if, has_vrf, has_sel;
} yitem;

typedef struct ylist {
    yitem *items;
    size_t n, cap;
} ylist;

static void copy_val(char *dst, size_t size, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    assert_true(n < size);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Items are "  - key: value" then "    key: value"; keys and values may be quoted. */
static void yaml_read(const char *text, ylist *out)
{
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        const char *s = p;
        p = *e ? e + 1 : e;
        while (s < e && *s == ' ')
            s++;
        if (s + 1 < e && s[0] == '-' && s[1] == ' ') {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 16;
                out->items = realloc(out->items, out->cap * sizeof *out->items);
                assert_non_null(out->items);
            }
            memset(&out->items[out->n++], 0, sizeof(yitem));
            s += 2;
        }
        const char *colon = memchr(s, ':', (size_t)(e - s));
        if (!colon || !out->n || s == colon)
            continue;
        const char *ks = s, *ke = colon;
        if (*ks == '"' && ke[-1] == '"')
            ks++, ke--;
        const char *vs = colon + 1, *ve = e;
        while (vs < ve && *vs == ' ')
            vs++;
        while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\r'))
            ve--;
        if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"')
            vs++, ve--;
        yitem *it = &out->items[out->n - 1];
        char key[32];
        copy_val(key, sizeof key, ks, ke);
        if (!strcmp(key, "network"))
            copy_val(it->network, sizeof it->network, vs, ve);
        else if (!strcmp(key, "prefix_length"))
            copy_val(it->plen, sizeof it->plen, vs, ve);
        else if (!strcmp(key, "next_hop") || !strcmp(key, "nexthop_ip"))
            copy_val(it->nh, sizeof it->nh, vs, ve);
        else if (!strcmp(key, "nexthop_if")) {
            copy_val(it->nh_if, sizeof it->nh_if, vs, ve);
            it->has_if = true;
        } else if (!strcmp(key, "vrf")) {
            copy_val(it->vrf, sizeof it->vrf, vs, ve);
            it->has_vrf = true;
        } else if (!strcmp(key, "status"))
            copy_val(it->status, sizeof it->status, vs, ve);
        else if (!strcmp(key, "path_selection")) {
            copy_val(it->sel, sizeof it->sel, vs, ve);
            it->has_sel = true;
        } else if (!strcmp(key, "as_path"))
            copy_val(it->path, sizeof it->path, vs, ve);
    }
}

/* The classful length the test expects for a network written without a mask. */
static int natural_len(const char *net)
{
    unsigned a = (unsigned)atoi(net);
    if (!strcmp(net, "0.0.0.0"))
        return 0;
    return a < 128 ? 8 : a < 192 ? 16 : a < 224 ? 24 : -1;
}

/* ---- one sample ---- */

typedef struct totals {
    size_t samples, routes, lines;
} totals;

static void check_sample(const char *raw_path, const char *yml_path, const char *want_format,
                         totals *tot)
{
    size_t len, ylen;
    char *raw = tu_read_file(raw_path, &len);
    char *yml = tu_read_file(yml_path, &ylen);
    assert_non_null(raw);
    assert_non_null(yml);
    ylist exp = {0};
    yaml_read(yml, &exp);

    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    er_status st = er_rtable_load_buffer(t, raw_path, raw, len, NULL, NULL, d);
    const er_rfile *f = er_rtable_file(t, 0);
    const char *base = strrchr(raw_path, '/') + 1;
    print_message("  %-58s %-9s lines %3llu understood %3llu skipped %llu routes %3llu best %3llu"
                  " expected %3zu\n",
                  base, f->format ? f->format : "(none)", (unsigned long long)f->stats.lines,
                  (unsigned long long)f->stats.understood, (unsigned long long)f->stats.skipped,
                  (unsigned long long)f->stats.routes, (unsigned long long)f->stats.best, exp.n);
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        print_message("    diag %d line %u: %s\n", g->level, g->line, g->msg);
        /* The only diagnostics these samples deserve: host bits printed by the router. */
        assert_int_equal(g->level, ER_DIAG_WARNING);
        assert_non_null(strstr(g->msg, "host bits set in"));
    }
    assert_int_equal(st, ER_OK);
    assert_non_null(f->format);
    assert_string_equal(f->format, want_format);
    assert_int_equal(f->stats.skipped, 0);
    assert_int_equal(f->stats.understood, f->stats.lines);
    assert_int_equal(er_rtable_count(t), exp.n);

    for (size_t i = 0; i < exp.n; i++) {
        const yitem *x = &exp.items[i];
        const er_route *r = er_rtable_get(t, i);
        char pfx[128];
        if (strchr(x->network, '/'))
            snprintf(pfx, sizeof pfx, "%s", x->network);
        else if (x->plen[0])
            snprintf(pfx, sizeof pfx, "%s/%s", x->network, x->plen);
        else
            snprintf(pfx, sizeof pfx, "%s/%d", x->network, natural_len(x->network));
        er_prefix want;
        er_addr_err rc = er_prefix_parse(pfx, true, &want);
        assert_true(rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS);
        /* erready clears host bits the router printed and flags the route. */
        bool hostbits = er_prefix_mask_host(&want);
        char got[ER_PREFIX_STRLEN], wanted[ER_PREFIX_STRLEN];
        er_prefix_format(&r->prefix, got, sizeof got);
        er_prefix_format(&want, wanted, sizeof wanted);
        if (strcmp(got, wanted) != 0)
            print_message("    item %zu: prefix %s, expected %s (%s)\n", i, got, wanted, pfx);
        assert_string_equal(got, wanted);
        assert_int_equal(!!(r->flags & ER_RF_HOSTBITS), hostbits);

        if (x->nh[0]) {
            er_prefix nh;
            assert_int_equal(er_prefix_parse(x->nh, false, &nh), ER_ADDR_OK);
            if (!(r->flags & ER_RF_HAS_NH) || r->next_hop != nh.addr || r->nh_family != nh.family)
                print_message("    item %zu: %s next hop differs from %s\n", i, got, x->nh);
            assert_true(r->flags & ER_RF_HAS_NH);
            assert_true(r->next_hop == nh.addr);
            assert_int_equal(r->nh_family, nh.family);
        } else {
            assert_false(r->flags & ER_RF_HAS_NH);
        }
        if (x->has_if)
            assert_string_equal(er_rtable_str(t, r->iface), x->nh_if);
        if (x->has_vrf)
            assert_string_equal(er_rtable_str(t, r->vrf), x->vrf);
        if (x->has_sel) {
            bool best = strchr(x->status, '*') && !strcmp(x->sel, ">");
            assert_int_equal(!!(r->flags & ER_RF_BEST), best);
            assert_string_equal(er_rtable_str(t, r->as_path), x->path);
        } else {
            assert_true(r->flags & ER_RF_BEST);
        }
    }
    tot->samples++;
    tot->routes += exp.n;
    tot->lines += f->stats.lines;
    free(exp.items);
    er_diags_free(d);
    er_rtable_free(t);
    free(raw);
    free(yml);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of the entries of dir (malloc'd, NULL-terminated). */
static char **list_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return NULL;
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        if (n + 1 >= cap) {
            cap *= 2;
            v = realloc(v, cap * sizeof *v);
        }
        v[n++] = strdup(de->d_name);
    }
    closedir(dp);
    qsort(v, n, sizeof *v, cmp_str);
    v[n] = NULL;
    return v;
}

static void free_list(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static const struct {
    const char *dir;
    const char *format;
} ntc_dirs[] = {
    {"show_ip_bgp", "ios-bgp"},
    {"show_ip_bgp_neighbors_advertised-routes", "ios-bgp"},
    {"show_ip_route", "ios-route"},
    {"show_ipv6_route", "ios-route"},
};

static void test_ntc_samples(void **state)
{
    (void)state;
    const char *root = tu_path("%s/corpus/ntc-templates/cisco_ios", tu_shared_dir());
    totals tot = {0};
    for (size_t k = 0; k < ER_ARRAY_LEN(ntc_dirs); k++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", root, ntc_dirs[k].dir);
        char **names = list_dir(dir);
        assert_non_null(names);
        size_t here = 0;
        for (size_t i = 0; names[i]; i++) {
            size_t n = strlen(names[i]);
            if (n < 5 || strcmp(names[i] + n - 4, ".raw") != 0)
                continue;
            char raw[1200], yml[1200];
            snprintf(raw, sizeof raw, "%s/%s", dir, names[i]);
            snprintf(yml, sizeof yml, "%s/%.*s.yml", dir, (int)(n - 4), names[i]);
            check_sample(raw, yml, ntc_dirs[k].format, &tot);
            here++;
        }
        assert_true(here > 0);
        free_list(names);
    }
    print_message("  ntc-templates cisco_ios: %zu samples, %zu lines, %zu routes all matched\n",
                  tot.samples, tot.lines, tot.routes);
    assert_int_equal(tot.samples, 15);
}

/* ---- napalm ios test_get_route_to: per-prefix detail output ---- */

/* Highest detection score of the registered parsers: ios-route-detail must win on its
 * own samples. */
static const er_parser *detail_winner(const char *buf, size_t len, int *score)
{
    const er_parser *best = NULL;
    int top = 0;
    const er_parser *const *ps = er_parsers();
    for (size_t i = 0; ps[i]; i++) {
        int s = ps[i]->detect(buf, len);
        if (s > top)
            top = s, best = ps[i];
    }
    *score = top;
    return best;
}

static bool is_bgp_file(const er_rtable *t, const er_route *r)
{
    return strstr(er_rtable_file(t, r->file)->path, "/show_ip_bgp_") != NULL;
}

/* The route of the expected entry: from the route detail (kind 0) or the BGP detail
 * (kind 1) files, best, same prefix and VRF. */
static const er_route *find_best(const er_rtable *t, int kind, const er_prefix *p,
                                 const char *vrf)
{
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        const er_route *r = er_rtable_get(t, i);
        if (is_bgp_file(t, r) == kind && (r->flags & ER_RF_BEST) &&
            !er_prefix_cmp(&r->prefix, p) && !strcmp(er_rtable_str(t, r->vrf), vrf))
            return r;
    }
    return NULL;
}

static void check_napalm_dir(const char *dir, size_t *n_files, size_t *n_expect)
{
    char **names = list_dir(dir);
    assert_non_null(names);
    er_rtable *t = er_rtable_new();
    const char *case_name = strrchr(dir, '/') + 1;
    for (size_t i = 0; names[i]; i++) {
        const char *nm = names[i];
        if ((strncmp(nm, "show_ip_route_", 14) && strncmp(nm, "show_ip_bgp_", 12)) ||
            strstr(nm, "neighbors"))
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        size_t len;
        char *buf = tu_read_file(path, &len);
        assert_non_null(buf);
        int score;
        const er_parser *w = detail_winner(buf, len, &score);
        er_diags *d = er_diags_new(0);
        const char *t0 = buf;
        while (*t0 == '\n')
            t0++;
        if (!*t0 || *t0 == '%') {
            /* Documented: an empty answer or "% Network not in table" holds no route;
             * no parser claims it and loading it is an input error. */
            print_message("  napalm %-10s %-52s no route in the device answer\n", case_name, nm);
            assert_null(w);
            assert_int_equal(er_rtable_load_buffer(t, path, buf, len, NULL, NULL, d),
                             ER_ERR_PARSE);
        } else {
            assert_ptr_equal(w, &er_parser_ios_route_detail);
            assert_true(score >= 90);
            /* Through the registry once the lead has registered it, else by name. */
            const er_parser *reg = er_parser_find("ios-route-detail");
            size_t before = er_rtable_count(t);
            er_status st = er_rtable_load_buffer(t, path, buf, len,
                                                 reg ? NULL : &er_parser_ios_route_detail,
                                                 NULL, d);
            const er_rfile *f = er_rtable_file(t, er_rtable_file_count(t) - 1);
            print_message("  napalm %-10s %-52s %s lines %llu understood %llu routes %zu\n",
                          case_name, nm, f->format, (unsigned long long)f->stats.lines,
                          (unsigned long long)f->stats.understood,
                          er_rtable_count(t) - before);
            assert_int_equal(st, ER_OK);
            assert_string_equal(f->format, "ios-route-detail");
            assert_int_equal(f->stats.skipped, 0);
            assert_int_equal(er_diags_count(d), 0);
            assert_true(er_rtable_count(t) > before);
            (*n_files)++;
        }
        er_diags_free(d);
        free(buf);
    }

    char jpath[1200];
    snprintf(jpath, sizeof jpath, "%s/expected_result.json", dir);
    char *js = tu_read_file(jpath, NULL);
    assert_non_null(js);
    cJSON *root = cJSON_Parse(js);
    assert_non_null(root);
    const cJSON *pfx;
    cJSON_ArrayForEach(pfx, root)
    {
        er_prefix p;
        assert_int_equal(er_prefix_parse(pfx->string, true, &p), ER_ADDR_OK);
        const cJSON *ent;
        cJSON_ArrayForEach(ent, pfx)
        {
            const char *table = cJSON_GetObjectItem(ent, "routing_table")->valuestring;
            const char *nh = cJSON_GetObjectItem(ent, "next_hop")->valuestring;
            const cJSON *attrs = cJSON_GetObjectItem(ent, "protocol_attributes");
            const char *path = cJSON_GetObjectItem(attrs, "as_path")->valuestring;
            int locpref = cJSON_GetObjectItem(attrs, "local_preference")->valueint;
            const char *vrf = strcmp(table, "default") ? table : "";
            er_prefix want_nh;
            assert_int_equal(er_prefix_parse(nh, false, &want_nh), ER_ADDR_OK);
            print_message("    expected %s vrf %s via %s path '%s' localpref %d\n", pfx->string,
                          table, nh, path, locpref);
            assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ent, "current_active")));
            for (int kind = 0; kind < 2; kind++) {
                const er_route *r = find_best(t, kind, &p, vrf);
                assert_non_null(r);
                assert_true(r->flags & ER_RF_HAS_NH);
                assert_true(r->next_hop == want_nh.addr);
                if (kind == 0) {
                    assert_true(r->proto == ER_PROTO_BGP || r->proto == ER_PROTO_IBGP ||
                                r->proto == ER_PROTO_EBGP);
                    continue;
                }
                /* napalm writes "Local" for a locally originated path; erready keeps the
                 * AS path empty (docs/formats.md). */
                const char *want_path = strcmp(path, "Local") ? path : "";
                assert_string_equal(er_rtable_str(t, r->as_path), want_path);
                assert_true(r->flags & ER_RF_HAS_LOCPREF);
                assert_int_equal(r->locpref, locpref);
                /* napalm merges extended communities (RT:...) into the list; erready
                 * keeps the standard ones. */
                char comm[256] = "";
                const cJSON *c;
                cJSON_ArrayForEach(c, cJSON_GetObjectItem(attrs, "communities"))
                {
                    if (strchr(c->valuestring, ':') && !strncmp(c->valuestring, "RT:", 3))
                        continue;
                    if (comm[0])
                        strcat(comm, " ");
                    strcat(comm, c->valuestring);
                }
                assert_string_equal(er_rtable_str(t, r->communities), comm);
            }
            (*n_expect)++;
        }
    }
    cJSON_Delete(root);
    free(js);
    er_rtable_free(t);
    free_list(names);
}

static void test_napalm_samples(void **state)
{
    (void)state;
    const char *root = tu_path("%s/corpus/napalm/ios/test_get_route_to", tu_shared_dir());
    char **dirs = list_dir(root);
    assert_non_null(dirs);
    size_t n_dirs = 0, n_files = 0, n_expect = 0;
    for (size_t i = 0; dirs[i]; i++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[i]);
        check_napalm_dir(dir, &n_files, &n_expect);
        n_dirs++;
    }
    free_list(dirs);
    print_message("  napalm ios: %zu cases, %zu detail files read, %zu expected routes matched\n",
                  n_dirs, n_files, n_expect);
    assert_int_equal(n_dirs, 4);
    assert_int_equal(n_expect, 6);
}

/* ---- no other corpus file is claimed ---- */

typedef struct walk {
    size_t files, fallback;
} walk;

static bool is_ios_sample(const char *path)
{
    return strstr(path, "/ntc-templates/cisco_ios/") || strstr(path, "/napalm/ios/");
}

static void walk_dir(const char *dir, walk *w)
{
    char **names = list_dir(dir);
    assert_non_null(names);
    const er_parser *bgp = er_parser_find("ios-bgp"), *rt = er_parser_find("ios-route"),
                    *plain = er_parser_find("plain");
    for (size_t i = 0; names[i]; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            walk_dir(path, w);
            continue;
        }
        if (!S_ISREG(sb.st_mode) || is_ios_sample(path))
            continue;
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        static char buf[64 * 1024];
        size_t n = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        int sb_ = bgp->detect(buf, n), sr = rt->detect(buf, n), sp = plain->detect(buf, n),
            sd = er_parser_ios_route_detail.detect(buf, n);
        if (sb_ > 20 || sr > 20 || sp > 0 || sd > 20)
            print_message("    claimed: %s (ios-bgp %d, ios-route %d, plain %d, "
                          "ios-route-detail %d)\n",
                          path, sb_, sr, sp, sd);
        assert_true(sb_ <= 20);
        assert_true(sr <= 20);
        assert_true(sd <= 20);
        assert_int_equal(sp, 0);
        w->fallback += (sb_ > 0 || sr > 0 || sd > 0);
        w->files++;
    }
    free_list(names);
}

static void test_others_not_claimed(void **state)
{
    (void)state;
    walk w = {0};
    walk_dir(tu_path("%s/corpus", tu_shared_dir()), &w);
    print_message("  %zu other corpus files: none claimed; %zu get the low fallback score of a "
                  "look-alike\n",
                  w.files, w.fallback);
    assert_true(w.files > 100);
}

int main(void)
{
    if (!tu_shared_dir())
        return tu_skip("../shared is absent: no corpus to read");
    struct stat sb;
    if (stat(tu_path("%s/corpus/ntc-templates/cisco_ios", tu_shared_dir()), &sb) != 0)
        return tu_skip("../shared/corpus/ntc-templates/cisco_ios is absent");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntc_samples),
        cmocka_unit_test(test_napalm_samples),
        cmocka_unit_test(test_others_not_claimed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
