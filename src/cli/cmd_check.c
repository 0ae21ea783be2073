/* `erready check`: coverage of Microsoft service ranges by path class, and findings; per
 * site with a summary when several sites are given. */
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"
#include "cli/reporting.h"

enum { O_BASELINE = 1, O_TIMESTAMP };

static const cli_opt check_opts[] = {
    CLI_ANALYSIS_OPTS,
    CLI_OUTPUT_OPTS,
    {"site", 0, "NAME=FILE", "a site and its route file or folder (repeatable): per-site results and a summary; NAME alone names the network checked (fingerprints, baselines)", CA_SITE},
    {"baseline", 0, "FILE", "accepted findings: shown as suppressed; they fail again once expired", O_BASELINE},
    {"timestamp", 0, NULL, "record the generation time in reports (default: none)", O_TIMESTAMP},
    {NULL, 0, NULL, NULL, 0},
};

static er_status render_one(er_report_format fmt, const er_report_opts *o, void *arg,
                            bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    return er_report_render_to(fmt, arg, o, write, ctx);
}

typedef struct sites_arg {
    er_site_report *v;
    size_t n;
} sites_arg;

static er_status render_sites(er_report_format fmt, const er_report_opts *o, void *arg,
                              bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    sites_arg *s = arg;
    size_t len = 0;
    char *out = er_report_render_sites(fmt, s->v, s->n, o, &len);
    return cli_render_buffer(out, len, write, ctx);
}

static size_t failing(const er_analysis *a, er_severity fail_on)
{
    size_t n = 0;
    for (size_t i = 0; fail_on != ER_SEV_NONE && i < er_analysis_finding_count(a); i++)
        n += er_analysis_finding(a, i)->severity >= fail_on;
    return n;
}

/* Format for an output path: by extension, else the --format value. */
static er_report_format format_for(const char *path, er_report_format dflt)
{
    er_report_format f;
    return er_report_format_from_path(path, &f) ? f : dflt;
}

