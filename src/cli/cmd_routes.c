/* `erready routes`: what erready understood of route files, with parse coverage. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "erready/analyze.h"
#include "erready/report.h"

enum { O_FORMAT = 1, O_OUTPUT, O_INPUT_FORMAT, O_VRF, O_ER_NH, O_INET_NH };

static const cli_opt routes_opts[] = {
    {"format", 'f', "FMT", "text (default), json or csv", O_FORMAT},
    {"output", 'o', "FILE", "write to FILE instead of standard output", O_OUTPUT},
    {"input-format", 0, "NAME", "read every file as this format (see 'erready formats')", O_INPUT_FORMAT},
    {"vrf", 0, "NAME", "keep only routes of this VRF / routing instance", O_VRF},
    {"er-nexthop", 0, "ADDR", "classify routes via this next hop as ExpressRoute (repeatable)", O_ER_NH},
    {"internet-nexthop", 0, "ADDR", "classify routes via this next hop as internet (repeatable)", O_INET_NH},
    {NULL, 0, NULL, NULL, 0},
};

int cmd_routes(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready routes", "FILE... [options]",
             "Prints every route erready understood in FILE (prefix, next hop, interface,\n"
             "protocol, AS path, best flag, path class, VRF, file:line) and per file the\n"
             "detected format, line counts and the reason for every line it skipped.",
             routes_opts, argc, argv);
    cli_strlist files = {0};
    er_dump_format fmt = ER_DUMP_TEXT;
    const char *out_path = NULL, *input_format = NULL, *vrf = NULL;
    er_classify_opts copts;
    memset(&copts, 0, sizeof copts);
    er_prefix *nh[ER_PC_COUNT] = {0};
    size_t n_nh[ER_PC_COUNT] = {0};
    int rc = EXIT_USAGE;
    er_rtable *t = NULL;
    er_diags *d = NULL;
    for (int id; (id = cli_next(&p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP:
            cli_help(&p, stdout);
            rc = EXIT_READY;
            goto done;
        case CLI_POSITIONAL:
            if (!cli_strlist_push(&files, (char *)p.optarg))
                goto done;
            break;
        case O_FORMAT:
            if (!er_dump_format_parse(p.optarg, &fmt)) {
                cli_err("routes: unknown format '%s' (text, json, csv)", p.optarg);
                goto done;
            }
            break;
        case O_OUTPUT: out_path = p.optarg; break;
        case O_INPUT_FORMAT: input_format = p.optarg; break;
        case O_VRF: vrf = p.optarg; break;
        case O_ER_NH:
            if (!cli_add_nexthop(&nh[ER_PC_EXPRESSROUTE], &n_nh[ER_PC_EXPRESSROUTE], p.optarg))
                goto done;
            break;
        case O_INET_NH:
            if (!cli_add_nexthop(&nh[ER_PC_INTERNET], &n_nh[ER_PC_INTERNET], p.optarg))
                goto done;
            break;
        default: goto done;
        }
    }
    if (!files.n) {
        cli_err("routes: no file given (usage: erready routes FILE... [options])");
        goto done;
    }
    const er_parser *parser = NULL;
    if (input_format && !(parser = er_parser_find(input_format))) {
        cli_err("routes: unknown input format '%s' (see 'erready formats')", input_format);
        goto done;
    }
    t = er_rtable_new();
    d = er_diags_new(0);
    if (!t || !d) {
        cli_err("out of memory");
        goto done;
    }
    bool failed = false;
    for (size_t i = 0; i < files.n; i++)
        if (er_rtable_load(t, files.v[i], parser, vrf, d) != ER_OK)
            failed = true;
    for (int c = 0; c < ER_PC_COUNT; c++) {
        copts.nexthops[c] = nh[c];
        copts.n_nexthops[c] = n_nh[c];
    }
    er_classify_all(t, &copts);
    /* Errors go to stderr; the skipped lines' reasons are part of the dump itself. */
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->level == ER_DIAG_ERROR) {
            if (g->line)
                fprintf(stderr, "%s:%u: error: %s\n", g->file ? g->file : "", g->line, g->msg);
            else
                fprintf(stderr, "%s: error: %s\n", g->file ? g->file : "erready", g->msg);
        }
    }
    size_t len = 0;
    char *out = er_report_routes(fmt, t, d, &len);
    if (!out) {
        cli_err("out of memory");
        goto done;
    }
    bool ok = cli_write_output(out_path, out, len);
    free(out);
    rc = ok && !failed ? EXIT_READY : EXIT_USAGE;
done:
    er_rtable_free(t);
    er_diags_free(d);
    for (int c = 0; c < ER_PC_COUNT; c++)
        free(nh[c]);
    cli_strlist_free(&files);
    return rc;
}
