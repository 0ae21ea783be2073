/* Tests of the Microsoft 365 endpoints loader: the four real captures, malformed documents,
 * port lists and the version answer. */
#include <stdlib.h>
#include <string.h>

#include "erready/m365.h"
#include "testutil.h"

/* ---- real captures (../shared/data) ---- */

typedef struct real_case {
    const char *file;
    size_t sets, er_sets;
} real_case;

static const real_case real_cases[] = {
    {"m365_endpoints_worldwide_202512.json", 79, 10},
    {"m365_endpoints_china_202512.json", 22, 0},
    {"m365_endpoints_usgovdod_202512.json", 25, 11},
    {"m365_endpoints_usgovgcchigh_202512.json", 26, 12},
};

static er_m365 *load_real(const char *name)
{
    er_diags *d = er_diags_new(0);
    er_m365 *m = er_m365_new();
    assert_non_null(d);
    assert_non_null(m);
    er_status st = er_m365_load_file(m, tu_path("%s/data/%s", tu_shared_dir(), name), d);
    if (st != ER_OK)
        for (size_t i = 0; i < er_diags_count(d); i++)
            print_message("%s\n", er_diags_get(d, i)->msg);
    assert_int_equal(st, ER_OK);
    assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
    er_diags_free(d);
    return m;
}

static void test_real_counts(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(real_cases); c++) {
        er_m365 *m = load_real(real_cases[c].file);
        assert_int_equal(er_m365_count(m), real_cases[c].sets);
        size_t er = 0, total = 0;
        for (size_t i = 0; i < er_m365_count(m); i++) {
            const er_m365_set *s = er_m365_set_at(m, i);
            er += s->express_route;
            total += s->n_prefixes;
            assert_int_equal(s->n_v4 + s->n_v6, s->n_prefixes);
            /* Every published port list parses. */
            size_t n;
            assert_int_equal(er_m365_ports_parse(s->tcp_ports, NULL, 0, &n), ER_OK);
            assert_int_equal(er_m365_ports_parse(s->udp_ports, NULL, 0, &n), ER_OK);
            assert_ptr_equal(er_m365_find(m, s->id), s);
        }
        assert_int_equal(er, real_cases[c].er_sets);
        assert_int_equal(er_m365_prefix_total(m), total);
        er_m365_free(m);
    }
}

typedef struct er_set_case {
    uint32_t id;
    size_t v4, v6;
} er_set_case;

/* FACTS.md section 2: the ten ExpressRoute sets of the worldwide instance. */
static const er_set_case worldwide_er[] = {
    {1, 11, 16}, {2, 11, 16}, {9, 5, 2},  {10, 4, 2}, {11, 2, 1},
    {12, 2, 7},  {31, 5, 5},  {46, 5, 15}, {56, 4, 12}, {64, 2, 2},
};

static int cmp_prefix(const void *a, const void *b)
{
    return er_prefix_cmp(a, b);
}

