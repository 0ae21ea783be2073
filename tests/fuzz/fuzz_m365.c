/* Fuzz target for the Microsoft 365 endpoints loader, port lists and the version answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "erready/m365.h"
#include "fuzz_check.h"

static void check_ports(const char *s)
{
    er_port_range r[8];
    size_t n = 0;
    er_status st = er_m365_ports_parse(s, r, 8, &n);
    ER_FUZZ_REQUIRE(st == ER_OK || st == ER_ERR_PARSE);
    if (st == ER_OK)
        for (size_t i = 0; i < n && i < 8; i++)
            ER_FUZZ_REQUIRE(r[i].lo >= 1 && r[i].lo <= r[i].hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > ER_FUZZ_MAX_INPUT)
        return 0;
    const char *json = (const char *)data;
    uint64_t lines = er_fuzz_count_lines(json, size);
    er_m365 *m = er_m365_new();
    er_diags *d = er_diags_new(0);
    ER_FUZZ_REQUIRE(m && d);
    er_status st = er_m365_load(m, "fuzz-input", json, size, d);
    er_fuzz_check_status(st, d);
    er_fuzz_check_diags(d, lines);
    size_t n = er_m365_count(m);
    if (st != ER_OK)
        ER_FUZZ_REQUIRE(n == 0); /* on an error nothing is kept */
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const er_m365_set *s = er_m365_set_at(m, i);
        ER_FUZZ_REQUIRE(s && s->id > 0 && er_m365_find(m, s->id) == s);
        ER_FUZZ_REQUIRE(s->service_area && s->service_area_display && s->category);
        ER_FUZZ_REQUIRE(s->tcp_ports && s->udp_ports && s->notes);
        ER_FUZZ_REQUIRE(s->n_v4 + s->n_v6 == s->n_prefixes);
        for (size_t k = 0; k < s->n_urls; k++)
            ER_FUZZ_REQUIRE(s->urls[k] != NULL);
        for (size_t k = 0; k < s->n_prefixes; k++) {
            er_prefix p = s->prefixes[k];
            ER_FUZZ_REQUIRE(p.family == ER_AF_V4 || p.family == ER_AF_V6);
            ER_FUZZ_REQUIRE(p.len <= er_family_bits(p.family));
            ER_FUZZ_REQUIRE(!er_prefix_mask_host(&p));
        }
        total += s->n_prefixes;
        /* A loaded set's port lists are well formed. */
        er_port_range r[4];
        size_t np = 0;
        ER_FUZZ_REQUIRE(er_m365_ports_parse(s->tcp_ports, r, 4, &np) == ER_OK);
        ER_FUZZ_REQUIRE(er_m365_ports_parse(s->udp_ports, r, 4, &np) == ER_OK);
    }
    ER_FUZZ_REQUIRE(er_m365_prefix_total(m) == total);
    er_m365_free(m);
    er_diags_free(d);

    /* The same bytes as a port list (up to the first NUL) and as a version answer. */
    if (size <= 4096) {
        char *s = malloc(size + 1);
        ER_FUZZ_REQUIRE(s);
        memcpy(s, data, size);
        s[size] = '\0';
        check_ports(s);
        free(s);
    }
    er_diags *vd = er_diags_new(0);
    ER_FUZZ_REQUIRE(vd);
    char latest[11];
    er_status vs = er_m365_parse_version("fuzz-version", json, size, size & 1 ? "Worldwide" : NULL,
                                         latest, sizeof latest, vd);
    er_fuzz_check_status(vs, vd);
    if (vs == ER_OK) {
        ER_FUZZ_REQUIRE(strlen(latest) == 10);
        for (int i = 0; i < 10; i++)
            ER_FUZZ_REQUIRE(latest[i] >= '0' && latest[i] <= '9');
    }
    er_diags_free(vd);
    return 0;
}
