/* erready data: which datasets are in use, their versions and age; erready data diff. */
#include "cli/cmd_data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

/* ---- shared printing ---- */

const char *data_age_str(const er_dataset_info *i, time_t now, char *buf, size_t size)
{
    double d = er_dataset_age_days(i, now);
    if (d < 0)
        snprintf(buf, size, "unknown");
    else
        snprintf(buf, size, "%.1f days", d);
    return buf;
}

const char *data_version_str(const er_dataset_info *i, char *buf, size_t size)
{
    const char *date = i->date && i->date[0] ? i->date : "date unknown";
    const char *file = i->file ? i->file : i->bundled ? "bundled snapshot" : i->path;
    if (!i->id && !i->bundled && !i->path)
        snprintf(buf, size, "nothing cached");
    else if (i->id && i->id->kind == ER_DATA_M365)
        snprintf(buf, size, "version %s, %s, %s",
                 i->version && i->version[0] ? i->version : "unknown", date, file ? file : "?");
    else
        snprintf(buf, size, "changeNumber %u, %s, %s", i->change_number, date,
                 file ? file : "?");
    return buf;
}

typedef struct ranked {
    const er_diff_entry *e;
} ranked;

static int by_size(const void *a, const void *b)
{
    const er_diff_entry *x = ((const ranked *)a)->e, *y = ((const ranked *)b)->e;
    size_t sx = x->n_added + x->n_removed, sy = y->n_added + y->n_removed;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return strcmp(x->name, y->name);
}

void data_print_diff(FILE *f, const er_feed_diff *d, size_t max_sets, bool prefixes,
                     const char *indent)
{
    fprintf(f, "%ssets: %zu -> %zu (%zu added, %zu removed, %zu changed)\n", indent,
            d->n_old_sets, d->n_new_sets, d->sets_added, d->sets_removed, d->sets_changed);
    fprintf(f, "%sprefixes per set: +%zu -%zu; prefixes in the whole feed: +%zu -%zu\n", indent,
            d->prefixes_added, d->prefixes_removed, d->unique_added, d->unique_removed);
    if (d->n_entries == 0)
        return;
    ranked *r = malloc(d->n_entries * sizeof *r);
    if (!r)
        return;
    for (size_t i = 0; i < d->n_entries; i++)
        r[i].e = &d->entries[i];
    size_t shown = d->n_entries;
    if (max_sets && max_sets < d->n_entries) {
        qsort(r, d->n_entries, sizeof *r, by_size);
        shown = max_sets;
        fprintf(f, "%slargest changes:\n", indent);
    }
    for (size_t i = 0; i < shown; i++) {
        const er_diff_entry *e = r[i].e;
        char counts[64];
        if (e->n_added && e->n_removed)
            snprintf(counts, sizeof counts, "+%zu -%zu", e->n_added, e->n_removed);
        else if (e->n_removed)
            snprintf(counts, sizeof counts, "-%zu", e->n_removed);
        else
            snprintf(counts, sizeof counts, "+%zu", e->n_added);
        fprintf(f, "%s  %c %-48s %s%s\n", indent, e->change > 0 ? '+' : e->change < 0 ? '-' : '~',
                e->name, counts,
                e->change > 0 ? " (new set)" : e->change < 0 ? " (set removed)" : "");
        if (!prefixes)
            continue;
        char buf[ER_PREFIX_STRLEN];
        for (size_t k = 0; k < e->n_removed; k++) {
            er_prefix_format(&e->removed[k], buf, sizeof buf);
            fprintf(f, "%s      - %s\n", indent, buf);
        }
        for (size_t k = 0; k < e->n_added; k++) {
            er_prefix_format(&e->added[k], buf, sizeof buf);
            fprintf(f, "%s      + %s\n", indent, buf);
        }
    }
    if (shown < d->n_entries)
        fprintf(f, "%s  ... and %zu more sets ('erready data diff OLD NEW' lists them all)\n",
                indent, d->n_entries - shown);
    free(r);
}

/* ---- JSON output ---- */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void iso_time(int64_t t, char *buf, size_t size)
{
    if (t <= 0) {
        snprintf(buf, size, "%s", "");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm))
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(buf, size, "%s", "");
}