int cmd_check(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready check", "ROUTES... [options]",
             "Reads route-table exports (any supported format, detected automatically), runs\n"
             "longest-prefix match over the whole address ranges of the selected Microsoft\n"
             "services and reports which addresses go over ExpressRoute, which over the\n"
             "internet, and the findings: leaks (ExpressRoute-eligible traffic routed to the\n"
             "internet, explained), ranges the circuit cannot carry, asymmetric return paths,\n"
             "Microsoft peering mistakes and endpoints Power Platform cannot reach over\n"
             "ExpressRoute (docs/findings.md). ROUTES may be '-' for standard input; with\n"
             "--site or a profile with sites, each site is checked on its own routes.",
             check_opts, argc, argv);
    cli_ctx c;
    cli_ctx_init(&c, "check");
    cli_strlist files = {0};
    int rc = EXIT_USAGE;
    cli_run single = {0};
    cli_run *runs = NULL;
    er_site_report *reports = NULL;
    size_t n_runs = 0;
    const char *baseline_path = NULL;
    bool timestamp = false;
    er_baseline *baseline = NULL;
    er_baseline_match *bmatch = NULL;
    char **hashes = NULL;
    char today[16], stamp[32], data_hash[65];

    for (int id; (id = cli_ctx_next(&c, &p)) != CLI_END;) {
        if (id == CLI_HELP) {
            rc = EXIT_READY;
            goto done;
        }
        if (id == CLI_ERROR)
            goto done;
        if (id == CLI_POSITIONAL) {
            if (!cli_strlist_push(&files, (char *)p.optarg)) {
                cli_err("out of memory");
                goto done;
            }
            continue;
        }
        if (id == O_BASELINE) {
            baseline_path = p.optarg;
            continue;
        }
        if (id == O_TIMESTAMP) {
            timestamp = true;
            continue;
        }
    }
    if (!cli_ctx_prepare(&c)) {
        rc = c.exit_code;
        goto done;
    }
    const er_profile *prof = c.profile;

    if (prof->n_sites) {
        if (baseline_path) {
            cli_err("check: --baseline works on one site at a time (run check per site)");
            goto done;
        }
        if (files.n) {
            cli_err("check: route files given with sites: give each site its routes "
                    "(--site NAME=FILE or \"routes\" in the profile)");
            goto done;
        }
        runs = calloc(prof->n_sites, sizeof *runs);
        reports = calloc(prof->n_sites, sizeof *reports);
        if (!runs || !reports) {
            cli_err("out of memory");
            goto done;
        }
        for (size_t i = 0; i < prof->n_sites; i++) {
            const er_profile *site = prof->sites[i];
            if (!site->n_routes) {
                cli_err("check: site '%s' has no route file", site->name);
                goto done;
            }
            if (!cli_ctx_run(&c, site, site->routes, site->n_routes, true, &runs[i]))
                goto done;
            n_runs++;
            reports[i] = (er_site_report){site->name, runs[i].analysis};
        }
        sites_arg sa = {reports, n_runs};
        if (!cli_ctx_write(&c, render_sites, &sa, true))
            goto done;
        rc = EXIT_READY;
        for (size_t i = 0; i < n_runs; i++)
            if (failing(runs[i].analysis, c.fail_on))
                rc = EXIT_FINDINGS;
        goto done;
    }

    char **paths = files.v;
    size_t n_paths = files.n;
    bool folders = false;
    if (!n_paths && prof->n_routes) {
        paths = prof->routes;
        n_paths = prof->n_routes;
        folders = true;
    }
    if (!n_paths) {
        cli_err("check: no route file given (usage: erready check ROUTES... [options])");
        goto done;
    }
    if (baseline_path && !(baseline = cli_load_baseline(baseline_path)))
        goto done;
    if (!cli_today(today, sizeof today) || (timestamp && !cli_timestamp(stamp, sizeof stamp)))
        goto done;
    if (!cli_ctx_run(&c, prof, paths, n_paths, folders, &single))
        goto done;
    er_report_opts ro;
    cli_ctx_report_opts(&c, &ro);
    ro.site = c.site_label;
    ro.generated_at = timestamp ? stamp : NULL;
    ro.data_path = c.data;
    if (baseline) {
        if (er_baseline_apply(baseline, single.analysis, c.site_label, today, &bmatch) != ER_OK) {
            cli_err("out of memory");
            goto done;
        }
        ro.baseline = baseline;
        ro.baseline_match = bmatch;
        ro.baseline_path = baseline_path;
    }
    /* Evidence formats record the SHA-256 of every input. */
    for (size_t i = 0; i < (c.outputs.n ? c.outputs.n : 1) && !hashes; i++) {
        er_report_format f = format_for(c.outputs.n ? c.outputs.v[i] : NULL, c.format);
        if (f == ER_REPORT_SARIF || f == ER_REPORT_HTML) {
            if (!(hashes = cli_hash_inputs(single.routes)))
                goto done;
            ro.input_sha256 = (const char *const *)hashes;
            ro.n_input_sha256 = er_rtable_file_count(single.routes);
            if (c.data && er_report_sha256_file(c.data, data_hash) == ER_OK)
                ro.data_sha256 = data_hash;
        }
    }
    if (!cli_ctx_write_opts(&c, render_one, single.analysis, false, &ro))
        goto done;
    cli_phase_mark("report");
    if (baseline) {
        size_t acc = 0, exp = 0;
        for (size_t i = 0; i < er_analysis_finding_count(single.analysis); i++) {
            acc += bmatch[i].state == ER_BASELINE_ACCEPTED;
            exp += bmatch[i].state == ER_BASELINE_EXPIRED;
        }
        if (exp)
            cli_err("check: %zu finding%s matched expired baseline entries and count again "
                    "(%zu accepted)", exp, exp == 1 ? "" : "s", acc);
    }
    rc = er_report_failing_count(single.analysis, &ro) ? EXIT_FINDINGS : EXIT_READY;
done:
    if (single.routes)
        cli_free_hashes(hashes, er_rtable_file_count(single.routes));
    free(bmatch);
    er_baseline_free(baseline);
    cli_run_free(&single);
    for (size_t i = 0; i < n_runs; i++)
        cli_run_free(&runs[i]);
    free(runs);
    free(reports);
    cli_strlist_free(&files);
    cli_ctx_free(&c);
    cli_phase_mark("free");
    return rc;
}
