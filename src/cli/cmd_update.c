/* erready update: fetch fresh Service Tags and Microsoft 365 data into the cache. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmd_data.h"
#include "erready/update.h"

enum {
    OPT_CLOUD = 1,
    OPT_M365,
    OPT_ONLY,
    OPT_URL,
    OPT_M365_URL,
    OPT_FROM,
    OPT_PROXY,
    OPT_CACERT,
    OPT_FORCE,
    OPT_TIMEOUT,
    OPT_CONNECT_TIMEOUT,
    OPT_RETRIES,
    OPT_MAX_SIZE,
    OPT_MAX_DROP,
};

static const cli_opt opts[] = {
    {"cloud", 0, "CLOUD", "Service Tags cloud: public (default), usgov, china", OPT_CLOUD},
    {"m365", 0, "INSTANCE",
     "Microsoft 365 instance: worldwide (default), usgovdod, usgovgcchigh, china", OPT_M365},
    {"only", 0, "WHAT", "update only 'servicetags' or only 'm365'", OPT_ONLY},
    {"url", 0, "URL", "Service Tags JSON address (skips the download page)", OPT_URL},
    {"m365-url", 0, "URL", "M365 endpoints JSON address (skips the version check)",
     OPT_M365_URL},
    {"from", 0, "FILE", "import a file downloaded by hand instead (air-gapped sites)", OPT_FROM},
    {"proxy", 0, "URL", "proxy for all requests (default: https_proxy, all_proxy, no_proxy)",
     OPT_PROXY},
    {"cacert", 0, "FILE", "trust this CA bundle (PEM) instead of the system store", OPT_CACERT},
    {"force", 0, NULL, "accept an older version or a large drop in prefixes", OPT_FORCE},
    {"timeout", 0, "SEC", "limit for one whole download attempt (default 300)", OPT_TIMEOUT},
    {"connect-timeout", 0, "SEC", "limit for connecting (default 15)", OPT_CONNECT_TIMEOUT},
    {"retries", 0, "N", "retries after transient errors, with backoff (default 3)", OPT_RETRIES},
    {"max-size", 0, "MIB", "size cap of one download (default 64)", OPT_MAX_SIZE},
    {"max-drop", 0, "PERCENT", "refuse a version with this much fewer prefixes (default 20)",
     OPT_MAX_DROP},
    {NULL, 0, NULL, NULL, 0},
};

static bool parse_num(const char *opt, const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = s[0] >= '0' && s[0] <= '9' ? strtoul(s, &end, 10) : 0;
    if (s[0] < '0' || s[0] > '9' || *end || errno || v > max) {
        cli_err("update: --%s needs a whole number from 0 to %lu, not '%s'", opt, max, s);
        return false;
    }
    *out = v;
    return true;
}

/* Exit code of one dataset's outcome (docs/update.md). */
static int exit_code(er_update_status st, er_fetch_err fe, bool import)
{
    switch (st) {
    case ER_UPD_UPDATED:
    case ER_UPD_UNCHANGED:
        return EXIT_READY;
    case ER_UPD_DOWNLOAD:
        return fe == ER_FETCH_ARG ? EXIT_USAGE : EXIT_STALE;
    case ER_UPD_DISCOVERY:
        return EXIT_STALE;
    case ER_UPD_INVALID:
    case ER_UPD_REFUSED:
        return import ? EXIT_USAGE : EXIT_STALE;
    case ER_UPD_LOCAL:
    case ER_UPD_ARG:
        return EXIT_USAGE;
    }
    return EXIT_USAGE;
}