static void json_info(FILE *f, const er_dataset_info *i, const char *origin, time_t now)
{
    char stored[32], checked[32];
    iso_time(i->stored, stored, sizeof stored);
    iso_time(i->checked, checked, sizeof checked);
    double age = er_dataset_age_days(i, now);
    fprintf(f, "{\"origin\": ");
    json_str(f, origin);
    fprintf(f, ", \"cloud\": ");
    json_str(f, i->cloud);
    fprintf(f, ", \"change_number\": %u, \"version\": ", i->change_number);
    json_str(f, i->version);
    fprintf(f, ", \"date\": ");
    json_str(f, i->date);
    if (age >= 0)
        fprintf(f, ", \"age_days\": %.2f", age);
    else
        fprintf(f, ", \"age_days\": null");
    fprintf(f, ", \"path\": ");
    if (i->path)
        json_str(f, i->path);
    else
        fputs("null", f);
    fprintf(f, ", \"source\": ");
    json_str(f, i->source);
    fprintf(f, ", \"stored\": ");
    json_str(f, stored);
    fprintf(f, ", \"checked\": ");
    json_str(f, checked);
    fprintf(f, ", \"sets\": %zu, \"prefixes\": %zu}", i->n_sets, i->n_prefixes);
}

/* ---- erready data ---- */

enum { OPT_FORMAT = 1, OPT_DATA, OPT_MAX_AGE, OPT_WARN_AGE, OPT_PREFIXES, OPT_EXIT_CODE };

static const cli_opt data_opts[] = {
    {"format", 0, "FMT", "text (default) or json", OPT_FORMAT},
    {"data", 0, "FILE", "show this Service Tags or M365 file in place of the cached data",
     OPT_DATA},
    {"max-age", 0, "DAYS", "exit 3 when data in use is older than DAYS (or of unknown age)",
     OPT_MAX_AGE},
    {"warn-age", 0, "DAYS", "warn when data in use is older than DAYS (default 14)",
     OPT_WARN_AGE},
    {NULL, 0, NULL, NULL, 0},
};

static const cli_opt diff_opts[] = {
    {"format", 0, "FMT", "text (default) or json", OPT_FORMAT},
    {"prefixes", 0, NULL, "list every added and removed prefix (text)", OPT_PREFIXES},
    {"exit-code", 0, NULL, "exit 1 when the feeds differ", OPT_EXIT_CODE},
    {NULL, 0, NULL, NULL, 0},
};

typedef struct shown {
    const er_dataset_id *id;
    const char *origin; /* "cache", "bundled", "file" */
    er_dataset_info cur, prev;
} shown;

static bool parse_days(const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || v < 0 || v > 100000) {
        cli_err("data: --%s needs a number of days, not '%s'", opt, s);
        return false;
    }
    *out = v;
    return true;
}

static er_data_kind sniff_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ER_DATA_UNKNOWN;
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return er_data_detect(buf, n);
}

/* Info for a --data file: Service Tags via the catalog loader, M365 via the M365 loader. */
static bool load_data_file(const char *path, shown *out, er_diags *diags)
{
    er_data_kind k = sniff_file(path);
    if (k == ER_DATA_SERVICETAGS) {
        er_catalog *c = er_catalog_new();
        bool ok = c && er_catalog_load_file(c, path, diags) == ER_OK &&
                  er_dataset_info_from_catalog(c, &out->cur) == ER_OK;
        er_catalog_free(c);
        if (ok)
            out->id = out->cur.id;
        return ok && out->id;
    }
    if (k == ER_DATA_M365) {
        er_m365 *m = er_m365_new();
        bool ok = m && er_m365_load_file(m, path, diags) == ER_OK;
        if (ok) {
            out->id = er_dataset_lookup(ER_DATA_M365, "worldwide");
            out->cur.id = out->id;
            out->cur.path = strdup(path);
            out->cur.source = strdup(path);
            out->cur.cloud = strdup("");
            out->cur.version = strdup("");
            out->cur.date = strdup("");
            out->cur.n_sets = er_m365_count(m);
            out->cur.n_prefixes = er_m365_prefix_total(m);
        }
        er_m365_free(m);
        return ok;
    }
    er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0,
                 "cannot read it as a service tags file or a microsoft 365 endpoints document");
    return false;
}

static int data_diff(int argc, char **argv);

