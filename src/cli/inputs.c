/* Loading what every analysis command needs: the catalog and the route files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "erready/update.h"

bool cli_strlist_push(cli_strlist *l, char *s)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        char **nv = realloc(l->v, nc * sizeof *nv);
        if (!nv)
            return false;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = s;
    return true;
}

void cli_strlist_free(cli_strlist *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

bool cli_use_color(FILE *f, const char *mode)
{
    if (mode && strcmp(mode, "always") == 0)
        return true;
    if (mode && strcmp(mode, "never") == 0)
        return false;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0])
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(f)) == 1;
}

er_catalog *cli_load_catalog(const char *data_path, double max_age, double warn_age,
                             int *exit_code)
{
    *exit_code = EXIT_USAGE;
    er_catalog *c = er_catalog_new();
    er_diags *d = er_diags_new(0);
    if (!c || !d) {
        cli_err("out of memory");
        er_catalog_free(c);
        er_diags_free(d);
        return NULL;
    }
    /* --data wins; else the newest valid cached feed; else the bundled snapshot. */
    er_dataset_info info;
    memset(&info, 0, sizeof info);
    er_status st;
    if (data_path) {
        st = er_catalog_load_file(c, data_path, d);
    } else if (er_store_resolve(NULL, NULL, &info, d) == ER_OK) {
        st = er_catalog_load_file(c, info.path, d);
        if (st != ER_OK) { /* the cache changed underneath: fall back to the snapshot */
            er_dataset_info_clear(&info);
            er_catalog_free(c);
            c = er_catalog_new();
            st = c ? er_catalog_load_bundled(c, d) : ER_ERR_NOMEM;
        }
    } else {
        st = er_catalog_load_bundled(c, d);
    }
    if (st == ER_OK && !info.path)
        st = er_dataset_info_from_catalog(c, &info);
    cli_print_diags(d, 20);
    er_diags_free(d);
    if (st != ER_OK) {
        if (st != ER_ERR_PARSE && st != ER_ERR_IO)
            cli_err("cannot load service data: %s", er_status_str(st));
        er_dataset_info_clear(&info);
        er_catalog_free(c);
        if (!data_path)
            *exit_code = EXIT_STALE; /* no usable data at all */
        return NULL;
    }
    double age = er_dataset_age_days(&info, time(NULL));
    const er_feed_info *fi = er_catalog_feed(c);
    if (max_age >= 0 && (age < 0 || age > max_age)) {
        if (age < 0)
            cli_err("the age of the service data (%s) is unknown and --max-age is set",
                    fi->source);
        else
            cli_err("the service data (%s, changeNumber %u) is %.1f days old, more than "
                    "--max-age %g; run 'erready update'",
                    fi->source, fi->change_number, age, max_age);
        er_dataset_info_clear(&info);
        er_catalog_free(c);
        *exit_code = EXIT_STALE;
        return NULL;
    }
    if (warn_age >= 0 && age > warn_age)
        fprintf(stderr,
                "erready: warning: the service data (%s, changeNumber %u) is %.0f days old; "
                "run 'erready update' for current ranges\n",
                fi->source, fi->change_number, age);
    er_dataset_info_clear(&info);
    *exit_code = EXIT_READY;
    return c;
}

er_rtable *cli_load_routes(char **paths, size_t n, const char *input_format, const char *vrf,
                           bool strict, bool verbose)
{
    const er_parser *parser = NULL;
    if (input_format) {
        parser = er_parser_find(input_format);
        if (!parser) {
            cli_err("unknown input format '%s' (see 'erready formats')", input_format);
            return NULL;
        }
    }
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    if (!t || !d) {
        cli_err("out of memory");
        er_rtable_free(t);
        er_diags_free(d);
        return NULL;
    }
    bool failed = false;
    for (size_t i = 0; i < n; i++) {
        er_status st = er_rtable_load(t, paths[i], parser, vrf, d);
        if (st == ER_ERR_NOMEM) {
            cli_err("out of memory reading '%s'", paths[i]);
            failed = true;
        } else if (st != ER_OK) {
            failed = true;
        }
    }
    cli_print_diags(d, verbose ? 0 : 20);
    size_t skipped = er_diags_total(d, ER_DIAG_WARNING);
    if (er_diags_total(d, ER_DIAG_ERROR))
        failed = true;
    if (!failed && strict && skipped) {
        cli_err("%zu input line%s not understood and --strict is set", skipped,
                skipped == 1 ? " was" : "s were");
        failed = true;
    }
    er_diags_free(d);
    if (failed) {
        er_rtable_free(t);
        return NULL;
    }
    return t;
}

bool cli_add_nexthop(er_prefix **list, size_t *n, const char *text)
{
    er_prefix p;
    er_addr_err e = er_prefix_parse(text, false, &p);
    if (e != ER_ADDR_OK || p.len != er_family_bits(p.family)) {
        cli_err("invalid next-hop address '%s'%s%s", text, e != ER_ADDR_OK ? ": " : "",
                e != ER_ADDR_OK ? er_addr_err_str(e) : ": give an address, not a prefix");
        return false;
    }
    er_prefix *nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return false;
    nl[(*n)++] = p;
    *list = nl;
    return true;
}


void cli_phase_mark(const char *name)
{
    static double last = -1, last_cpu;
    const char *env = getenv("ERREADY_TIMING");
    if (!env || !*env || strcmp(env, "0") == 0)
        return;
    struct timespec ts, cs;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cs);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    double cpu = (double)cs.tv_sec + (double)cs.tv_nsec / 1e9;
    struct rusage ru;
    if (name && last >= 0 && getrusage(RUSAGE_SELF, &ru) == 0)
        fprintf(stderr, "erready: timing: %s %.6f s wall %.6f s cpu %ld KB peak\n", name,
                now - last, cpu - last_cpu, (long)ru.ru_maxrss);
    last = now;
    last_cpu = cpu;
}