static void test_worldwide_facts(void **state)
{
    (void)state;
    er_m365 *m = load_real("m365_endpoints_worldwide_202512.json");
    const struct {
        const char *name;
        size_t n;
    } areas[] = {{"Common", 45}, {"MEM", 15}, {"Exchange", 5}, {"Skype", 7}, {"SharePoint", 7}},
      cats[] = {{"Optimize", 3}, {"Allow", 8}, {"Default", 68}};
    for (size_t a = 0; a < ER_ARRAY_LEN(areas); a++) {
        size_t n = 0;
        for (size_t i = 0; i < er_m365_count(m); i++)
            n += strcmp(er_m365_set_at(m, i)->service_area, areas[a].name) == 0;
        assert_int_equal(n, areas[a].n);
    }
    for (size_t a = 0; a < ER_ARRAY_LEN(cats); a++) {
        size_t n = 0;
        for (size_t i = 0; i < er_m365_count(m); i++)
            n += strcmp(er_m365_set_at(m, i)->category, cats[a].name) == 0;
        assert_int_equal(n, cats[a].n);
    }
    er_prefix all[256];
    size_t n_all = 0;
    for (size_t k = 0; k < ER_ARRAY_LEN(worldwide_er); k++) {
        const er_m365_set *s = er_m365_find(m, worldwide_er[k].id);
        assert_non_null(s);
        assert_true(s->express_route);
        assert_int_equal(s->n_v4, worldwide_er[k].v4);
        assert_int_equal(s->n_v6, worldwide_er[k].v6);
        for (size_t i = 0; i < s->n_prefixes; i++) {
            assert_true(n_all < ER_ARRAY_LEN(all));
            all[n_all++] = s->prefixes[i];
        }
    }
    /* Unique prefixes across the ExpressRoute sets: 34 IPv4, 59 IPv6. */
    qsort(all, n_all, sizeof all[0], cmp_prefix);
    size_t u4 = 0, u6 = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (i && er_prefix_cmp(&all[i - 1], &all[i]) == 0)
            continue;
        if (all[i].family == ER_AF_V4)
            u4++;
        else
            u6++;
    }
    assert_int_equal(u4, 34);
    assert_int_equal(u6, 59);

    const er_m365_set *s163 = er_m365_find(m, 163);
    assert_non_null(s163);
    assert_false(s163->express_route);
    assert_int_equal(s163->n_v4, 81);
    assert_string_equal(s163->service_area, "MEM");

    /* Power Platform: id 153, no IPs, not ExpressRoute, TCP 443. */
    const er_m365_set *pp = er_m365_find(m, 153);
    assert_non_null(pp);
    assert_false(pp->express_route);
    assert_true(pp->required);
    assert_int_equal(pp->n_prefixes, 0);
    assert_string_equal(pp->tcp_ports, "443");
    assert_string_equal(pp->category, "Default");
    bool powerapps = false;
    for (size_t i = 0; i < pp->n_urls; i++)
        powerapps |= strcmp(pp->urls[i], "*.powerapps.com") == 0;
    assert_true(powerapps);

    /* Id 11 has no urls and no tcpPorts, UDP 3478-3481. */
    const er_m365_set *s11 = er_m365_find(m, 11);
    assert_int_equal(s11->n_urls, 0);
    assert_string_equal(s11->tcp_ports, "");
    er_port_range r[8];
    size_t nr;
    assert_int_equal(er_m365_ports_parse(s11->udp_ports, r, 8, &nr), ER_OK);
    assert_true(nr >= 1);
    assert_int_equal(r[0].lo, 3478);

    /* Id 2: a port list with spaces. */
    const er_m365_set *s2 = er_m365_find(m, 2);
    assert_string_equal(s2->tcp_ports, "143, 587, 993, 995");
    assert_string_equal(s2->notes, "POP3, IMAP4, SMTP Client traffic");
    assert_string_equal(er_m365_set_at(m, 0)->service_area_display, "Exchange Online");
    assert_null(er_m365_find(m, 999999));
    er_m365_free(m);
}

/* ---- malformed documents ---- */

typedef struct bad_case {
    const char *json;
    const char *msg; /* substring of an error */
} bad_case;

#define SET_OK "\"serviceArea\":\"Common\",\"category\":\"Default\",\"expressRoute\":false,\"required\":true"

static const bad_case bad_cases[] = {
    {"", "empty document"},
    {"{}", "expected a json array"},
    {"[]", "no endpoint sets"},
    {"[1]", "not an object"},
    {"[{\"id\":1}]", "'serviceArea' is missing"},
    {"[{\"serviceArea\":\"Common\"}]", "'id' is missing"},
    {"[{\"id\":0," SET_OK "}]", "'id' is not a positive integer"},
    {"[{\"id\":1.5," SET_OK "}]", "'id' is not a positive integer"},
    {"[{\"id\":\"1\"," SET_OK "}]", "'id' is not a positive integer"},
    {"[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Fast\",\"expressRoute\":false,"
     "\"required\":true}]",
     "unknown category 'Fast'"},
    {"[{\"id\":1,\"serviceArea\":\"Common\",\"expressRoute\":false,\"required\":true}]",
     "'category' is missing"},
    {"[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\",\"expressRoute\":\"true\","
     "\"required\":true}]",
     "'expressRoute' is not true or false"},
    {"[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\",\"expressRoute\":true}]",
     "'required' is missing"},
    {"[{\"id\":1," SET_OK ",\"ips\":[\"10.0.0.0/33\"]}]", "ips[0] '10.0.0.0/33'"},
    {"[{\"id\":1," SET_OK ",\"ips\":[\"10.0.0.1/24\"]}]", "ips[0] '10.0.0.1/24'"},
    {"[{\"id\":1," SET_OK ",\"ips\":[\"1.2.3.4/32\",\"10.0.0.0\"]}]", "ips[1] '10.0.0.0'"},
    {"[{\"id\":1," SET_OK ",\"ips\":\"10.0.0.0/8\"}]", "'ips' is not an array"},
    {"[{\"id\":1," SET_OK ",\"urls\":[3]}]", "urls[0] is not a non-empty string"},
    {"[{\"id\":1," SET_OK ",\"tcpPorts\":\"80;443\"}]", "malformed tcpPorts '80;443'"},
    {"[{\"id\":1," SET_OK ",\"udpPorts\":\"0\"}]", "malformed udpPorts '0'"},
    {"[{\"id\":1," SET_OK ",\"tcpPorts\":443}]", "'tcpPorts' is not a string"},
    {"[{\"id\":1," SET_OK ",\"notes\":[]}]", "'notes' is not a string"},
    {"[{\"id\":7," SET_OK "},{\"id\":7," SET_OK "}]", "duplicate endpoint set id 7"},
    {"[{\"id\":1," SET_OK "}] x", "invalid json"},
    {"[{\"id\":1,\n \"serviceArea\" \"Common\"}]", "invalid json"},
};

