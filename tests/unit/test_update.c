/* Tests of fresh-data handling: download-page parsing, the cache store (atomic commits,
 * previous version, damage, locking), validation, feed diffs, imports, and HTTPS downloads
 * and updates against a loopback test server (tests/update/server.py) that this test
 * starts and stops. Nothing here contacts another host. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "erready/update.h"
#include "testutil.h"

/* ---- fixtures ---- */

static struct {
    char tmp[256];
    char feeds[300], www[300], cacert[300], log[300];
    pid_t server;
    int port[4]; /* main, rogue, wrongname, proxy */
    bool have_tools, have_server;
} G;

static bool have_cmd(const char *cmd)
{
    char buf[256];
    snprintf(buf, sizeof buf, "command -v %s >/dev/null 2>&1", cmd);
    return system(buf) == 0;
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd);
}

static const char *feed(const char *name)
{
    return tu_path("%s/%s", G.feeds, name);
}

static char *read_all(const char *path, size_t *len)
{
    return tu_read_file(path, len);
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static int global_setup(void **state)
{
    (void)state;
    snprintf(G.tmp, sizeof G.tmp, "/tmp/erready-test-update-XXXXXX");
    if (!mkdtemp(G.tmp))
        return -1;
    snprintf(G.feeds, sizeof G.feeds, "%s/feeds", G.tmp);
    snprintf(G.www, sizeof G.www, "%s/www", G.tmp);
    snprintf(G.cacert, sizeof G.cacert, "%s/certs/ca.pem", G.tmp);
    snprintf(G.log, sizeof G.log, "%s/server.log", G.tmp);
    G.have_tools = have_cmd("python3") && have_cmd("openssl");
    if (!G.have_tools)
        return 0;
    if (run("python3 '%s/tests/update/mkfeeds.py' '%s'", tu_src_dir(), G.feeds) != 0)
        return -1;
    mkdir(G.www, 0755);
    return 0;
}

static int global_teardown(void **state)
{
    (void)state;
    if (G.have_server) {
        kill(G.server, SIGTERM);
        waitpid(G.server, NULL, 0);
        G.have_server = false;
    }
    if (G.tmp[0])
        run("rm -rf '%s'", G.tmp);
    return 0;
}

/* Start the loopback server (once). False when python3/openssl are missing. */
static bool start_server(void)
{
    if (G.have_server)
        return true;
    if (!G.have_tools)
        return false;
    char script[512], certdir[300], ports[300];
    snprintf(script, sizeof script, "%s/tests/update/server.py", tu_src_dir());
    snprintf(certdir, sizeof certdir, "%s/certs", G.tmp);
    snprintf(ports, sizeof ports, "%s/ports", G.tmp);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        execlp("python3", "python3", script, "--certdir", certdir, "--data", G.www,
               "--portfile", ports, "--log", G.log, "--lifetime", "120", "--orphan-exit",
               (char *)NULL);
        _exit(127);
    }
    G.server = pid;
    G.have_server = true;
    for (int i = 0; i < 300; i++) { /* at most 30 s, usually well under 1 s */
        FILE *f = fopen(ports, "r");
        if (f) {
            char name[32];
            int port, k = 0;
            while (k < 4 && fscanf(f, "%31s %d", name, &port) == 2)
                G.port[k++] = port;
            fclose(f);
            if (k == 4)
                return true;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            G.have_server = false;
            return false;
        }
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    return false;
}

#define NEED_SERVER()                                                                        \
    do {                                                                                     \
        if (!start_server()) {                                                               \
            print_message("python3 or openssl missing: the loopback server cannot run\n");   \
            skip();                                                                          \
        }                                                                                    \
    } while (0)

static const char *url(int which, const char *path)
{
    return tu_path("https://127.0.0.1:%d%s", G.port[which], path);
}

static void serve(const char *name, const char *as)
{
    assert_int_equal(run("cp '%s/%s' '%s/%s'", G.feeds, name, G.www, as ? as : name), 0);
}

static void clear_www(void)
{
    run("rm -f '%s'/*", G.www);
}

static bool log_has(const char *needle)
{
    char *s = read_all(G.log, NULL);
    bool found = s && strstr(s, needle);
    free(s);
    return found;
}

static size_t log_count(const char *needle)
{
    char *s = read_all(G.log, NULL);
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)); p++)
        n++;
    free(s);
    return n;
}

static bool diags_have(const er_diags *d, const char *needle)
{
    for (size_t i = 0; i < er_diags_count(d); i++)
        if (strstr(er_diags_get(d, i)->msg, needle))
            return true;
    return false;
}

static void dump_diags(const er_diags *d)
{
    for (size_t i = 0; i < er_diags_count(d); i++)
        print_message("  diag: %s: %s\n", er_diags_get(d, i)->file ? er_diags_get(d, i)->file : "",
                      er_diags_get(d, i)->msg);
}

/* Every file of a directory (name and bytes), sorted, as one string. */
static char *dir_snapshot(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    if (n < 0)
        return strdup("(none)");
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") && strcmp(name, "..")) {
            size_t fl = 0;
            char *data = read_all(tu_path("%s/%s", dir, name), &fl);
            size_t need = len + strlen(name) + fl + 4;
            if (need > cap) {
                while (need > cap)
                    cap *= 2;
                out = realloc(out, cap);
            }
            len += (size_t)sprintf(out + len, "%s:", name);
            if (data)
                memcpy(out + len, data, fl);
            len += fl;
            out[len++] = '\n';
            free(data);
        }
        free(list[i]);
    }
    free(list);
    out[len] = '\0';
    /* Embedded NULs are impossible in these text files; the length check covers the rest. */
    return out;
}

/* ---- download page parsing ---- */

typedef struct link_case {
    const char *page, *cloud, *page_url, *want;
} link_case;

static const link_case link_cases[] = {
    {"<a href=\"https://download.microsoft.com/download/7/1/D/x/ServiceTags_Public_20251103.json"
     "\">click</a>",
     "Public", "https://www.microsoft.com/en-us/download/confirmation.aspx?id=56519",
     "https://download.microsoft.com/download/7/1/D/x/ServiceTags_Public_20251103.json"},
    /* the newest of several; JSON-escaped slashes */
    {"{\"url\":\"https:\\/\\/download.microsoft.com\\/d\\/ServiceTags_Public_20251020.json\"},"
     "{\"url\":\"https:\\/\\/download.microsoft.com\\/d\\/ServiceTags_Public_20251103.json\"}",
     "Public", NULL, "https://download.microsoft.com/d/ServiceTags_Public_20251103.json"},
    /* another cloud's link is not taken */
    {"<a href='https://download.microsoft.com/d/ServiceTags_China_20251103.json'>x</a>", "Public",
     NULL, NULL},
    {"<a href='https://download.microsoft.com/d/ServiceTags_AzureGovernment_20251020.json'>", "AzureGovernment",
     NULL, "https://download.microsoft.com/d/ServiceTags_AzureGovernment_20251020.json"},
    /* plain http, other hosts, credentials, and a bare file name are ignored */
    {"<a href=\"http://download.microsoft.com/d/ServiceTags_Public_20251103.json\">", "Public",
     NULL, NULL},
    {"<a href=\"https://evil.example/ServiceTags_Public_20251103.json\">", "Public",
     "https://www.microsoft.com/x", NULL},
    {"<a href=\"https://user@download.microsoft.com/ServiceTags_Public_20251103.json\">", "Public",
     NULL, NULL},
    {"ServiceTags_Public_20251103.json is the file", "Public", NULL, NULL},
    /* the page's own host is accepted (mirrors, tests) */
    {"<a href=\"https://127.0.0.1:8443/files/ServiceTags_Public_20251103.json\">", "Public",
     "https://127.0.0.1:8443/page/Public", "https://127.0.0.1:8443/files/ServiceTags_Public_20251103.json"},
    /* a malformed date, and a good link after it */
    {"https://download.microsoft.com/ServiceTags_Public_2025110.json "
     "https://download.microsoft.com/ServiceTags_Public_20251104.json",
     "Public", NULL, "https://download.microsoft.com/ServiceTags_Public_20251104.json"},
    {"", "Public", NULL, NULL},
};