static void report(const er_dataset_id *id, const er_update_result *r, bool import)
{
    char before[512], after[512];
    const char *kind = id->kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365";
    data_version_str(&r->before, before, sizeof before);
    data_version_str(&r->after, after, sizeof after);
    switch (r->status) {
    case ER_UPD_UPDATED:
        if (r->before.id)
            printf("%s %s: %s %s -> %s\n", kind, id->name, import ? "imported" : "updated",
                   before, after);
        else
            printf("%s %s: %s %s\n", kind, id->name, import ? "imported" : "stored", after);
        printf("  file: %s\n", r->after.path ? r->after.path : "?");
        if (r->diff)
            data_print_diff(stdout, r->diff, 10, false, "  ");
        break;
    case ER_UPD_UNCHANGED:
        printf("%s %s: unchanged, %s (%s)\n", kind, id->name,
               import ? "the file is already the cached version" : "already the newest",
               r->after.id ? after : before);
        break;
    default:
        cli_err("%s %s: %s; the data in use is unchanged (%s)", kind, id->name,
                er_update_status_str(r->status),
                r->before.id ? before : "no cached data: the bundled snapshot stays in use");
        break;
    }
}

int cmd_update(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready update", "[options]",
             "Download the current Azure Service Tags and Microsoft 365 endpoints into the "
             "cache ($XDG_CACHE_HOME/erready, else ~/.cache/erready) over HTTPS. New data is "
             "validated before it replaces the cached version, which is kept as the previous "
             "one; a failed update leaves the data in use untouched. Exit codes: 0 updated or "
             "already current, 2 usage error, bad --from file or cache error, 3 download "
             "failed or refused (the old data stays in use). See docs/update.md.",
             opts, argc, argv);
    const char *cloud = NULL, *m365 = NULL, *only = NULL, *url = NULL, *m365_url = NULL,
               *from = NULL;
    er_fetch_opts fo;
    er_fetch_opts_init(&fo);
    bool force = false;
    double max_drop = ER_DEFAULT_MAX_DROP;
    unsigned long v;
    int id;
    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case CLI_HELP: cli_help(&p, stdout); return EXIT_READY;
        case CLI_ERROR: return EXIT_USAGE;
        case CLI_POSITIONAL:
            cli_err("update: unexpected argument '%s' (see 'erready update --help')", p.optarg);
            return EXIT_USAGE;
        case OPT_CLOUD: cloud = p.optarg; break;
        case OPT_M365: m365 = p.optarg; break;
        case OPT_ONLY: only = p.optarg; break;
        case OPT_URL: url = p.optarg; break;
        case OPT_M365_URL: m365_url = p.optarg; break;
        case OPT_FROM: from = p.optarg; break;
        case OPT_PROXY: fo.proxy = p.optarg; break;
        case OPT_CACERT: fo.cacert = p.optarg; break;
        case OPT_FORCE: force = true; break;
        case OPT_TIMEOUT:
            if (!parse_num("timeout", p.optarg, 86400, &v) || v == 0) {
                if (v == 0)
                    cli_err("update: --timeout must be at least 1 second");
                return EXIT_USAGE;
            }
            fo.timeout_ms = (long)v * 1000;
            break;
        case OPT_CONNECT_TIMEOUT:
            if (!parse_num("connect-timeout", p.optarg, 3600, &v) || v == 0) {
                if (v == 0)
                    cli_err("update: --connect-timeout must be at least 1 second");
                return EXIT_USAGE;
            }
            fo.connect_timeout_ms = (long)v * 1000;
            break;
        case OPT_RETRIES:
            if (!parse_num("retries", p.optarg, 10, &v))
                return EXIT_USAGE;
            fo.retries = (unsigned)v;
            break;
        case OPT_MAX_SIZE:
            if (!parse_num("max-size", p.optarg, 4096, &v) || v == 0) {
                if (v == 0)
                    cli_err("update: --max-size must be at least 1 MiB");
                return EXIT_USAGE;
            }
            fo.max_bytes = (size_t)v << 20;
            break;
        case OPT_MAX_DROP:
            if (!parse_num("max-drop", p.optarg, 100, &v) || v == 0) {
                if (v == 0)
                    cli_err("update: --max-drop must be from 1 to 100");
                return EXIT_USAGE;
            }
            max_drop = (double)v / 100.0;
            break;
        default: return EXIT_USAGE;
        }
    }

    const er_dataset_id *st_id = er_dataset_lookup(ER_DATA_SERVICETAGS, cloud ? cloud : "public");
    const er_dataset_id *m_id = er_dataset_lookup(ER_DATA_M365, m365 ? m365 : "worldwide");
    if (!st_id) {
        cli_err("update: unknown cloud '%s' (expected public, usgov or china)", cloud);
        return EXIT_USAGE;
    }
    if (!m_id) {
        cli_err("update: unknown Microsoft 365 instance '%s' (expected worldwide, usgovdod, "
                "usgovgcchigh or china)",
                m365);
        return EXIT_USAGE;
    }
    bool do_st = true, do_m = true;
    if (only && strcmp(only, "servicetags") == 0)
        do_m = false;
    else if (only && strcmp(only, "m365") == 0)
        do_st = false;
    else if (only) {
        cli_err("update: --only takes 'servicetags' or 'm365', not '%s'", only);
        return EXIT_USAGE;
    }
    if (from && (url || m365_url || only)) {
        cli_err("update: --from imports one file; it cannot be combined with --url, --m365-url "
                "or --only");
        return EXIT_USAGE;
    }

    er_diags *diags = er_diags_new(0);
    er_store *store = NULL;
    if (!diags) {
        cli_err("out of memory");
        return EXIT_USAGE;
    }
    if (er_store_open(NULL, &store, diags) != ER_OK) {
        cli_print_diags(diags, 0);
        er_diags_free(diags);
        return EXIT_USAGE;
    }
    er_update_opts uo;
    memset(&uo, 0, sizeof uo);
    uo.force = force;
    uo.max_drop = max_drop;
    uo.page_url = getenv("ERREADY_SERVICETAGS_PAGE_URL");
    uo.m365_base = getenv("ERREADY_M365_BASE_URL");
    if (uo.page_url && !*uo.page_url)
        uo.page_url = NULL;
    if (uo.m365_base && !*uo.m365_base)
        uo.m365_base = NULL;
    int rc = EXIT_READY;

    if (from) {
        uo.cloud_given = cloud;
        uo.dataset = m_id;
        er_update_result r;
        er_update_status st = er_update_import(store, from, &uo, &r, diags);
        cli_print_diags(diags, 0);
        const er_dataset_id *shown =
            r.before.id ? r.before.id : r.after.id ? r.after.id : NULL;
        if (shown)
            report(shown, &r, true);
        else if (st != ER_UPD_UPDATED && st != ER_UPD_UNCHANGED)
            cli_err("update: '%s' not imported (%s); the data in use is unchanged", from,
                    er_update_status_str(st));
        rc = exit_code(st, r.fetch_err, true);
        er_update_result_clear(&r);
        er_store_free(store);
        er_diags_free(diags);
        return rc;
    }

    er_fetcher *f = er_fetcher_new(&fo);
    if (!f) {
        cli_err("update: cannot initialise libcurl");
        er_store_free(store);
        er_diags_free(diags);
        return EXIT_USAGE;
    }
    const er_dataset_id *todo[2];
    const char *urls[2];
    size_t n = 0;
    if (do_st) {
        todo[n] = st_id;
        urls[n++] = url;
    }
    if (do_m) {
        todo[n] = m_id;
        urls[n++] = m365_url;
    }
    for (size_t i = 0; i < n; i++) {
        er_diags *d = er_diags_new(0);
        if (!d) {
            rc = EXIT_USAGE;
            break;
        }
        uo.dataset = todo[i];
        uo.url = urls[i];
        er_update_result r;
        er_update_status st = er_update_run(store, f, &uo, &r, d);
        cli_print_diags(d, 0);
        report(todo[i], &r, false);
        int code = exit_code(st, r.fetch_err, false);
        if (code > rc)
            rc = code;
        er_update_result_clear(&r);
        er_diags_free(d);
    }
    er_fetcher_free(f);
    er_store_free(store);
    er_diags_free(diags);
    return rc;
}