int cmd_data(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "diff") == 0)
        return data_diff(argc - 1, argv + 1);
    cli_parser p;
    cli_init(&p, "erready data", "[options] | erready data diff OLD NEW [options]",
             "Show every dataset in use: where it comes from (cache, bundled snapshot or a "
             "--data file), its cloud, changeNumber or Microsoft 365 version, date and age. "
             "The newest valid cached data is used, else the bundled snapshot. 'erready data "
             "diff OLD NEW' lists the prefixes added and removed per service between two feed "
             "versions. Exit codes: 0 fine, 2 usage or input error, 3 data older than "
             "--max-age.",
             data_opts, argc, argv);
    const char *format = "text", *data = NULL;
    double max_age = -1, warn_age = ER_DATA_WARN_DAYS;
    int id;
    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case CLI_HELP: cli_help(&p, stdout); return EXIT_READY;
        case CLI_ERROR: return EXIT_USAGE;
        case CLI_POSITIONAL:
            cli_err("data: unexpected argument '%s' (see 'erready data --help')", p.optarg);
            return EXIT_USAGE;
        case OPT_FORMAT: format = p.optarg; break;
        case OPT_DATA: data = p.optarg; break;
        case OPT_MAX_AGE:
            if (!parse_days("max-age", p.optarg, &max_age))
                return EXIT_USAGE;
            break;
        case OPT_WARN_AGE:
            if (!parse_days("warn-age", p.optarg, &warn_age))
                return EXIT_USAGE;
            break;
        default: return EXIT_USAGE;
        }
    }
    bool json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_err("data: unknown format '%s' (expected text or json)", format);
        return EXIT_USAGE;
    }
    er_diags *diags = er_diags_new(0);
    if (!diags)
        return EXIT_USAGE;
    shown file;
    memset(&file, 0, sizeof file);
    if (data && !load_data_file(data, &file, diags)) {
        cli_print_diags(diags, 0);
        er_diags_free(diags);
        return EXIT_USAGE;
    }
    er_store *store = NULL;
    er_store_open(NULL, &store, diags);

    er_catalog *bundled = er_catalog_new();
    er_dataset_info binfo;
    memset(&binfo, 0, sizeof binfo);
    er_diags *quiet = er_diags_new(0);
    if (bundled && er_catalog_load_bundled(bundled, quiet) == ER_OK)
        er_dataset_info_from_catalog(bundled, &binfo);
    er_diags_free(quiet);
    er_catalog_free(bundled);

    size_t n_ids;
    const er_dataset_id *ids = er_dataset_all(&n_ids);
    shown *rows = calloc(n_ids, sizeof *rows);
    size_t n_rows = 0;
    char missing[512] = "";
    for (size_t i = 0; rows && i < n_ids; i++) {
        shown *r = &rows[n_rows];
        r->id = &ids[i];
        if (file.id == &ids[i]) {
            r->origin = "file";
            r->cur = file.cur;
            memset(&file.cur, 0, sizeof file.cur);
        } else if (store && er_store_current(store, &ids[i], &r->cur, diags) == ER_OK) {
            r->origin = "cache";
            if (er_store_previous(store, &ids[i], &r->prev, diags) != ER_OK ||
                (r->prev.file && r->cur.file && strcmp(r->prev.file, r->cur.file) == 0))
                er_dataset_info_clear(&r->prev);
        } else if (binfo.id == &ids[i]) {
            r->origin = "bundled";
            r->cur = binfo;
            memset(&binfo, 0, sizeof binfo);
        } else {
            size_t l = strlen(missing);
            snprintf(missing + l, sizeof missing - l, "%s%s %s", l ? ", " : "",
                     ids[i].kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365", ids[i].name);
            continue;
        }
        n_rows++;
    }
    cli_print_diags(diags, 0);
    time_t now = time(NULL);
    int rc = EXIT_READY;
    if (json) {
        printf("{\"cache_dir\": ");
        json_str(stdout, store ? er_store_dir(store) : NULL);
        printf(", \"warn_age_days\": %g, \"datasets\": [", warn_age);
        for (size_t i = 0; i < n_rows; i++) {
            shown *r = &rows[i];
            printf("%s\n  {\"kind\": \"%s\", \"name\": \"%s\", \"in_use\": ", i ? "," : "",
                   r->id->kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365", r->id->name);
            json_info(stdout, &r->cur, r->origin, now);
            printf(", \"previous\": ");
            if (r->prev.id)
                json_info(stdout, &r->prev, "cache", now);
            else
                printf("null");
            printf("}");
        }
        printf("\n]}\n");
    } else {
        printf("%-24s %-8s %-24s %-11s %-11s %s\n", "dataset", "origin", "version", "date",
               "age", "file");
        for (size_t i = 0; i < n_rows; i++) {
            shown *r = &rows[i];
            er_dataset_info *vs[2] = {&r->cur, &r->prev};
            for (int k = 0; k < 2; k++) {
                er_dataset_info *v = vs[k];
                if (k == 1 && !v->id)
                    break;
                char name[64], ver[64], age[32];
                snprintf(name, sizeof name, "%s %s",
                         r->id->kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365",
                         r->id->name);
                if (r->id->kind == ER_DATA_M365)
                    snprintf(ver, sizeof ver, "version %s",
                             v->version && v->version[0] ? v->version : "unknown");
                else
                    snprintf(ver, sizeof ver, "changeNumber %u", v->change_number);
                data_age_str(v, now, age, sizeof age);
                printf("%-24s %-8s %-24s %-11s %-11s %s\n", k ? "" : name,
                       k ? "previous" : r->origin, ver, v->date && v->date[0] ? v->date : "-",
                       k ? "" : age, v->path ? v->path : "(compiled in)");
            }
        }
        if (missing[0])
            printf("not available: %s\n", missing);
        if (store)
            printf("cache: %s\n", er_store_dir(store));
    }
    for (size_t i = 0; i < n_rows; i++) {
        shown *r = &rows[i];
        double age = er_dataset_age_days(&r->cur, now);
        const char *kind = r->id->kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365";
        if (max_age >= 0 && (age < 0 || age > max_age)) {
            if (age < 0)
                cli_err("%s %s: the age of the data is unknown (--max-age %g)", kind,
                        r->id->name, max_age);
            else
                cli_err("%s %s: data is %.1f days old, older than --max-age %g; run 'erready "
                        "update'",
                        kind, r->id->name, age, max_age);
            rc = EXIT_STALE;
        } else if (age > warn_age) {
            fprintf(stderr,
                    "erready: warning: %s %s: data is %.1f days old (more than %g); run "
                    "'erready update'\n",
                    kind, r->id->name, age, warn_age);
        }
    }
    if (rows && max_age >= 0 && n_rows == 0) {
        cli_err("no data available at all (--max-age %g)", max_age);
        rc = EXIT_STALE;
    }
    for (size_t i = 0; i < n_rows; i++) {
        er_dataset_info_clear(&rows[i].cur);
        er_dataset_info_clear(&rows[i].prev);
    }
    free(rows);
    er_dataset_info_clear(&file.cur);
    er_dataset_info_clear(&binfo);
    er_store_free(store);
    er_diags_free(diags);
    return rc;
}

/* ---- erready data diff ---- */

typedef struct side {
    er_data_kind kind;
    er_catalog *cat;
    er_m365 *m;
    char label[512];
} side;

static bool load_side(const char *path, side *s, er_diags *diags)
{
    memset(s, 0, sizeof *s);
    s->kind = sniff_file(path);
    if (s->kind == ER_DATA_SERVICETAGS) {
        s->cat = er_catalog_new();
        if (!s->cat || er_catalog_load_file(s->cat, path, diags) != ER_OK)
            return false;
        const er_feed_info *fi = er_catalog_feed(s->cat);
        snprintf(s->label, sizeof s->label, "%s (%s, changeNumber %u)", path,
                 fi->cloud ? fi->cloud : "?", fi->change_number);
        return true;
    }
    if (s->kind == ER_DATA_M365) {
        s->m = er_m365_new();
        if (!s->m || er_m365_load_file(s->m, path, diags) != ER_OK)
            return false;
        snprintf(s->label, sizeof s->label, "%s (%zu endpoint sets)", path, er_m365_count(s->m));
        return true;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
    else {
        fclose(f);
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0,
                     "neither a service tags file nor a microsoft 365 endpoints document");
    }
    return false;
}

static void json_prefixes(FILE *f, const er_prefix *p, size_t n)
{
    char buf[ER_PREFIX_STRLEN];
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        er_prefix_format(&p[i], buf, sizeof buf);
        fprintf(f, "%s\"%s\"", i ? ", " : "", buf);
    }
    fputc(']', f);
}