static void test_find_link(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(link_cases); c++) {
        const link_case *k = &link_cases[c];
        char *got = er_update_find_link(k->page, strlen(k->page), k->cloud, k->page_url);
        if ((got == NULL) != (k->want == NULL) || (got && strcmp(got, k->want) != 0))
            print_message("case %zu: got %s\n", c, got ? got : "(null)");
        if (k->want) {
            assert_non_null(got);
            assert_string_equal(got, k->want);
        } else {
            assert_null(got);
        }
        free(got);
    }
}

static void test_dataset_lookup(void **state)
{
    (void)state;
    const struct {
        er_data_kind kind;
        const char *name, *feed, *dir;
    } cases[] = {
        {ER_DATA_SERVICETAGS, "public", "Public", "servicetags-public"},
        {ER_DATA_SERVICETAGS, "AzureCloud", "Public", "servicetags-public"},
        {ER_DATA_SERVICETAGS, "USGOV", "AzureGovernment", "servicetags-usgov"},
        {ER_DATA_SERVICETAGS, "AzureGovernment", "AzureGovernment", "servicetags-usgov"},
        {ER_DATA_SERVICETAGS, "china", "China", "servicetags-china"},
        {ER_DATA_M365, "worldwide", "Worldwide", "m365-worldwide"},
        {ER_DATA_M365, "USGovGCCHigh", "USGovGCCHigh", "m365-usgovgcchigh"},
        {ER_DATA_M365, "china", "China", "m365-china"},
        {ER_DATA_SERVICETAGS, "worldwide", NULL, NULL},
        {ER_DATA_M365, "public", NULL, NULL},
        {ER_DATA_SERVICETAGS, "", NULL, NULL},
    };
    for (size_t c = 0; c < ER_ARRAY_LEN(cases); c++) {
        const er_dataset_id *id = er_dataset_lookup(cases[c].kind, cases[c].name);
        if (!cases[c].feed) {
            assert_null(id);
            continue;
        }
        assert_non_null(id);
        assert_string_equal(id->feed_name, cases[c].feed);
        assert_string_equal(id->dir, cases[c].dir);
    }
    assert_null(er_dataset_lookup(ER_DATA_M365, NULL));
    size_t n;
    assert_int_equal(er_dataset_all(&n)[0].kind, ER_DATA_SERVICETAGS);
    assert_int_equal(n, 7);
    assert_int_equal(er_data_detect(" \n{\"a\":1}", 9), ER_DATA_SERVICETAGS);
    assert_int_equal(er_data_detect("\xef\xbb\xbf[1]", 6), ER_DATA_M365);
    assert_int_equal(er_data_detect("<html>", 6), ER_DATA_UNKNOWN);
    assert_int_equal(er_data_detect("", 0), ER_DATA_UNKNOWN);
}

/* ---- synthetic feeds for validation and diffs ---- */

/* A Service Tags document with n /30 prefixes in AzureCloud (and the first ones again in
 * a regional tag). malloc'd. */
static char *mk_servicetags(const char *cloud, unsigned cn, unsigned n)
{
    size_t cap = 4096 + (size_t)n * 64;
    char *s = malloc(cap);
    size_t len = 0;
    const char *names[2] = {"AzureCloud", "AzureCloud.westeurope"};
    len += (size_t)snprintf(s + len, cap - len,
                            "{\"changeNumber\": %u, \"cloud\": \"%s\", \"values\": [", cn, cloud);
    for (int t = 0; t < 2; t++) {
        unsigned k = t ? (n + 1) / 2 : n;
        len += (size_t)snprintf(
            s + len, cap - len,
            "%s{\"name\": \"%s\", \"id\": \"%s\", \"properties\": {\"changeNumber\": %u, "
            "\"region\": \"%s\", \"regionId\": %d, \"platform\": \"Azure\", \"systemService\": "
            "\"\", \"addressPrefixes\": [",
            t ? ", " : "", names[t], names[t], cn, t ? "westeurope" : "", t ? 18 : 0);
        for (unsigned i = 0; i < k; i++)
            len += (size_t)snprintf(s + len, cap - len, "%s\"198.18.%u.%u/30\"", i ? ", " : "",
                                    i / 64, (i % 64) * 4);
        len += (size_t)snprintf(s + len, cap - len, "], \"networkFeatures\": %s}}",
                                t ? "null" : "[\"API\", \"NSG\"]");
    }
    snprintf(s + len, cap - len, "]}\n");
    return s;
}

static er_catalog *catalog_of(const char *cloud, unsigned cn, unsigned n)
{
    char *doc = mk_servicetags(cloud, cn, n);
    er_catalog *c = er_catalog_new();
    er_diags *d = er_diags_new(0);
    er_status st = er_catalog_load_servicetags(c, "synthetic.json", doc, strlen(doc), d);
    if (st != ER_OK)
        dump_diags(d);
    assert_int_equal(st, ER_OK);
    er_diags_free(d);
    free(doc);
    return c;
}

typedef struct judge_case {
    const char *cur_cloud; /* NULL: nothing cached */
    unsigned cur_cn, cur_n;
    const char *cand_cloud;
    unsigned cand_cn, cand_n;
    bool force;
    double max_drop;
    er_verdict want;
    const char *msg;
} judge_case;

static const judge_case judge_cases[] = {
    {NULL, 0, 0, "Public", 376, 100, false, 0, ER_VERDICT_ACCEPT, NULL},
    {NULL, 0, 0, "China", 370, 100, false, 0, ER_VERDICT_REFUSE, "cloud 'China', not 'Public'"},
    {NULL, 0, 0, "China", 370, 100, true, 0, ER_VERDICT_REFUSE, "cloud 'China'"},
    {"Public", 374, 100, "Public", 376, 100, false, 0, ER_VERDICT_ACCEPT, NULL},
    {"Public", 376, 100, "Public", 376, 100, false, 0, ER_VERDICT_SAME, NULL},
    {"Public", 376, 100, "Public", 376, 100, true, 0, ER_VERDICT_ACCEPT, NULL},
    {"Public", 376, 100, "Public", 374, 100, false, 0, ER_VERDICT_REFUSE, "older than the cached 376"},
    {"Public", 376, 100, "Public", 374, 100, true, 0, ER_VERDICT_ACCEPT, "going back"},
    /* 100 -> 81 entries per tag pair (-19%): accepted; -> 79 (-21%): refused */
    {"Public", 374, 100, "Public", 376, 81, false, 0, ER_VERDICT_ACCEPT, NULL},
    {"Public", 374, 100, "Public", 376, 78, false, 0, ER_VERDICT_REFUSE, "more than the 20% allowed"},
    {"Public", 374, 100, "Public", 376, 78, true, 0, ER_VERDICT_ACCEPT, "accepted because of --force"},
    {"Public", 374, 100, "Public", 376, 78, false, 0.5, ER_VERDICT_ACCEPT, NULL},
    {"Public", 374, 100, "Public", 376, 40, false, 0.5, ER_VERDICT_REFUSE, "50% allowed"},
};

