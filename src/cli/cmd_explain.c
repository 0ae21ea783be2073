/* `erready explain ADDRESS|PREFIX ROUTES...`: why traffic to one address or prefix takes the
 * path it does: the services owning it, the winning route and its competitors, forward and
 * return paths, and the findings that touch it. */
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"

static const cli_opt explain_opts[] = {
    CLI_ANALYSIS_OPTS,
    CLI_OUTPUT_OPTS,
    {NULL, 0, NULL, NULL, 0},
};

typedef struct explain_arg {
    const er_analysis *a;
    const er_explain *e;
} explain_arg;

static er_status render(er_report_format fmt, const er_report_opts *o, void *arg,
                        bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    explain_arg *x = arg;
    size_t len = 0;
    char *out = er_report_render_explain(fmt, x->a, x->e, o, &len);
    return cli_render_buffer(out, len, write, ctx);
}

int cmd_explain(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready explain", "ADDRESS|PREFIX ROUTES... [options]",
             "Explains one address or prefix: every service (of the whole catalog) that\n"
             "publishes it, the best route forwarding it and every other route covering it\n"
             "with file:line, the forward path class per part of it, how Microsoft's replies\n"
             "come back to each of your sources (with --advertised, --internet-advertised,\n"
             "--nat-pool or a profile), and the findings of a full check that touch it.\n"
             "Takes the same options as 'erready check'. Exit 1 when a finding touching it is\n"
             "at or above --fail-on.",
             explain_opts, argc, argv);
    cli_ctx c;
    cli_ctx_init(&c, "explain");
    cli_strlist files = {0};
    const char *query = NULL;
    int rc = EXIT_USAGE;
    cli_run run = {0};
    er_explain *e = NULL;

    for (int id; (id = cli_ctx_next(&c, &p)) != CLI_END;) {
        if (id == CLI_HELP) {
            rc = EXIT_READY;
            goto done;
        }
        if (id == CLI_ERROR)
            goto done;
        if (id == CLI_POSITIONAL) {
            if (!query) {
                query = p.optarg;
            } else if (!cli_strlist_push(&files, (char *)p.optarg)) {
                cli_err("out of memory");
                goto done;
            }
            continue;
        }
    }
    if (!query) {
        cli_err("explain: give an address or prefix and route files (usage: erready explain "
                "ADDRESS|PREFIX ROUTES...)");
        goto done;
    }
    er_prefix q;
    er_addr_err ae = er_prefix_parse(query, false, &q);
    if (ae != ER_ADDR_OK) {
        cli_err("explain: '%s' is not an address or prefix: %s", query, er_addr_err_str(ae));
        goto done;
    }
    if (!cli_ctx_prepare(&c)) {
        rc = c.exit_code;
        goto done;
    }
    char **paths = files.v;
    size_t n_paths = files.n;
    if (!n_paths && c.profile->n_routes) {
        paths = c.profile->routes;
        n_paths = c.profile->n_routes;
    }
    if (!n_paths) {
        cli_err("explain: no route file given (usage: erready explain ADDRESS|PREFIX ROUTES...)");
        goto done;
    }
    if (!cli_ctx_run(&c, c.profile, paths, n_paths, !files.n, &run))
        goto done;
    er_status st = er_analysis_explain(run.analysis, &q, &e);
    if (st != ER_OK) {
        cli_err("explain: %s", er_status_str(st));
        goto done;
    }
    explain_arg x = {run.analysis, e};
    if (!cli_ctx_write(&c, render, &x, true))
        goto done;
    rc = EXIT_READY;
    for (size_t i = 0; i < e->n_findings; i++)
        if (c.fail_on != ER_SEV_NONE &&
            er_analysis_finding(run.analysis, e->findings[i])->severity >= c.fail_on)
            rc = EXIT_FINDINGS;
done:
    er_explain_free(e);
    cli_run_free(&run);
    cli_strlist_free(&files);
    cli_ctx_free(&c);
    return rc;
}
