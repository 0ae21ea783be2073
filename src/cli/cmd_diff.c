/* `erready diff BEFORE AFTER`: what a routing change moves between path classes, per
 * service, and which findings it introduces or fixes. The CI gate for network changes. */
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"

static const cli_opt diff_opts[] = {
    CLI_ANALYSIS_OPTS,
    CLI_OUTPUT_OPTS,
    {NULL, 0, NULL, NULL, 0},
};

typedef struct diff_arg {
    const er_diff *d;
    const char *before, *after;
} diff_arg;

static er_status render(er_report_format fmt, const er_report_opts *o, void *arg,
                        bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    diff_arg *x = arg;
    size_t len = 0;
    char *out = er_report_render_diff(fmt, x->d, x->before, x->after, o, &len);
    return cli_render_buffer(out, len, write, ctx);
}

int cmd_diff(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready diff", "BEFORE AFTER [options]",
             "Compares two snapshots of the routing, each a route file or a folder of route\n"
             "files (every regular file in it, in name order), analysed with the same\n"
             "services, profile and advertisements: per service the addresses that moved\n"
             "between path classes (exact counts), and the findings that are new, fixed or\n"
             "unchanged. Exit 1 when the change introduces a finding at or above --fail-on:\n"
             "the CI gate for network changes.",
             diff_opts, argc, argv);
    cli_ctx c;
    cli_ctx_init(&c, "diff");
    const char *side[2] = {NULL, NULL};
    size_t n_side = 0;
    int rc = EXIT_USAGE;
    cli_run run[2] = {{0}, {0}};
    er_diff *d = NULL;

    for (int id; (id = cli_ctx_next(&c, &p)) != CLI_END;) {
        if (id == CLI_HELP) {
            rc = EXIT_READY;
            goto done;
        }
        if (id == CLI_ERROR)
            goto done;
        if (id == CLI_POSITIONAL) {
            if (n_side == 2) {
                cli_err("diff: give exactly two snapshots, BEFORE and AFTER (got '%s' too)",
                        p.optarg);
                goto done;
            }
            side[n_side++] = p.optarg;
            continue;
        }
    }
    if (n_side != 2) {
        cli_err("diff: give two snapshots (usage: erready diff BEFORE AFTER [options])");
        goto done;
    }
    if (!cli_ctx_prepare(&c)) {
        rc = c.exit_code;
        goto done;
    }
    for (int k = 0; k < 2; k++)
        if (!cli_ctx_run(&c, c.profile, (char **)&side[k], 1, true, &run[k]))
            goto done;
    er_status st = er_diff_analyses(run[0].analysis, run[1].analysis, &d);
    if (st != ER_OK) {
        cli_err("diff: %s", er_status_str(st));
        goto done;
    }
    diff_arg x = {d, side[0], side[1]};
    if (!cli_ctx_write(&c, render, &x, true))
        goto done;
    rc = EXIT_READY;
    for (size_t i = 0; i < d->n_findings; i++)
        if (d->findings[i].state == ER_DIFF_NEW && c.fail_on != ER_SEV_NONE &&
            er_analysis_finding(run[1].analysis, d->findings[i].after)->severity >= c.fail_on)
            rc = EXIT_FINDINGS;
done:
    er_diff_free(d);
    cli_run_free(&run[0]);
    cli_run_free(&run[1]);
    cli_ctx_free(&c);
    return rc;
}