static void test_judge_servicetags(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(judge_cases); c++) {
        const judge_case *k = &judge_cases[c];
        er_catalog *cur = k->cur_cloud ? catalog_of(k->cur_cloud, k->cur_cn, k->cur_n) : NULL;
        er_catalog *cand = catalog_of(k->cand_cloud, k->cand_cn, k->cand_n);
        er_diags *d = er_diags_new(0);
        er_judge_opts o = {"Public", k->force, k->max_drop, "cand.json"};
        er_verdict v = er_store_judge_servicetags(cur, cand, &o, d);
        if (v != k->want || (k->msg && !diags_have(d, k->msg))) {
            print_message("case %zu: verdict %d\n", c, (int)v);
            dump_diags(d);
        }
        assert_int_equal(v, k->want);
        if (k->msg)
            assert_true(diags_have(d, k->msg));
        if (v == ER_VERDICT_REFUSE)
            assert_true(er_diags_total(d, ER_DIAG_ERROR) >= 1);
        else
            assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
        er_diags_free(d);
        er_catalog_free(cur);
        er_catalog_free(cand);
    }
}

static er_m365 *m365_of(unsigned sets, unsigned ips_each)
{
    char *doc = malloc(64 + (size_t)sets * (200 + ips_each * 24));
    size_t len = (size_t)sprintf(doc, "[");
    for (unsigned i = 0; i < sets; i++) {
        len += (size_t)sprintf(doc + len,
                               "%s{\"id\": %u, \"serviceArea\": \"Common\", \"category\": "
                               "\"Default\", \"expressRoute\": true, \"required\": false, "
                               "\"ips\": [",
                               i ? ", " : "", i + 1);
        for (unsigned j = 0; j < ips_each; j++)
            len += (size_t)sprintf(doc + len, "%s\"198.51.%u.%u/32\"", j ? ", " : "", i, j);
        len += (size_t)sprintf(doc + len, "]}");
    }
    sprintf(doc + len, "]");
    er_m365 *m = er_m365_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_m365_load(m, "m.json", doc, strlen(doc), d), ER_OK);
    er_diags_free(d);
    free(doc);
    return m;
}

static void test_judge_m365(void **state)
{
    (void)state;
    const struct {
        unsigned cur_sets, cur_ips;
        const char *cur_v;
        unsigned sets, ips;
        const char *v;
        bool force;
        er_verdict want;
    } cases[] = {
        {0, 0, "", 10, 2, "2025120100", false, ER_VERDICT_ACCEPT},
        {10, 2, "2025120100", 10, 2, "2025120200", false, ER_VERDICT_ACCEPT},
        {10, 2, "2025120100", 10, 2, "2025120100", false, ER_VERDICT_SAME},
        {10, 2, "2025120200", 10, 2, "2025120100", false, ER_VERDICT_REFUSE},
        {10, 2, "2025120200", 10, 2, "2025120100", true, ER_VERDICT_ACCEPT},
        {10, 2, "2025120100", 5, 2, "2025120200", false, ER_VERDICT_REFUSE},   /* sets -50% */
        {10, 4, "2025120100", 10, 2, "2025120200", false, ER_VERDICT_REFUSE},  /* ips -50% */
        {10, 4, "2025120100", 10, 2, "2025120200", true, ER_VERDICT_ACCEPT},
        {10, 2, "", 10, 2, "", false, ER_VERDICT_ACCEPT}, /* versions unknown */
    };
    for (size_t c = 0; c < ER_ARRAY_LEN(cases); c++) {
        er_m365 *cur = cases[c].cur_sets ? m365_of(cases[c].cur_sets, cases[c].cur_ips) : NULL;
        er_m365 *cand = m365_of(cases[c].sets, cases[c].ips);
        er_diags *d = er_diags_new(0);
        er_judge_opts o = {"Worldwide", cases[c].force, 0, "m.json"};
        er_verdict v = er_store_judge_m365(cur, cases[c].cur_v, cand, cases[c].v, &o, d);
        if (v != cases[c].want) {
            print_message("case %zu: verdict %d\n", c, (int)v);
            dump_diags(d);
        }
        assert_int_equal(v, cases[c].want);
        er_diags_free(d);
        er_m365_free(cur);
        er_m365_free(cand);
    }
}

/* ---- diffs ---- */

static er_prefix P(const char *s)
{
    er_prefix p;
    er_addr_err e = er_prefix_parse(s, true, &p);
    assert_true(e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS);
    return p;
}

static void test_diff_synthetic(void **state)
{
    (void)state;
    er_prefix a1[] = {P("10.0.0.0/8"), P("192.0.2.0/24"), P("2001:db8::/32")};
    er_prefix a2[] = {P("198.51.100.0/24")};
    er_prefix a3[] = {P("203.0.113.0/24")};
    er_prefix b1[] = {P("10.0.0.0/8"), P("2001:db8::/32"), P("192.0.2.0/25"), P("10.0.0.0/8")};
    er_prefix b2[] = {P("198.51.100.0/24")};
    er_prefix b4[] = {P("203.0.113.0/24"), P("198.18.0.0/15")};
    er_prefix b1dup[] = {P("100.64.0.1/10")}; /* host bits: compared masked */
    er_named_prefixes A[] = {{"Same", a2, 1}, {"Changed", a1, 3}, {"Gone", a3, 1}, {"Empty", NULL, 0}};
    er_named_prefixes B[] = {{"Changed", b1, 4}, {"Same", b2, 1}, {"New", b4, 2},
                             {"Changed", b1dup, 1}, {"Empty", NULL, 0}};
    er_feed_diff *d;
    assert_int_equal(er_feed_diff_sets(A, 4, B, 5, &d), ER_OK);
    assert_int_equal(d->n_old_sets, 4);
    assert_int_equal(d->n_new_sets, 4);
    assert_int_equal(d->n_entries, 3);
    assert_int_equal(d->sets_added, 1);
    assert_int_equal(d->sets_removed, 1);
    assert_int_equal(d->sets_changed, 1);
    /* sorted by name: Changed, Gone, New */
    const er_diff_entry *e = &d->entries[0];
    char buf[ER_PREFIX_STRLEN];
    assert_string_equal(e->name, "Changed");
    assert_int_equal(e->change, 0);
    assert_int_equal(e->n_removed, 1);
    er_prefix_format(&e->removed[0], buf, sizeof buf);
    assert_string_equal(buf, "192.0.2.0/24");
    assert_int_equal(e->n_added, 2);
    er_prefix_format(&e->added[0], buf, sizeof buf);
    assert_string_equal(buf, "100.64.0.0/10");
    er_prefix_format(&e->added[1], buf, sizeof buf);
    assert_string_equal(buf, "192.0.2.0/25");
    assert_int_equal(e->n_old, 3);
    assert_int_equal(e->n_new, 4);
    assert_string_equal(d->entries[1].name, "Gone");
    assert_int_equal(d->entries[1].change, -1);
    assert_int_equal(d->entries[1].n_removed, 1);
    assert_string_equal(d->entries[2].name, "New");
    assert_int_equal(d->entries[2].change, 1);
    assert_int_equal(d->entries[2].n_added, 2);
    assert_int_equal(d->prefixes_added, 4);
    assert_int_equal(d->prefixes_removed, 2);
    /* feed-wide: 203.0.113.0/24 moved from Gone to New, so it is neither new nor gone */
    assert_int_equal(d->unique_added, 3);
    assert_int_equal(d->unique_removed, 1);
    er_feed_diff_free(d);

    /* identical inputs: no entries */
    assert_int_equal(er_feed_diff_sets(A, 4, A, 4, &d), ER_OK);
    assert_int_equal(d->n_entries, 0);
    assert_int_equal(d->unique_added + d->unique_removed, 0);
    er_feed_diff_free(d);
    assert_int_equal(er_feed_diff_sets(NULL, 0, NULL, 0, &d), ER_OK);
    assert_int_equal(d->n_entries, 0);
    er_feed_diff_free(d);
    er_feed_diff_free(NULL);
}