static void test_malformed(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(bad_cases); c++) {
        er_diags *d = er_diags_new(0);
        er_m365 *m = er_m365_new();
        er_status st = er_m365_load(m, "t.json", bad_cases[c].json, strlen(bad_cases[c].json), d);
        bool found = false;
        for (size_t i = 0; i < er_diags_count(d); i++) {
            const er_diag *g = er_diags_get(d, i);
            assert_string_equal(g->file, "t.json");
            if (g->level == ER_DIAG_ERROR && strstr(g->msg, bad_cases[c].msg))
                found = true;
        }
        if (st != ER_ERR_PARSE || !found) {
            print_message("case %zu: %s\n", c, bad_cases[c].json);
            for (size_t i = 0; i < er_diags_count(d); i++)
                print_message("  got: %s\n", er_diags_get(d, i)->msg);
        }
        assert_int_equal(st, ER_ERR_PARSE);
        assert_true(found);
        assert_int_equal(er_m365_count(m), 0); /* nothing kept */
        er_m365_free(m);
        er_diags_free(d);
    }
}

static void test_syntax_position(void **state)
{
    (void)state;
    const char *doc = "[{\"id\":1,\n \"serviceArea\" \"Common\"}]";
    er_diags *d = er_diags_new(0);
    er_m365 *m = er_m365_new();
    assert_int_equal(er_m365_load(m, "t.json", doc, strlen(doc), d), ER_ERR_PARSE);
    const er_diag *g = er_diags_get(d, 0);
    assert_int_equal(g->line, 2);
    assert_true(g->col >= 14 && g->col <= 16);
    er_m365_free(m);
    er_diags_free(d);
}

static void test_optional_and_unknown(void **state)
{
    (void)state;
    const char *doc = "[{\"id\":5," SET_OK ",\"newField\":1,\"other\":2},"
                      "{\"id\":6," SET_OK ",\"newField\":3,\"ips\":[\"2001:db8::/32\"],"
                      "\"urls\":null,\"notes\":null}]";
    er_diags *d = er_diags_new(0);
    er_m365 *m = er_m365_new();
    assert_int_equal(er_m365_load(m, "t.json", doc, strlen(doc), d), ER_OK);
    assert_int_equal(er_m365_count(m), 2);
    /* One note per unknown field name, not per occurrence. */
    assert_int_equal(er_diags_total(d, ER_DIAG_NOTE), 2);
    assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
    const er_m365_set *s = er_m365_find(m, 5);
    assert_string_equal(s->notes, "");
    assert_string_equal(s->tcp_ports, "");
    assert_string_equal(s->service_area_display, "");
    assert_int_equal(s->n_urls, 0);
    assert_int_equal(s->n_prefixes, 0);
    assert_int_equal(er_m365_find(m, 6)->n_v6, 1);
    assert_string_equal(er_m365_source(m), "t.json");
    /* A second load into the same object is refused. */
    assert_int_equal(er_m365_load(m, "t.json", doc, strlen(doc), d), ER_ERR_ARG);
    er_m365_free(m);
    er_diags_free(d);
    er_m365_free(NULL);
}

/* ---- ports ---- */

