/* erready bundle: extract a subset of a Service Tags feed (builds data/servicetags_*.json). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "erready/catalog.h"

/* What data/servicetags_public_powerplatform.json holds (data/README.md): the default
 * Power Platform families with all their regional tags, plus AzureCloud for region and SKU
 * scope reasoning. */
#define BUNDLE_SERVICES                                                                            \
    "PowerPlatformInfra,PowerPlatformPlex,AzureConnectors,LogicApps,"                              \
    "MicrosoftAzureFluidRelay,OneDsCollector,AzureCloud"

enum { OPT_SERVICES = 1, OPT_OUTPUT };

static const cli_opt opts[] = {
    {"services", 's', "SEL", "tags to keep (default: " BUNDLE_SERVICES ")", OPT_SERVICES},
    {"output", 'o', "FILE", "write here (atomically) instead of standard output", OPT_OUTPUT},
    {NULL, 0, NULL, NULL, 0},
};

int cmd_bundle(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready bundle", "FULL.json [--services SEL] [-o FILE]",
             "Read a complete Azure Service Tags file (any cloud) and write the selected tags as "
             "a Service Tags file that --data can read, recording the source file, cloud, "
             "changeNumber, date and selection in an \"erready\" object. Output is "
             "deterministic: tags sorted by name, prefixes in feed order.",
             opts, argc, argv);
    const char *input = NULL, *services = BUNDLE_SERVICES, *output = NULL;
    for (int id; (id = cli_next(&p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP: cli_help(&p, stdout); return EXIT_READY;
        case CLI_ERROR: return EXIT_USAGE;
        case OPT_SERVICES: services = p.optarg; break;
        case OPT_OUTPUT: output = p.optarg; break;
        case CLI_POSITIONAL:
            if (input) {
                cli_err("bundle: one input file only ('%s' and '%s')", input, p.optarg);
                return EXIT_USAGE;
            }
            input = p.optarg;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (!input) {
        cli_err("bundle: missing the Service Tags file to read (see 'erready bundle --help')");
        return EXIT_USAGE;
    }
    er_diags *d = er_diags_new(0);
    er_catalog *c = er_catalog_new();
    if (!d || !c) {
        cli_err("out of memory");
        er_diags_free(d);
        er_catalog_free(c);
        return EXIT_USAGE;
    }
    int rc = EXIT_USAGE;
    size_t *sel = NULL, n = 0;
    char *json = NULL;
    er_status st = er_catalog_load_file(c, input, d);
    if (st == ER_OK)
        st = er_catalog_select(c, services, NULL, &sel, &n, d);
    cli_print_diags(d, 20);
    if (st != ER_OK) {
        cli_err("bundle: %s: %s", input, er_status_str(st));
        goto out;
    }
    json = er_catalog_export_json_sel(c, sel, n, services);
    if (!json) {
        cli_err("out of memory");
        goto out;
    }
    if (!cli_write_output(output, json, strlen(json)))
        goto out;
    if (output) {
        size_t v4 = 0, v6 = 0;
        for (size_t i = 0; i < n; i++) {
            v4 += er_catalog_service(c, sel[i])->n_v4;
            v6 += er_catalog_service(c, sel[i])->n_v6;
        }
        const er_feed_info *f = er_catalog_feed(c);
        fprintf(stderr,
                "erready: wrote %s: %zu tags, %zu IPv4 / %zu IPv6 prefixes from %s "
                "(cloud %s, changeNumber %u)\n",
                output, n, v4, v6, f->source, f->cloud, f->change_number);
    }
    rc = EXIT_READY;
out:
    free(json);
    free(sel);
    er_catalog_free(c);
    er_diags_free(d);
    return rc;
}