static bool contains(const er_service *s, const er_prefix *p)
{
    for (size_t i = 0; i < s->n_prefixes; i++) {
        er_prefix q = s->prefixes[i];
        er_prefix_mask_host(&q);
        if (er_prefix_cmp(&q, p) == 0)
            return true;
    }
    return false;
}

/* The two real public files: every added prefix is in the new tag and not the old one,
 * every removed one the reverse, and tag counts match FACTS.md (3,039 -> 3,041). */
static void test_diff_real(void **state)
{
    (void)state;
    if (!tu_shared_dir()) {
        print_message("../shared is absent: the real feed diff cannot be checked\n");
        skip();
    }
    er_catalog *a = er_catalog_new(), *b = er_catalog_new();
    er_diags *dg = er_diags_new(0);
    assert_int_equal(er_catalog_load_file(a, tu_path("%s/data/ServiceTags_Public_20251020.json",
                                                     tu_shared_dir()), dg), ER_OK);
    assert_int_equal(er_catalog_load_file(b, tu_path("%s/data/ServiceTags_Public_20251103.json",
                                                     tu_shared_dir()), dg), ER_OK);
    er_feed_diff *d;
    assert_int_equal(er_feed_diff_catalogs(a, b, &d), ER_OK);
    assert_int_equal(d->n_old_sets, 3039);
    assert_int_equal(d->n_new_sets, 3041);
    assert_int_equal(d->sets_added - d->sets_removed, 2);
    assert_true(d->n_entries > 0);
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < d->n_entries; i++) {
        const er_diff_entry *e = &d->entries[i];
        size_t ia = er_catalog_find(a, e->name), ib = er_catalog_find(b, e->name);
        assert_true(e->change != 0 || (ia != SIZE_MAX && ib != SIZE_MAX));
        assert_true(e->change != 1 || ia == SIZE_MAX);
        assert_true(e->change != -1 || ib == SIZE_MAX);
        for (size_t k = 0; k < e->n_added; k++) {
            assert_true(contains(er_catalog_service(b, ib), &e->added[k]));
            assert_true(ia == SIZE_MAX || !contains(er_catalog_service(a, ia), &e->added[k]));
            assert_true(k == 0 || er_prefix_cmp(&e->added[k - 1], &e->added[k]) < 0);
        }
        for (size_t k = 0; k < e->n_removed; k++) {
            assert_true(contains(er_catalog_service(a, ia), &e->removed[k]));
            assert_true(ib == SIZE_MAX || !contains(er_catalog_service(b, ib), &e->removed[k]));
        }
        assert_int_equal(e->n_new, e->n_old + e->n_added - e->n_removed);
        added += e->n_added;
        removed += e->n_removed;
    }
    assert_int_equal(added, d->prefixes_added);
    assert_int_equal(removed, d->prefixes_removed);
    er_feed_diff_free(d);
    er_catalog_free(a);
    er_catalog_free(b);
    er_diags_free(dg);
}

/* ---- the store ---- */

static const char *cache_dir(const char *name)
{
    return tu_path("%s/cache-%s", G.tmp, name);
}

static er_dataset_info meta_of(const char *cloud, unsigned cn, const char *date)
{
    er_dataset_info m;
    memset(&m, 0, sizeof m);
    m.source = (char *)"https://download.example/x.json";
    m.cloud = (char *)cloud;
    m.change_number = cn;
    m.date = (char *)date;
    m.etag = (char *)"\"abc\"";
    m.n_sets = 2;
    m.n_prefixes = 10;
    m.stored = 1700000000;
    return m;
}

static void test_store_cycle(void **state)
{
    (void)state;
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_SERVICETAGS, "public");
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("cycle"), &s, d), ER_OK);
    er_dataset_info cur;
    assert_int_equal(er_store_current(s, id, &cur, d), ER_ERR_NOTFOUND);
    assert_int_equal(er_diags_count(d), 0); /* an empty cache is not a problem */
    er_dataset_info m = meta_of("Public", 1, "2025-10-20");
    /* committing needs the lock */
    assert_int_equal(er_store_commit(s, id, "A", 1, "ServiceTags_Public_20251020.json", &m, d),
                     ER_ERR_ARG);
    assert_int_equal(er_store_lock(s, id, d), ER_OK);
    assert_int_equal(er_store_commit(s, id, "AAAA", 4, "ServiceTags_Public_20251020.json", &m, d),
                     ER_OK);
    m.change_number = 2;
    m.date = (char *)"2025-11-03";
    /* a leftover temporary from an interrupted run, and an orphan data file */
    char ds[512];
    snprintf(ds, sizeof ds, "%s/servicetags-public", cache_dir("cycle"));
    write_file(tu_path("%s/.tmp-999-ServiceTags_Public_x.json", ds), "half");
    write_file(tu_path("%s/orphan.json", ds), "{}");
    assert_int_equal(er_store_commit(s, id, "BBBBB", 5, "ServiceTags_Public_20251103.json", &m, d),
                     ER_OK);
    assert_int_equal(er_store_current(s, id, &cur, d), ER_OK);
    assert_string_equal(cur.file, "ServiceTags_Public_20251103.json");
    assert_int_equal(cur.change_number, 2);
    assert_int_equal(cur.bytes, 5);
    assert_string_equal(cur.etag, "\"abc\"");
    assert_string_equal(cur.date, "2025-11-03");
    assert_ptr_equal(cur.id, id);
    er_dataset_info prev;
    assert_int_equal(er_store_previous(s, id, &prev, d), ER_OK);
    assert_string_equal(prev.file, "ServiceTags_Public_20251020.json");
    size_t len;
    char *data = read_all(prev.path, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(data, "AAAA", 4);
    free(data);
    er_dataset_info_clear(&prev);
    er_dataset_info_clear(&cur);
    assert_false(access(tu_path("%s/.tmp-999-ServiceTags_Public_x.json", ds), F_OK) == 0);
    assert_false(access(tu_path("%s/orphan.json", ds), F_OK) == 0);

    /* a third version drops the first file; a name already used gets a suffix */
    m.change_number = 3;
    assert_int_equal(er_store_commit(s, id, "CC", 2, "ServiceTags_Public_20251103.json", &m, d),
                     ER_OK);
    assert_int_equal(er_store_current(s, id, &cur, d), ER_OK);
    assert_string_equal(cur.file, "ServiceTags_Public_20251103.2.json");
    er_dataset_info_clear(&cur);
    assert_false(access(tu_path("%s/ServiceTags_Public_20251020.json", ds), F_OK) == 0);
    assert_true(access(tu_path("%s/ServiceTags_Public_20251103.json", ds), F_OK) == 0);

    /* mark_checked records the time and new validators, nothing else changes */
    assert_int_equal(er_store_mark_checked(s, id, 1800000000, "\"new\"", NULL, d), ER_OK);
    assert_int_equal(er_store_current(s, id, &cur, d), ER_OK);
    assert_int_equal(cur.checked, 1800000000);
    assert_string_equal(cur.etag, "\"new\"");
    assert_int_equal(cur.change_number, 3);
    er_dataset_info_clear(&cur);

    /* long values (a mirror URL) fit in the state file */
    char *longurl = malloc(20001);
    memset(longurl, 'u', 20000);
    longurl[20000] = '\0';
    m.source = longurl;
    m.change_number = 4;
    assert_int_equal(er_store_commit(s, id, "DDD", 3, "long.json", &m, d), ER_OK);
    assert_int_equal(er_store_current(s, id, &cur, d), ER_OK);
    assert_int_equal(strlen(cur.source), 20000);
    er_dataset_info_clear(&cur);
    free(longurl);

    /* resolve: the same file through the public entry point */
    assert_int_equal(er_store_resolve(cache_dir("cycle"), "Public", &cur, d), ER_OK);
    assert_non_null(strstr(cur.path, "long.json"));
    er_dataset_info_clear(&cur);
    assert_int_equal(er_store_resolve(cache_dir("cycle"), "usgov", &cur, d), ER_ERR_NOTFOUND);
    assert_null(cur.path);
    assert_int_equal(er_store_resolve(cache_dir("cycle"), "mars", &cur, d), ER_ERR_ARG);
    assert_int_equal(er_diags_total(d, ER_DIAG_WARNING), 0);
    er_store_free(s);
    er_diags_free(d);
}

