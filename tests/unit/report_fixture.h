/* A small synthetic analysis for the report tests: a catalog built from a Service Tags
 * JSON string and a route table built in memory, with two leaks a reader can check by
 * hand. Included by test_report_*.c (static functions; each test file gets its own copy).
 *
 * Catalog (changeNumber 42, "fixture-feed.json"):
 *   PowerPlatformInfra              20.0.0.0/23, 2603:1061:2002::/48      (global)
 *   PowerPlatformInfra.NorthEurope  20.0.1.0/24                           (northeurope)
 *   PowerPlatformInfra.WestEurope   20.0.0.0/24, 2603:1061:2002:100::/56  (westeurope)
 * Routes in "edge.txt" (line numbers shifted by line_offset):
 *   10  0.0.0.0/0            via 198.51.100.1  AS 3356        best   internet
 *   11  20.0.0.0/16          via 203.0.113.2   AS 12076       best   expressroute
 *   12  20.0.1.128/25        via 198.51.100.1  AS 3356 8075   best   internet (more specific)
 *   13  2603:1061:2002::/48  via 2001:db8::2   AS 12076       best   expressroute
 * Findings: leak of 20.0.1.128/25 (128 addresses) for PowerPlatformInfra (prefix
 * 20.0.0.0/23) and for PowerPlatformInfra.NorthEurope (prefix 20.0.1.0/24), each with the
 * winner at line 12 and the lost ExpressRoute route at line 11. */
#ifndef ER_TEST_REPORT_FIXTURE_H
#define ER_TEST_REPORT_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "erready/analyze.h"
#include "erready/report.h"
#include "routes/internal.h"
#include "testutil.h"

typedef struct fixture {
    er_catalog *cat;
    er_rtable *routes;
    er_analysis *an;
} fixture;

static const char fixture_feed[] =
    "{\"changeNumber\":42,\"cloud\":\"Public\",\"values\":["
    "{\"name\":\"PowerPlatformInfra\",\"id\":\"PowerPlatformInfra\",\"properties\":{"
    "\"changeNumber\":3,\"region\":\"\",\"regionId\":0,\"platform\":\"Azure\","
    "\"systemService\":\"PowerPlatformInfra\",\"addressPrefixes\":[\"20.0.0.0/23\","
    "\"2603:1061:2002::/48\"],\"networkFeatures\":null}},"
    "{\"name\":\"PowerPlatformInfra.NorthEurope\",\"id\":\"PowerPlatformInfra.NorthEurope\","
    "\"properties\":{\"changeNumber\":3,\"region\":\"northeurope\",\"regionId\":17,"
    "\"platform\":\"Azure\",\"systemService\":\"PowerPlatformInfra\",\"addressPrefixes\":["
    "\"20.0.1.0/24\"],\"networkFeatures\":null}},"
    "{\"name\":\"PowerPlatformInfra.WestEurope\",\"id\":\"PowerPlatformInfra.WestEurope\","
    "\"properties\":{\"changeNumber\":3,\"region\":\"westeurope\",\"regionId\":18,"
    "\"platform\":\"Azure\",\"systemService\":\"PowerPlatformInfra\",\"addressPrefixes\":["
    "\"20.0.0.0/24\",\"2603:1061:2002:100::/56\"],\"networkFeatures\":null}}]}";

static inline void fixture_route(er_rtable *t, const char *pfx, const char *nh, const char *path,
                          uint32_t line)
{
    er_route r;
    memset(&r, 0, sizeof r);
    assert_int_equal(er_prefix_parse(pfx, true, &r.prefix), ER_ADDR_OK);
    er_prefix a;
    assert_int_equal(er_prefix_parse(nh, false, &a), ER_ADDR_OK);
    r.next_hop = a.addr;
    r.nh_family = a.family;
    r.proto = ER_PROTO_EBGP;
    r.flags = ER_RF_BEST | ER_RF_HAS_NH;
    r.path_class = ER_PC_UNSET;
    bool ok = true;
    r.as_path = er_rtable_intern(t, path, strlen(path), &ok);
    assert_true(ok);
    r.file = 0;
    r.line = line;
    assert_non_null(er_rtable_push(t, &r));
}

static inline void fixture_init(fixture *f, uint32_t line_offset)
{
    memset(f, 0, sizeof *f);
    f->cat = er_catalog_new();
    er_diags *d = er_diags_new(0);
    assert_non_null(f->cat);
    assert_int_equal(er_catalog_load_servicetags(f->cat, "fixture-feed.json", fixture_feed,
                                                 strlen(fixture_feed), d),
                     ER_OK);
    f->routes = er_rtable_new();
    er_rfile *rf = er_rtable_add_file(f->routes, "edge.txt");
    assert_non_null(rf);
    er_rtable_set_format(rf, "ios-bgp");
    rf->stats.lines = 20 + line_offset;
    rf->stats.understood = 20 + line_offset;
    rf->stats.routes = 4;
    rf->stats.best = 4;
    fixture_route(f->routes, "0.0.0.0/0", "198.51.100.1", "3356", 10 + line_offset);
    fixture_route(f->routes, "20.0.0.0/16", "203.0.113.2", "12076", 11 + line_offset);
    fixture_route(f->routes, "20.0.1.128/25", "198.51.100.1", "3356 8075", 12 + line_offset);
    fixture_route(f->routes, "2603:1061:2002::/48", "2001:db8::2", "12076", 13 + line_offset);
    size_t *sel = NULL, n = 0;
    assert_int_equal(er_catalog_select(f->cat, "PowerPlatformInfra", NULL, &sel, &n, d), ER_OK);
    assert_int_equal(n, 3);
    er_analyze_opts o;
    er_analyze_opts_init(&o);
    assert_int_equal(er_analyze(f->cat, sel, n, f->routes, &o, &f->an), ER_OK);
    free(sel);
    er_diags_free(d);
}

static inline void fixture_free(fixture *f)
{
    er_analysis_free(f->an);
    er_rtable_free(f->routes);
    er_catalog_free(f->cat);
}

/* Render with options; the result is owned by the caller. */
static inline char *fixture_render(const fixture *f, er_report_format fmt, const er_report_opts *o)
{
    size_t len = 0;
    char *s = er_report_render(fmt, f->an, o, &len);
    assert_non_null(s);
    assert_int_equal(strlen(s), len);
    return s;
}

/* Number of non-overlapping occurrences of needle in hay. */
static inline size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

#endif
