/* Fuzz target for the Azure Service Tags loader, then service selection on what it loaded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "erready/catalog.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > ER_FUZZ_MAX_INPUT)
        return 0;
    er_catalog *c = er_catalog_new();
    er_diags *d = er_diags_new(0);
    ER_FUZZ_REQUIRE(c && d);
    er_status st = er_catalog_load_servicetags(c, "fuzz-input", (const char *)data, size, d);
    er_fuzz_check_status(st, d);
    er_fuzz_check_diags(d, er_fuzz_count_lines((const char *)data, size));
    if (st == ER_OK) {
        const er_feed_info *fi = er_catalog_feed(c);
        ER_FUZZ_REQUIRE(fi && fi->source && fi->cloud && fi->date && fi->kind);
        size_t n = er_catalog_count(c);
        for (size_t i = 0; i < n; i++) {
            const er_service *s = er_catalog_service(c, i);
            ER_FUZZ_REQUIRE(s && s->name && s->family && s->region && s->system_service);
            ER_FUZZ_REQUIRE(s->n_v4 + s->n_v6 == s->n_prefixes);
            for (size_t k = 0; k < s->n_prefixes; k++) {
                er_prefix p = s->prefixes[k];
                ER_FUZZ_REQUIRE(p.family == ER_AF_V4 || p.family == ER_AF_V6);
                ER_FUZZ_REQUIRE(p.len <= er_family_bits(p.family));
                ER_FUZZ_REQUIRE(!er_prefix_mask_host(&p));
            }
            ER_FUZZ_REQUIRE(er_catalog_find(c, s->name) != SIZE_MAX);
        }
        /* Selections over whatever was loaded: never a crash, valid unique indices. */
        static const char *const sels[] = {"all", "powerplatform", "AzureCloud", "Sql.*",
                                           "PowerPlatformInfra"};
        static const char *const regions[] = {NULL, "westeurope", "France Central"};
        for (size_t a = 0; a < sizeof sels / sizeof *sels; a++) {
            for (size_t b = 0; b < sizeof regions / sizeof *regions; b++) {
                size_t *idx = NULL, nidx = 0;
                er_diags *sd = er_diags_new(0);
                ER_FUZZ_REQUIRE(sd);
                er_status ss = er_catalog_select(c, sels[a], regions[b], &idx, &nidx, sd);
                ER_FUZZ_REQUIRE(ss == ER_OK || ss == ER_ERR_NOTFOUND || ss == ER_ERR_NOMEM ||
                                ss == ER_ERR_PARSE || ss == ER_ERR_ARG);
                if (ss == ER_OK)
                    for (size_t k = 0; k < nidx; k++) {
                        ER_FUZZ_REQUIRE(idx[k] < n);
                        for (size_t j = 0; j < k && nidx <= 4096; j++)
                            ER_FUZZ_REQUIRE(idx[j] != idx[k]);
                    }
                free(idx);
                er_diags_free(sd);
            }
        }
    }
    er_catalog_free(c);
    er_diags_free(d);
    return 0;
}