static void test_store_damage(void **state)
{
    (void)state;
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_SERVICETAGS, "public");
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("damage"), &s, d), ER_OK);
    assert_int_equal(er_store_lock(s, id, d), ER_OK);
    er_dataset_info m = meta_of("Public", 1, "");
    assert_int_equal(er_store_commit(s, id, "old-data", 8, "a.json", &m, d), ER_OK);
    assert_int_equal(er_store_commit(s, id, "new-data", 8, "b.json", &m, d), ER_OK);
    char ds[512];
    snprintf(ds, sizeof ds, "%s/servicetags-public", cache_dir("damage"));
    /* the current file is damaged behind our back: fall back to the previous one */
    write_file(tu_path("%s/b.json", ds), "new-dat");
    er_dataset_info cur;
    assert_int_equal(er_store_current(s, id, &cur, d), ER_OK);
    assert_string_equal(cur.file, "a.json");
    assert_true(diags_have(d, "damaged"));
    assert_true(diags_have(d, "previous cached version"));
    er_dataset_info_clear(&cur);
    /* both damaged: nothing usable, the bundled snapshot is used */
    write_file(tu_path("%s/a.json", ds), "old-dXta");
    assert_int_equal(er_store_current(s, id, &cur, d), ER_ERR_NOTFOUND);
    assert_int_equal(er_store_resolve(cache_dir("damage"), NULL, &cur, d), ER_ERR_NOTFOUND);
    /* a garbage state file: a warning, never an error */
    er_diags *d2 = er_diags_new(0);
    const char *bad_states[] = {"", "garbage\n", "erready-cache 1\ncurrent.file\n",
                                "erready-cache 1\ncurrent.file ../../etc/passwd\n",
                                "erready-cache 1\ncurrent.bytes many\n",
                                "erready-cache 1\nsomething.else 1\n"};
    for (size_t k = 0; k < ER_ARRAY_LEN(bad_states); k++) {
        write_file(tu_path("%s/state", ds), bad_states[k]);
        assert_int_equal(er_store_current(s, id, &cur, d2), ER_ERR_NOTFOUND);
        assert_int_equal(er_diags_total(d2, ER_DIAG_ERROR), 0);
    }
    assert_true(er_diags_total(d2, ER_DIAG_WARNING) >= 5);
    /* after that, a commit starts a fresh state */
    assert_int_equal(er_store_commit(s, id, "fresh", 5, "c.json", &m, d2), ER_OK);
    assert_int_equal(er_store_current(s, id, &cur, d2), ER_OK);
    assert_string_equal(cur.file, "c.json");
    er_dataset_info_clear(&cur);
    er_diags_free(d2);
    er_store_free(s);
    er_diags_free(d);
}

static void test_store_lock(void **state)
{
    (void)state;
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_M365, "worldwide");
    int go[2], ready[2];
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        er_store *s;
        er_diags *d = er_diags_new(0);
        char c = er_store_open(cache_dir("lock"), &s, d) == ER_OK &&
                         er_store_lock(s, id, d) == ER_OK
                     ? 'y'
                     : 'n';
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        if (read(go[0], &c, 1) < 0) /* hold the lock until the parent is done */
            _exit(1);
        _exit(0);
    }
    char c = 0;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("lock"), &s, d), ER_OK);
    assert_int_equal(er_store_lock(s, id, d), ER_ERR_IO);
    assert_true(diags_have(d, "another erready update"));
    /* the update API reports it as a local problem */
    er_update_opts o;
    memset(&o, 0, sizeof o);
    o.dataset = id;
    er_update_result r;
    er_diags *d3 = er_diags_new(0);
    assert_int_equal(er_update_import(s, feed("m365-Worldwide.json"), &o, &r, d3),
                     G.have_tools ? ER_UPD_LOCAL : ER_UPD_ARG);
    er_update_result_clear(&r);
    er_diags_free(d3);
    assert_int_equal(write(go[1], "x", 1), 1);
    waitpid(pid, NULL, 0);
    assert_int_equal(er_store_lock(s, id, d), ER_OK); /* released with the process */
    er_store_free(s);
    er_diags_free(d);
    close(go[0]);
    close(go[1]);
    close(ready[0]);
    close(ready[1]);
}

static void test_age_and_client_id(void **state)
{
    (void)state;
    er_dataset_info i;
    memset(&i, 0, sizeof i);
    time_t now = 1762387200; /* 2025-11-06 00:00 UTC */
    assert_true(er_dataset_age_days(&i, now) < 0);
    i.stored = now - 86400 * 20;
    assert_true(er_dataset_age_days(&i, now) > 19.99 && er_dataset_age_days(&i, now) < 20.01);
    i.date = (char *)"2025-11-03";
    assert_true(er_dataset_age_days(&i, now) > 2.99 && er_dataset_age_days(&i, now) < 3.01);
    i.checked = now - 3600;
    assert_true(er_dataset_age_days(&i, now) < 0.05);
    i.checked = 0;
    i.date = (char *)"2025-13-03";
    assert_true(er_dataset_age_days(&i, now) > 19.99); /* bad date: falls back to stored */

    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("cid"), &s, d), ER_OK);
    char a[40], b[40];
    assert_int_equal(er_store_client_id(s, a, sizeof a, d), ER_OK);
    assert_int_equal(er_store_client_id(s, b, sizeof b, d), ER_OK);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(a[14], '4'); /* version 4 */
    assert_int_equal(er_store_client_id(s, a, 10, d), ER_ERR_ARG);
    er_store_free(s);
    er_diags_free(d);

    /* the default directory follows XDG_CACHE_HOME, else HOME */
    char *old_x = getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
    char *old_h = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    char *p = er_store_default_dir();
    assert_string_equal(p, "/x/cache/erready");
    free(p);
    setenv("XDG_CACHE_HOME", "relative", 1); /* ignored, as the XDG spec says */
    setenv("HOME", "/home/u", 1);
    p = er_store_default_dir();
    assert_string_equal(p, "/home/u/.cache/erready");
    free(p);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    assert_null(er_store_default_dir());
    er_diags *d2 = er_diags_new(0);
    assert_int_equal(er_store_open(NULL, &s, d2), ER_ERR_NOTFOUND);
    assert_int_equal(er_diags_total(d2, ER_DIAG_ERROR), 1);
    er_diags_free(d2);
    if (old_x)
        setenv("XDG_CACHE_HOME", old_x, 1);
    if (old_h)
        setenv("HOME", old_h, 1);
    free(old_x);
    free(old_h);
}