static int data_diff(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready data diff", "OLD NEW [options]",
             "Prefixes added and removed per service between two versions of a feed (two "
             "Service Tags files, or two Microsoft 365 endpoints documents, whose sets are "
             "named '<serviceArea>:<id>'). Exit codes: 0 done (1 with --exit-code when they "
             "differ), 2 usage or input error.",
             diff_opts, argc, argv);
    const char *format = "text", *files[2] = {NULL, NULL};
    bool prefixes = false, exit_code = false;
    size_t nf = 0;
    int id;
    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case CLI_HELP: cli_help(&p, stdout); return EXIT_READY;
        case CLI_ERROR: return EXIT_USAGE;
        case CLI_POSITIONAL:
            if (nf == 2) {
                cli_err("data diff: takes exactly two files, OLD and NEW");
                return EXIT_USAGE;
            }
            files[nf++] = p.optarg;
            break;
        case OPT_FORMAT: format = p.optarg; break;
        case OPT_PREFIXES: prefixes = true; break;
        case OPT_EXIT_CODE: exit_code = true; break;
        default: return EXIT_USAGE;
        }
    }
    bool json = strcmp(format, "json") == 0;
    if (nf != 2 || (!json && strcmp(format, "text") != 0)) {
        cli_err(nf != 2 ? "data diff: needs two files, OLD and NEW (see 'erready data diff "
                          "--help')"
                        : "data diff: unknown format (expected text or json)");
        return EXIT_USAGE;
    }
    er_diags *diags = er_diags_new(0);
    side a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    bool ok = diags && load_side(files[0], &a, diags);
    ok = ok && load_side(files[1], &b, diags);
    int rc = EXIT_USAGE;
    er_feed_diff *d = NULL;
    if (ok && a.kind != b.kind) {
        cli_err("data diff: '%s' and '%s' are different kinds of feed", files[0], files[1]);
        ok = false;
    }
    if (ok) {
        er_status st = a.kind == ER_DATA_SERVICETAGS ? er_feed_diff_catalogs(a.cat, b.cat, &d)
                                                     : er_feed_diff_m365(a.m, b.m, &d);
        if (st != ER_OK) {
            cli_err("data diff: %s", er_status_str(st));
            ok = false;
        }
    }
    if (diags)
        cli_print_diags(diags, 0);
    if (ok && a.kind == ER_DATA_SERVICETAGS) {
        const char *ca = er_catalog_feed(a.cat)->cloud, *cb = er_catalog_feed(b.cat)->cloud;
        if (ca && cb && strcmp(ca, cb) != 0)
            fprintf(stderr, "erready: warning: comparing different clouds (%s and %s)\n", ca,
                    cb);
    }
    if (ok && json) {
        printf("{\"kind\": \"%s\", \"old\": ",
               a.kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365");
        json_str(stdout, files[0]);
        printf(", \"new\": ");
        json_str(stdout, files[1]);
        if (a.kind == ER_DATA_SERVICETAGS)
            printf(", \"old_change_number\": %u, \"new_change_number\": %u",
                   er_catalog_feed(a.cat)->change_number, er_catalog_feed(b.cat)->change_number);
        printf(",\n \"sets_old\": %zu, \"sets_new\": %zu, \"sets_added\": %zu, "
               "\"sets_removed\": %zu, \"sets_changed\": %zu, \"prefixes_added\": %zu, "
               "\"prefixes_removed\": %zu, \"unique_added\": %zu, \"unique_removed\": %zu,\n"
               " \"changes\": [",
               d->n_old_sets, d->n_new_sets, d->sets_added, d->sets_removed, d->sets_changed,
               d->prefixes_added, d->prefixes_removed, d->unique_added, d->unique_removed);
        for (size_t i = 0; i < d->n_entries; i++) {
            const er_diff_entry *e = &d->entries[i];
            printf("%s\n  {\"name\": ", i ? "," : "");
            json_str(stdout, e->name);
            printf(", \"change\": \"%s\", \"old\": %zu, \"new\": %zu, \"added\": ",
                   e->change > 0 ? "added" : e->change < 0 ? "removed" : "changed", e->n_old,
                   e->n_new);
            json_prefixes(stdout, e->added, e->n_added);
            printf(", \"removed\": ");
            json_prefixes(stdout, e->removed, e->n_removed);
            printf("}");
        }
        printf("\n]}\n");
    } else if (ok) {
        printf("%s diff\n  old: %s\n  new: %s\n",
               a.kind == ER_DATA_SERVICETAGS ? "servicetags" : "m365", a.label, b.label);
        data_print_diff(stdout, d, 0, prefixes, "");
    }
    if (ok)
        rc = exit_code && d->n_entries ? EXIT_FINDINGS : EXIT_READY;
    er_feed_diff_free(d);
    er_catalog_free(a.cat);
    er_m365_free(a.m);
    er_catalog_free(b.cat);
    er_m365_free(b.m);
    er_diags_free(diags);
    return rc;
}
