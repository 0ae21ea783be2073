/* Analysis test fixtures shared by test_analyze and test_findings: small catalogs from specs. */
#include <stdlib.h>
#include <string.h>

#include "analysis_fixture.h"
#include "testutil.h"
#include "util/strbuf.h"

/* A catalog from "Name[@region]=p1,p2;..." (Service Tags JSON built and loaded). */
er_catalog *tu_catalog(const char *spec)
{
    er_sb b;
    er_sb_init(&b);
    er_sb_puts(&b, "{\"changeNumber\":7,\"cloud\":\"Public\",\"values\":[");
    char *copy = strdup(spec);
    bool first_svc = true;
    char *save = NULL;
    for (char *svc = strtok_r(copy, ";", &save); svc; svc = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(svc, '=');
        assert_non_null(eq);
        *eq = '\0';
        char *at = strchr(svc, '@');
        const char *region = "";
        if (at) {
            *at = '\0';
            region = at + 1;
        }
        er_sb_printf(&b,
                     "%s{\"name\":\"%s\",\"id\":\"%s\",\"properties\":{\"changeNumber\":1,"
                     "\"region\":\"%s\",\"regionId\":0,\"platform\":\"Azure\",\"systemService\":"
                     "\"%s\",\"addressPrefixes\":[",
                     first_svc ? "" : ",", svc, svc, region, svc);
        first_svc = false;
        bool first = true;
        for (char *p = eq + 1; *p;) {
            char *c = strchr(p, ',');
            size_t n = c ? (size_t)(c - p) : strlen(p);
            er_sb_printf(&b, "%s\"%.*s\"", first ? "" : ",", (int)n, p);
            first = false;
            p += n + (c ? 1 : 0);
        }
        er_sb_puts(&b, "],\"networkFeatures\":null}}");
    }
    er_sb_puts(&b, "]}");
    free(copy);
    size_t len;
    char *json = er_sb_take(&b, &len);
    er_catalog *c = er_catalog_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_catalog_load_servicetags(c, "test-feed.json", json, len, d), ER_OK);
    er_diags_free(d);
    free(json);
    return c;
}