/* ---- imports ---- */

typedef struct import_step {
    const char *file;
    const char *cloud_given;
    bool force;
    er_update_status want;
    unsigned want_cn; /* current changeNumber afterwards */
    const char *msg;
} import_step;

static const import_step import_steps[] = {
    {"ServiceTags_Public_20251020.json", NULL, false, ER_UPD_UPDATED, 374, NULL},
    {"ServiceTags_Public_20251020.json", NULL, false, ER_UPD_UNCHANGED, 374, NULL},
    {"ServiceTags_Public_20251103.json", "public", false, ER_UPD_UPDATED, 376, NULL},
    {"ServiceTags_Public_20251006.json", NULL, false, ER_UPD_REFUSED, 376, "older than the cached 376"},
    {"ServiceTags_Public_20251110.json", NULL, false, ER_UPD_REFUSED, 376, "prefix entries fell"},
    {"ServiceTags_China_20251020.json", "public", false, ER_UPD_REFUSED, 376, "cloud 'China', not 'Public'"},
    {"invalid.json", NULL, false, ER_UPD_INVALID, 376, "not a valid service tags file"},
    {"notfeed.json", NULL, false, ER_UPD_INVALID, 376, NULL},
    {"does-not-exist.json", NULL, false, ER_UPD_ARG, 376, "cannot open"},
    {"ServiceTags_Public_20251006.json", NULL, true, ER_UPD_UPDATED, 372, "going back"},
};

static void test_import(void **state)
{
    (void)state;
    if (!G.have_tools) {
        print_message("python3 missing: the feed files cannot be generated\n");
        skip();
    }
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_SERVICETAGS, "public");
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("import"), &s, d), ER_OK);
    char ds[512];
    snprintf(ds, sizeof ds, "%s/servicetags-public", cache_dir("import"));
    for (size_t k = 0; k < ER_ARRAY_LEN(import_steps); k++) {
        const import_step *st = &import_steps[k];
        er_diags *dk = er_diags_new(0);
        er_update_opts o;
        memset(&o, 0, sizeof o);
        o.cloud_given = st->cloud_given;
        o.force = st->force;
        char *before = dir_snapshot(ds);
        er_update_result r;
        er_update_status got = er_update_import(s, feed(st->file), &o, &r, dk);
        if (got != st->want || (st->msg && !diags_have(dk, st->msg))) {
            print_message("step %zu (%s): %s\n", k, st->file, er_update_status_str(got));
            dump_diags(dk);
        }
        assert_int_equal(got, st->want);
        assert_int_equal(r.status, got);
        if (st->msg)
            assert_true(diags_have(dk, st->msg));
        if (got != ER_UPD_UPDATED && got != ER_UPD_UNCHANGED) {
            /* a failed import leaves every cached byte as it was */
            char *after = dir_snapshot(ds);
            assert_string_equal(before, after);
            free(after);
            assert_true(er_diags_total(dk, ER_DIAG_ERROR) >= 1);
        }
        if (got == ER_UPD_UPDATED && r.before.id) {
            assert_non_null(r.diff);
        }
        free(before);
        er_dataset_info cur;
        assert_int_equal(er_store_current(s, id, &cur, dk), ER_OK);
        assert_int_equal(cur.change_number, st->want_cn);
        assert_int_equal(cur.checked, 0); /* imports never count as a check with Microsoft */
        er_dataset_info_clear(&cur);
        er_update_result_clear(&r);
        er_diags_free(dk);
    }
    /* the diff of 374 -> 376 was computed during the third step: check it again directly */
    er_update_opts o;
    memset(&o, 0, sizeof o);
    o.dataset = er_dataset_lookup(ER_DATA_M365, "worldwide");
    er_update_result r;
    assert_int_equal(er_update_import(s, feed("m365-Worldwide.json"), &o, &r, d), ER_UPD_UPDATED);
    assert_ptr_equal(r.after.id, o.dataset);
    assert_int_equal(r.after.n_sets, 3);
    er_update_result_clear(&r);
    assert_int_equal(er_update_import(s, feed("m365-Worldwide-new.json"), &o, &r, d),
                     ER_UPD_UPDATED);
    assert_non_null(r.diff);
    assert_int_equal(r.diff->n_entries, 1);
    assert_string_equal(r.diff->entries[0].name, "Exchange:1");
    assert_int_equal(r.diff->entries[0].n_added, 1);
    er_update_result_clear(&r);
    er_store_free(s);
    er_diags_free(d);
}

/* ---- HTTPS downloads against the loopback server ---- */

typedef struct fetch_case {
    int server;          /* index into G.port */
    const char *path;
    unsigned retries;
    long timeout_ms;
    size_t max_bytes;
    bool proxy;
    er_fetch_err want;
    long status;
    unsigned attempts;
    const char *msg;
} fetch_case;

static const fetch_case fetch_cases[] = {
    {0, "/files/ServiceTags_Public_20251020.json", 0, 10000, 0, false, ER_FETCH_OK, 200, 1, NULL},
    {0, "/redirect/ServiceTags_Public_20251020.json", 0, 10000, 0, false, ER_FETCH_OK, 200, 1, NULL},
    {0, "/status/404", 3, 10000, 0, false, ER_FETCH_HTTP, 404, 1, "HTTP 404"},
    {0, "/status/500", 1, 10000, 0, false, ER_FETCH_HTTP, 500, 2, "after 2 attempts"},
    {0, "/flaky/unit1/ServiceTags_Public_20251020.json", 2, 10000, 0, false, ER_FETCH_OK, 200, 2, NULL},
    {0, "/stall/x", 0, 1500, 0, false, ER_FETCH_TIMEOUT, 200, 1, "timed out"},
    {0, "/truncate/ServiceTags_Public_20251020.json", 0, 10000, 0, false, ER_FETCH_NETWORK, 200, 1, NULL},
    {0, "/big-declared", 0, 10000, 1 << 20, false, ER_FETCH_TOO_LARGE, 200, 1, "size cap"},
    {0, "/big-stream", 0, 10000, 1 << 20, false, ER_FETCH_TOO_LARGE, 200, 1, "size cap"},
    {0, "/redirect-http", 0, 10000, 0, false, ER_FETCH_HTTP, 302, 1, "non-https"},
    {1, "/files/ServiceTags_Public_20251020.json", 2, 10000, 0, false, ER_FETCH_TLS, 0, 1, "certificate"},
    {2, "/files/ServiceTags_Public_20251020.json", 2, 10000, 0, false, ER_FETCH_TLS, 0, 1, "certificate"},
    {0, "/files/ServiceTags_Public_20251020.json", 0, 10000, 0, true, ER_FETCH_OK, 200, 1, NULL},
};

