/* `erready baseline`: write a baseline of accepted findings from a run, or prune an
 * existing one to the entries that still match a finding (it never grows one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/analysis.h"
#include "cli/reporting.h"

/* Option ids below 100: the analysis options (cli/analysis.h) use 100-199. */
enum { O_BASELINE = 1, O_OUTPUT, O_REASON, O_EXPIRES, O_DAYS, O_MIN_SEV };

static const cli_opt baseline_opts[] = {
    {"baseline", 'b', "FILE", "the baseline to create (absent) or prune (present); required", O_BASELINE},
    {"output", 'o', "FILE", "write the result here instead of over FILE ('-' = stdout)", O_OUTPUT},
    {"reason", 0, "TEXT", "new baseline: why the findings are accepted (required)", O_REASON},
    {"expires", 0, "DATE", "new baseline: entries are accepted through DATE (YYYY-MM-DD)", O_EXPIRES},
    {"days", 0, "N", "new baseline: expire N days from today (default 90)", O_DAYS},
    {"min-severity", 0, "SEV", "new baseline: only findings at or above SEV (default: all)", O_MIN_SEV},
    {"site", 0, "NAME", "name of the network checked (entries apply to it only)", CA_SITE},
    CLI_ANALYSIS_OPTS,
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

/* Write one entry per finding at or above min_sev into a new baseline. */
static bool create_entries(er_baseline *bl, const er_analysis *an, const char *site,
                           er_severity min_sev, const char *reason, const char *until,
                           size_t *added_n)
{
    char **ids = NULL;
    if (er_baseline_finding_ids(an, &ids) != ER_OK) {
        cli_err("out of memory");
        return false;
    }
    bool ok = true;
    *added_n = 0;
    for (size_t i = 0; ok && i < er_analysis_finding_count(an); i++) {
        if (er_analysis_finding(an, i)->severity < min_sev)
            continue;
        er_baseline_entry e = {ids[i], site ? site : "", reason, until};
        bool added = false;
        er_status as = er_baseline_add(bl, &e, &added);
        if (as == ER_ERR_ARG) {
            cli_err("baseline: --reason must not be empty");
            ok = false;
        } else if (as != ER_OK) {
            cli_err("out of memory");
            ok = false;
        }
        *added_n += added;
    }
    free(ids);
    return ok;
}

int cmd_baseline(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready baseline", "ROUTES... --baseline FILE [options]",
             "Runs the same analysis as 'erready check', with the same analysis options\n"
             "(profile, advertisements, circuit, NAT pools, endpoints...), and maintains a\n"
             "baseline of accepted findings. When FILE does not exist, writes every finding of\n"
             "the run (at or above --min-severity) with --reason and an expiry date. When FILE\n"
             "exists, removes the entries that match no finding any more and keeps the rest\n"
             "unchanged: a baseline only ever shrinks. To accept a new finding, add its entry\n"
             "by hand. Give the same options to 'erready check --baseline FILE'.",
             baseline_opts, argc, argv);
    cli_ctx c;
    cli_ctx_init(&c, "baseline");
    cli_strlist files = {0};
    const char *bpath = NULL, *out_path = NULL, *reason = NULL, *expires = NULL;
    long days = 90;
    er_severity min_sev = ER_SEV_INFO;
    bool creating_opts = false;
    int rc = EXIT_USAGE;
    cli_run run = {0};
    er_baseline *bl = NULL;
    er_baseline_match *m = NULL;
    char *text = NULL;
    char today[16], until[16];

    for (int id; (id = cli_ctx_next(&c, &p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP:
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
        default:
            goto done; /* not an option of this command: the parser never returns one */
        }
    }
    if (c.sites.n) {
        cli_err("baseline: works on one site at a time: --site NAME names it (run baseline "
                "per site)");
        goto done;
    }
    if (!bpath) {
        cli_err("baseline: name the baseline file with --baseline FILE");
        goto done;
    }
    struct stat st;
    bool exists = stat(bpath, &st) == 0;
    if (!exists && !reason) {
        cli_err("baseline: '%s' does not exist; creating it needs --reason TEXT (why the "
                "findings are accepted)", bpath);
        goto done;
    }
    if (!cli_ctx_prepare(&c)) {
        rc = c.exit_code;
        goto done;
    }
    const er_profile *prof = c.profile;
    if (prof->n_sites) {
        cli_err("baseline: the profile has sites; a baseline works on one site at a time "
                "(run baseline per site with its routes and --site NAME)");
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
        cli_err("baseline: no route file given (usage: erready baseline ROUTES... --baseline FILE)");
        goto done;
    }
    if (exists && creating_opts)
        fprintf(stderr, "erready: note: '%s' exists and is only pruned; --reason, --expires, "
                        "--days and --min-severity apply when creating one\n", bpath);
    if (!cli_today(today, sizeof today))
        goto done;
    if (exists && !(bl = cli_load_baseline(bpath)))
        goto done;
    if (!cli_ctx_run(&c, prof, paths, n_paths, folders, &run))
        goto done;

    const er_analysis *an = run.analysis;
    size_t nf = er_analysis_finding_count(an);
    if (exists) {
        if (er_baseline_apply(bl, an, c.site_label, today, &m) != ER_OK)
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
        size_t added_n = 0;
        if (!create_entries(bl, an, c.site_label, min_sev, reason, until, &added_n))
            goto done;
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
    cli_run_free(&run);
    cli_strlist_free(&files);
    cli_ctx_free(&c);
    return rc;
}