typedef struct port_case {
    const char *s;
    er_status st;
    size_t n;
    uint16_t lo0, hi0, lo_last, hi_last;
} port_case;

static const port_case port_cases[] = {
    {"80,443", ER_OK, 2, 80, 80, 443, 443},
    {"143, 587, 993, 995", ER_OK, 4, 143, 143, 995, 995},
    {"3478-3481", ER_OK, 1, 3478, 3481, 3478, 3481},
    {"25, 3478-3481,65535", ER_OK, 3, 25, 25, 65535, 65535},
    {"", ER_OK, 0, 0, 0, 0, 0},
    {" 443 ", ER_OK, 1, 443, 443, 443, 443},
    {"80,", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {",80", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"65536", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"0", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"080", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"1-2-3", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"443-80", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"80 443", ER_ERR_PARSE, 0, 0, 0, 0, 0},
    {"http", ER_ERR_PARSE, 0, 0, 0, 0, 0},
};

static void test_ports(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(port_cases); c++) {
        const port_case *p = &port_cases[c];
        er_port_range r[8];
        size_t n = 99;
        er_status st = er_m365_ports_parse(p->s, r, ER_ARRAY_LEN(r), &n);
        if (st != p->st)
            print_message("case '%s'\n", p->s);
        assert_int_equal(st, p->st);
        if (st != ER_OK)
            continue;
        assert_int_equal(n, p->n);
        if (n) {
            assert_int_equal(r[0].lo, p->lo0);
            assert_int_equal(r[0].hi, p->hi0);
            assert_int_equal(r[n - 1].lo, p->lo_last);
            assert_int_equal(r[n - 1].hi, p->hi_last);
        }
    }
    /* The count goes past the capacity; nothing is written past it. */
    er_port_range one[1];
    size_t n;
    assert_int_equal(er_m365_ports_parse("1,2,3", one, 1, &n), ER_OK);
    assert_int_equal(n, 3);
    assert_int_equal(one[0].lo, 1);
}

/* ---- version answer ---- */

typedef struct version_case {
    const char *json, *expect;
    er_status st;
    const char *latest;
} version_case;

static const version_case version_cases[] = {
    {"{\"instance\":\"Worldwide\",\"latest\":\"2025120100\"}", "Worldwide", ER_OK, "2025120100"},
    {"{\"instance\":\"worldwide\",\"latest\":\"2025120100\"}", "Worldwide", ER_OK, "2025120100"},
    {"{\"instance\":\"China\",\"latest\":\"2025120100\"}", "Worldwide", ER_ERR_PARSE, NULL},
    {"{\"instance\":\"Worldwide\",\"latest\":\"20251201\"}", "Worldwide", ER_ERR_PARSE, NULL},
    {"{\"instance\":\"Worldwide\",\"latest\":\"2025120a00\"}", NULL, ER_ERR_PARSE, NULL},
    {"{\"instance\":\"Worldwide\"}", NULL, ER_ERR_PARSE, NULL},
    {"[{\"instance\":\"Worldwide\",\"latest\":\"2025120100\"}]", NULL, ER_ERR_PARSE, NULL},
    {"<html>", NULL, ER_ERR_PARSE, NULL},
};

static void test_version(void **state)
{
    (void)state;
    for (size_t c = 0; c < ER_ARRAY_LEN(version_cases); c++) {
        const version_case *v = &version_cases[c];
        er_diags *d = er_diags_new(0);
        char latest[16] = "";
        er_status st = er_m365_parse_version("v", v->json, strlen(v->json), v->expect, latest,
                                             sizeof latest, d);
        assert_int_equal(st, v->st);
        if (st == ER_OK)
            assert_string_equal(latest, v->latest);
        else
            assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 1);
        er_diags_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_malformed),     cmocka_unit_test(test_syntax_position),
        cmocka_unit_test(test_optional_and_unknown), cmocka_unit_test(test_ports),
        cmocka_unit_test(test_version),
    };
    int rc = cmocka_run_group_tests_name("m365", pure, NULL, NULL);
    if (!tu_shared_dir()) {
        tu_skip("../shared is absent: the real M365 captures cannot be checked");
        return rc ? rc : TU_SKIP;
    }
    const struct CMUnitTest real[] = {
        cmocka_unit_test(test_real_counts),
        cmocka_unit_test(test_worldwide_facts),
    };
    return rc | cmocka_run_group_tests_name("m365 real captures", real, NULL, NULL);
}