static void test_fetch(void **state)
{
    (void)state;
    NEED_SERVER();
    clear_www();
    serve("ServiceTags_Public_20251020.json", NULL);
    size_t want_len;
    char *want = read_all(feed("ServiceTags_Public_20251020.json"), &want_len);
    for (size_t c = 0; c < ER_ARRAY_LEN(fetch_cases); c++) {
        const fetch_case *k = &fetch_cases[c];
        er_fetch_opts o;
        er_fetch_opts_init(&o);
        o.cacert = G.cacert;
        o.retries = k->retries;
        o.retry_delay_ms = 200;
        o.timeout_ms = k->timeout_ms;
        o.connect_timeout_ms = 5000;
        if (k->max_bytes)
            o.max_bytes = k->max_bytes;
        char proxy[64];
        snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", G.port[3]);
        o.proxy = k->proxy ? proxy : "";
        er_fetcher *f = er_fetcher_new(&o);
        assert_non_null(f);
        er_diags *d = er_diags_new(0);
        er_fetch_resp r;
        const char *u = url(k->server, k->path);
        er_fetch_err e = er_fetch_get(f, u, NULL, NULL, &r, d);
        if (e != k->want || r.status != k->status || r.attempts != k->attempts ||
            (k->msg && !diags_have(d, k->msg))) {
            print_message("case %zu %s: %s status %ld attempts %u\n", c, k->path,
                          er_fetch_err_str(e), r.status, r.attempts);
            dump_diags(d);
        }
        assert_int_equal(e, k->want);
        assert_int_equal(r.status, k->status);
        assert_int_equal(r.attempts, k->attempts);
        if (e == ER_FETCH_OK) {
            assert_int_equal(r.len, want_len);
            assert_memory_equal(r.body, want, want_len);
            assert_non_null(r.etag);
            assert_non_null(r.last_modified);
            assert_int_equal(er_diags_count(d), 0);
        } else {
            assert_null(r.body);
            assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 1);
            assert_string_equal(er_diags_get(d, 0)->file, u);
        }
        er_fetch_resp_clear(&r);
        er_diags_free(d);
        er_fetcher_free(f);
    }
    assert_true(log_has(tu_path("proxy CONNECT 127.0.0.1:%d", G.port[0])));
    free(want);
}

static void test_fetch_conditional_and_args(void **state)
{
    (void)state;
    NEED_SERVER();
    clear_www();
    serve("ServiceTags_Public_20251020.json", NULL);
    er_fetch_opts o;
    er_fetch_opts_init(&o);
    o.cacert = G.cacert;
    o.proxy = "";
    er_fetcher *f = er_fetcher_new(&o);
    er_diags *d = er_diags_new(0);
    er_fetch_resp r, r2;
    const char *u = url(0, "/files/ServiceTags_Public_20251020.json");
    assert_int_equal(er_fetch_get(f, u, NULL, NULL, &r, d), ER_FETCH_OK);
    assert_int_equal(er_fetch_get(f, u, r.etag, r.last_modified, &r2, d), ER_FETCH_NOT_MODIFIED);
    assert_int_equal(r2.status, 304);
    assert_null(r2.body);
    er_fetch_resp_clear(&r2);
    assert_int_equal(er_fetch_get(f, u, "\"stale\"", NULL, &r2, d), ER_FETCH_OK);
    er_fetch_resp_clear(&r2);
    er_fetch_resp_clear(&r);
    assert_int_equal(er_diags_count(d), 0);
    /* only https */
    assert_int_equal(er_fetch_get(f, tu_path("http://127.0.0.1:%d/x", G.port[0]), NULL, NULL, &r, d),
                     ER_FETCH_ARG);
    assert_true(diags_have(d, "only https"));
    er_fetch_resp_clear(&r);
    er_fetcher_free(f);
    /* without the test CA the server is not trusted */
    o.cacert = NULL;
    f = er_fetcher_new(&o);
    assert_int_equal(er_fetch_get(f, u, NULL, NULL, &r, d), ER_FETCH_TLS);
    er_fetch_resp_clear(&r);
    er_fetcher_free(f);
    /* an unreadable CA file is the caller's mistake */
    o.cacert = "/nonexistent/ca.pem";
    f = er_fetcher_new(&o);
    assert_int_equal(er_fetch_get(f, u, NULL, NULL, &r, d), ER_FETCH_ARG);
    er_fetch_resp_clear(&r);
    er_fetcher_free(f);
    /* a proxy that refuses the tunnel */
    o.cacert = G.cacert;
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", G.port[3]);
    o.proxy = proxy;
    o.retries = 0;
    f = er_fetcher_new(&o);
    assert_int_equal(er_fetch_get(f, "https://localhost.invalid/x.json", NULL, NULL, &r, d),
                     ER_FETCH_PROXY);
    assert_true(diags_have(d, "proxy"));
    er_fetch_resp_clear(&r);
    er_fetcher_free(f);
    er_diags_free(d);
}

/* ---- whole updates against the loopback server ---- */

typedef struct update_step {
    const char *serve[3]; /* files copied into the server's directory (after clearing it) */
    const char *url_path; /* direct URL, or NULL to discover it from the download page */
    bool force;
    er_update_status want;
    unsigned want_cn;
    const char *msg;
} update_step;

static const update_step st_steps[] = {
    {{"ServiceTags_Public_20251020.json"}, NULL, false, ER_UPD_UPDATED, 374, NULL},
    {{"ServiceTags_Public_20251020.json"}, NULL, false, ER_UPD_UNCHANGED, 374, NULL},
    {{"ServiceTags_Public_20251020.json", "ServiceTags_Public_20251103.json"}, NULL, false,
     ER_UPD_UPDATED, 376, NULL},
    {{NULL}, NULL, false, ER_UPD_DISCOVERY, 376, "no ServiceTags_Public_YYYYMMDD.json link"},
    {{"ServiceTags_Public_20251110.json"}, NULL, false, ER_UPD_REFUSED, 376, "prefix entries fell"},
    {{"ServiceTags_Public_20251006.json"}, "/files/ServiceTags_Public_20251006.json", false,
     ER_UPD_REFUSED, 376, "older than the cached 376"},
    {{"ServiceTags_China_20251020.json"}, "/files/ServiceTags_China_20251020.json", false,
     ER_UPD_REFUSED, 376, "cloud 'China', not 'Public'"},
    {{"invalid.json"}, "/files/invalid.json", false, ER_UPD_INVALID, 376, NULL},
    {{NULL}, "/status/404", false, ER_UPD_DOWNLOAD, 376, "HTTP 404"},
    {{NULL}, "/stall/x", false, ER_UPD_DOWNLOAD, 376, "timed out"},
    {{"ServiceTags_Public_20251103.json"}, "/truncate/ServiceTags_Public_20251103.json", false,
     ER_UPD_DOWNLOAD, 376, NULL},
    {{NULL}, "/big-stream", false, ER_UPD_DOWNLOAD, 376, "size cap"},
    {{"ServiceTags_Public_20251110.json"}, "/files/ServiceTags_Public_20251110.json", true,
     ER_UPD_UPDATED, 377, "accepted because of --force"},
};

