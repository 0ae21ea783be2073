/* `erready baseline`: write a baseline of accepted findings from a run, or prune an
 * existing one to the entries that still match a finding (it never grows one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/reporting.h"
#include "erready/analyze.h"
#include "erready/update.h"

enum {
    O_BASELINE = 1, O_OUTPUT, O_REASON, O_EXPIRES, O_DAYS, O_MIN_SEV, O_SITE, O_SERVICES, O_REGION,
    O_DATA, O_INPUT_FORMAT, O_VRF, O_ER_NH, O_INET_NH, O_INTERNAL_NH, O_VPN_NH, O_STRICT, O_VERBOSE
};

static const cli_opt baseline_opts[] = {
    {"baseline", 'b', "FILE", "the baseline to create (absent) or prune (present); required", O_BASELINE},
    {"output", 'o', "FILE", "write the result here instead of over FILE ('-' = stdout)", O_OUTPUT},
    {"reason", 0, "TEXT", "new baseline: why the findings are accepted (required)", O_REASON},
    {"expires", 0, "DATE", "new baseline: entries are accepted through DATE (YYYY-MM-DD)", O_EXPIRES},
    {"days", 0, "N", "new baseline: expire N days from today (default 90)", O_DAYS},
    {"min-severity", 0, "SEV", "new baseline: only findings at or above SEV (default: all)", O_MIN_SEV},
    {"site", 0, "NAME", "name of the network checked (entries apply to it only)", O_SITE},
    {"services", 's', "SEL", "services to check, as for 'erready check'", O_SERVICES},
    {"region", 0, "REGION", "the Power Platform environment's Azure region", O_REGION},
    {"data", 0, "FILE", "a Service Tags JSON to use instead of the bundled snapshot", O_DATA},
    {"input-format", 0, "NAME", "read every route file as this format", O_INPUT_FORMAT},
    {"vrf", 0, "NAME", "use only routes of this VRF / routing instance", O_VRF},
    {"er-nexthop", 0, "ADDR", "routes via this next hop are ExpressRoute (repeatable)", O_ER_NH},
    {"internet-nexthop", 0, "ADDR", "routes via this next hop are internet (repeatable)", O_INET_NH},
    {"internal-nexthop", 0, "ADDR", "routes via this next hop are internal (repeatable)", O_INTERNAL_NH},
    {"vpn-nexthop", 0, "ADDR", "routes via this next hop are VPN (repeatable)", O_VPN_NH},
    {"strict", 0, NULL, "treat any route line not understood as an input error", O_STRICT},
    {"verbose", 'v', NULL, "print every warning, not only the first 20", O_VERBOSE},
    {NULL, 0, NULL, NULL, 0},
};

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void add_days(const char *date, long days, char *out, size_t size)
{
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

int cmd_baseline(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready baseline", "ROUTES... --baseline FILE [options]",
             "Runs the same analysis as 'erready check' and maintains a baseline of accepted\n"
             "findings. When FILE does not exist, writes every finding of the run (at or above\n"
             "--min-severity) with --reason and an expiry date. When FILE exists, removes the\n"
             "entries that match no finding any more and keeps the rest unchanged: a baseline\n"
             "only ever shrinks. To accept a new finding, add its entry by hand.",
             baseline_opts, argc, argv);
    cli_strlist files = {0};
    const char *bpath = NULL, *out_path = NULL, *reason = NULL, *expires = NULL, *site = NULL;
    const char *services = ER_DEFAULT_SERVICES, *region = NULL, *data = NULL;
    const char *input_format = NULL, *vrf = NULL;
    long days = 90;
    er_severity min_sev = ER_SEV_INFO;
    bool strict = false, verbose = false, creating_opts = false;
    er_prefix *nh[ER_PC_COUNT] = {0};
    size_t n_nh[ER_PC_COUNT] = {0};
    er_analyze_opts aopts;
    er_analyze_opts_init(&aopts);
    int rc = EXIT_USAGE;
    er_catalog *cat = NULL;
    er_rtable *routes = NULL;
    er_analysis *an = NULL;
    er_baseline *bl = NULL;
    er_baseline_match *m = NULL;
    size_t *sel = NULL, n_sel = 0;
    char *text = NULL;
    char today[16], until[16];

    for (int id; (id = cli_next(&p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP:
            cli_help(&p, stdout);
            rc = EXIT_READY;
            goto done;
        case CLI_ERROR:
            goto done;
        case CLI_POSITIONAL:
            if (!cli_strlist_push(&files, (char *)p.optarg))
                goto nomem;
            break;
        case O_BASELINE: bpath = p.optarg; break;
        case O_OUTPUT: out_path = p.optarg; break;
        case O_REASON:
            reason = p.optarg;
            creating_opts = true;
            break;
        case O_EXPIRES:
            if (!er_baseline_date_valid(p.optarg)) {
                cli_err("baseline: --expires takes a date YYYY-MM-DD, not '%s'", p.optarg);
                goto done;
            }
            expires = p.optarg;
            creating_opts = true;
            break;
        case O_DAYS: {
            char *end = NULL;
            days = strtol(p.optarg, &end, 10);
            if (!end || *end || days < 1 || days > 3660) {
                cli_err("baseline: --days takes a number of days from 1 to 3660");
                goto done;
            }
            creating_opts = true;
            break;
        }
        case O_MIN_SEV:
            if (!er_severity_parse(p.optarg, &min_sev) || min_sev == ER_SEV_NONE) {
                cli_err("baseline: unknown severity '%s' (info, low, medium, high, critical)",
                        p.optarg);
                goto done;
            }
            creating_opts = true;
            break;
        case O_SITE: site = p.optarg; break;
        case O_SERVICES: services = p.optarg; break;
        case O_REGION: region = p.optarg; break;
        case O_DATA: data = p.optarg; break;
        case O_INPUT_FORMAT: input_format = p.optarg; break;
        case O_VRF: vrf = p.optarg; break;
        case O_ER_NH:
        case O_INET_NH:
        case O_INTERNAL_NH:
        case O_VPN_NH: {
            er_pathclass c = id == O_ER_NH     ? ER_PC_EXPRESSROUTE
                             : id == O_INET_NH ? ER_PC_INTERNET
                             : id == O_VPN_NH  ? ER_PC_VPN
                                               : ER_PC_INTERNAL;
            if (!cli_add_nexthop(&nh[c], &n_nh[c], p.optarg))
                goto done;
            break;
        }
        case O_STRICT: strict = true; break;
        case O_VERBOSE: verbose = true; break;
        default: goto done;
        }
    }
    if (!files.n) {
        cli_err("baseline: no route file given (usage: erready baseline ROUTES... --baseline FILE)");
        goto done;
    }
    if (!bpath) {
        cli_err("baseline: name the baseline file with --baseline FILE");
        goto done;
    }
    if (region && !er_region_normalize(region)) {
        cli_err("baseline: unknown region '%s'", region);
        goto done;
    }
    struct stat st;
    bool exists = stat(bpath, &st) == 0;
    if (!exists && !reason) {
        cli_err("baseline: '%s' does not exist; creating it needs --reason TEXT (why the "
                "findings are accepted)", bpath);
        goto done;
    }
    if (exists && creating_opts)
        fprintf(stderr, "erready: note: '%s' exists and is only pruned; --reason, --expires, "
                        "--days and --min-severity apply when creating one\n", bpath);
    if (!cli_today(today, sizeof today))
        goto done;
    if (exists && !(bl = cli_load_baseline(bpath)))
        goto done;
    for (int c = 0; c < ER_PC_COUNT; c++) {
        aopts.classify.nexthops[c] = nh[c];
        aopts.classify.n_nexthops[c] = n_nh[c];
    }

    cat = cli_load_catalog(data, -1, ER_DATA_WARN_DAYS, &rc);
    if (!cat)
        goto done;
    rc = EXIT_USAGE;
    er_diags *sd = er_diags_new(0);
    if (!sd)
        goto nomem;
    er_status es = er_catalog_select(cat, services, region, &sel, &n_sel, sd);
    cli_print_diags(sd, 0);
    er_diags_free(sd);
    if (es != ER_OK)
        goto done;
    if (!n_sel) {
        cli_err("baseline: the selection '%s' matches no service", services);
        goto done;
    }
    cli_progress_begin(files.v, files.n);
    routes = cli_load_routes(files.v, files.n, input_format, vrf, strict, verbose);
    if (!routes) {
        cli_progress_end();
        goto done;
    }
    cli_progress_step("analysing");
    es = er_analyze(cat, sel, n_sel, routes, &aopts, &an);
    cli_progress_end();
    if (es != ER_OK) {
        cli_err("baseline: analysis failed: %s", er_status_str(es));
        goto done;
    }

    size_t nf = er_analysis_finding_count(an);
    if (exists) {
        if (er_baseline_apply(bl, an, site, today, &m) != ER_OK)
            goto nomem;
        size_t before = er_baseline_count(bl);
        size_t removed = er_baseline_prune(bl, m, nf);
        size_t expired = 0;
        for (size_t i = 0; i < nf; i++)
            expired += m[i].state == ER_BASELINE_EXPIRED;
        fprintf(stderr, "erready: baseline '%s': kept %zu of %zu entr%s, removed %zu that match "
                        "no finding",
                bpath, before - removed, before, before == 1 ? "y" : "ies", removed);
        if (expired)
            fprintf(stderr, "; %zu finding%s match expired entries", expired,
                    expired == 1 ? "" : "s");
        fputc('\n', stderr);
    } else {
        bl = er_baseline_new();
        if (!bl)
            goto nomem;
        if (expires)
            snprintf(until, sizeof until, "%s", expires);
        else
            add_days(today, days, until, sizeof until);
        const er_catalog *c = er_analysis_catalog(an);
        size_t added_n = 0;
        for (size_t i = 0; i < nf; i++) {
            const er_finding *f = er_analysis_finding(an, i);
            if (f->severity < min_sev)
                continue;
            er_baseline_entry e = {f->rule, site ? site : "", er_catalog_service(c, f->service)->name,
                                   f->prefix, reason, until};
            bool added = false;
            er_status as = er_baseline_add(bl, &e, &added);
            if (as == ER_ERR_ARG) {
                cli_err("baseline: --reason must not be empty");
                goto done;
            }
            if (as != ER_OK)
                goto nomem;
            added_n += added;
        }
        fprintf(stderr, "erready: baseline '%s': %zu entr%s from %zu finding%s, accepted until %s\n",
                out_path ? out_path : bpath, added_n, added_n == 1 ? "y" : "ies", nf,
                nf == 1 ? "" : "s", until);
    }
    size_t len = 0;
    text = er_baseline_to_json(bl, &len);
    if (!text)
        goto nomem;
    if (!cli_write_output(out_path ? out_path : bpath, text, len))
        goto done;
    rc = EXIT_READY;
    goto done;
nomem:
    cli_err("out of memory");
    rc = EXIT_USAGE;
done:
    free(text);
    free(m);
    er_baseline_free(bl);
    er_analysis_free(an);
    er_rtable_free(routes);
    free(sel);
    er_catalog_free(cat);
    for (int c = 0; c < ER_PC_COUNT; c++)
        free(nh[c]);
    cli_strlist_free(&files);
    return rc;
}