static er_fetcher *test_fetcher(void)
{
    er_fetch_opts o;
    er_fetch_opts_init(&o);
    o.cacert = G.cacert;
    o.proxy = "";
    o.retries = 0;
    o.timeout_ms = 1500;
    o.max_bytes = 1 << 20;
    return er_fetcher_new(&o);
}

static void test_update_servicetags(void **state)
{
    (void)state;
    NEED_SERVER();
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_SERVICETAGS, "public");
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("update"), &s, d), ER_OK);
    er_fetcher *f = test_fetcher();
    char ds[512];
    snprintf(ds, sizeof ds, "%s/servicetags-public", cache_dir("update"));
    char page[128];
    snprintf(page, sizeof page, "https://127.0.0.1:%d/page/Public", G.port[0]);
    for (size_t k = 0; k < ER_ARRAY_LEN(st_steps); k++) {
        const update_step *st = &st_steps[k];
        clear_www();
        for (int i = 0; i < 3 && st->serve[i]; i++)
            serve(st->serve[i], NULL);
        er_update_opts o;
        memset(&o, 0, sizeof o);
        o.dataset = id;
        o.page_url = page;
        o.force = st->force;
        o.url = st->url_path ? url(0, st->url_path) : NULL;
        er_diags *dk = er_diags_new(0);
        char *before = dir_snapshot(ds);
        er_update_result r;
        er_update_status got = er_update_run(s, f, &o, &r, dk);
        if (got != st->want || (st->msg && !diags_have(dk, st->msg))) {
            print_message("step %zu: %s\n", k, er_update_status_str(got));
            dump_diags(dk);
        }
        assert_int_equal(got, st->want);
        if (st->msg)
            assert_true(diags_have(dk, st->msg));
        if (got != ER_UPD_UPDATED && got != ER_UPD_UNCHANGED) {
            char *after = dir_snapshot(ds);
            assert_string_equal(before, after); /* byte for byte */
            free(after);
        }
        free(before);
        er_dataset_info cur;
        assert_int_equal(er_store_current(s, id, &cur, dk), ER_OK);
        assert_int_equal(cur.change_number, st->want_cn);
        if (got == ER_UPD_UPDATED || got == ER_UPD_UNCHANGED) {
            assert_true(cur.checked > 0);
            assert_int_equal(r.after.change_number, st->want_cn);
        }
        if (k == 2) { /* 374 -> 376 from the page: the newest link, with a diff */
            assert_string_equal(cur.file, "ServiceTags_Public_20251103.json");
            assert_string_equal(cur.date, "2025-11-03");
            assert_non_null(r.diff);
            assert_int_equal(r.diff->sets_added, 1);
            assert_true(r.diff->prefixes_added > 0);
        }
        er_dataset_info_clear(&cur);
        er_update_result_clear(&r);
        er_diags_free(dk);
    }
    /* the second step was answered 304 to a conditional request */
    assert_true(log_count("/files/ServiceTags_Public_20251020.json inm=\"") >= 1);
    er_fetcher_free(f);
    er_store_free(s);
    er_diags_free(d);
}

static void test_update_m365(void **state)
{
    (void)state;
    NEED_SERVER();
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_M365, "worldwide");
    er_store *s;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_store_open(cache_dir("m365"), &s, d), ER_OK);
    er_fetcher *f = test_fetcher();
    char base[128];
    snprintf(base, sizeof base, "https://127.0.0.1:%d/m365/", G.port[0]);
    er_update_opts o;
    memset(&o, 0, sizeof o);
    o.dataset = id;
    o.m365_base = base;
    clear_www();
    serve("m365-Worldwide.json", NULL);
    serve("m365-version-Worldwide", NULL);
    er_update_result r;
    size_t downloads = log_count("/m365/endpoints/Worldwide?clientrequestid=");
    assert_int_equal(er_update_run(s, f, &o, &r, d), ER_UPD_UPDATED);
    assert_string_equal(r.after.version, "2025120100");
    assert_string_equal(r.after.date, "2025-12-01");
    assert_string_equal(r.after.file, "m365_endpoints_worldwide_2025120100.json");
    er_update_result_clear(&r);
    assert_int_equal(log_count("/m365/endpoints/Worldwide?clientrequestid="), downloads + 1);
    /* same version: the version endpoint is asked, nothing is downloaded */
    assert_int_equal(er_update_run(s, f, &o, &r, d), ER_UPD_UNCHANGED);
    er_update_result_clear(&r);
    assert_int_equal(log_count("/m365/endpoints/Worldwide?clientrequestid="), downloads + 1);
    /* a new version with a changed document */
    run("cp '%s' '%s/m365-Worldwide.json'", feed("m365-Worldwide-new.json"), G.www);
    write_file(tu_path("%s/m365-version-Worldwide", G.www), "2025120200\n");
    assert_int_equal(er_update_run(s, f, &o, &r, d), ER_UPD_UPDATED);
    assert_non_null(r.diff);
    assert_int_equal(r.diff->prefixes_added, 1);
    assert_string_equal(r.before.version, "2025120100");
    er_update_result_clear(&r);
    /* the service reports an older version: refused before downloading */
    write_file(tu_path("%s/m365-version-Worldwide", G.www), "2025110100\n");
    char ds[512];
    snprintf(ds, sizeof ds, "%s/m365-worldwide", cache_dir("m365"));
    char *before = dir_snapshot(ds);
    er_diags *d2 = er_diags_new(0);
    assert_int_equal(er_update_run(s, f, &o, &r, d2), ER_UPD_REFUSED);
    assert_true(diags_have(d2, "older than the cached 2025120200"));
    er_update_result_clear(&r);
    /* a broken version answer and a broken document */
    write_file(tu_path("%s/m365-version-Worldwide", G.www), "latest\n");
    assert_int_equal(er_update_run(s, f, &o, &r, d2), ER_UPD_INVALID);
    er_update_result_clear(&r);
    write_file(tu_path("%s/m365-version-Worldwide", G.www), "2025120300\n");
    write_file(tu_path("%s/m365-Worldwide.json", G.www), "[{\"id\": 1}]");
    assert_int_equal(er_update_run(s, f, &o, &r, d2), ER_UPD_INVALID);
    assert_true(diags_have(d2, "'serviceArea' is missing"));
    er_update_result_clear(&r);
    char *after = dir_snapshot(ds);
    assert_string_equal(before, after);
    free(before);
    free(after);
    er_diags_free(d2);
    er_fetcher_free(f);
    er_store_free(s);
    er_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_link),
        cmocka_unit_test(test_dataset_lookup),
        cmocka_unit_test(test_judge_servicetags),
        cmocka_unit_test(test_judge_m365),
        cmocka_unit_test(test_diff_synthetic),
        cmocka_unit_test(test_diff_real),
        cmocka_unit_test(test_store_cycle),
        cmocka_unit_test(test_store_damage),
        cmocka_unit_test(test_store_lock),
        cmocka_unit_test(test_age_and_client_id),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_fetch),
        cmocka_unit_test(test_fetch_conditional_and_args),
        cmocka_unit_test(test_update_servicetags),
        cmocka_unit_test(test_update_m365),
    };
    return cmocka_run_group_tests_name("update", tests, global_setup, global_teardown);
}
