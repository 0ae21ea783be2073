/* CLI helpers for reports: dates, timestamps, input hashes, baselines, progress line. */
#include "cli/reporting.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* Progress is shown for inputs of at least this many bytes (about a second of parsing). */
#define PROGRESS_MIN_BYTES (32u * 1024u * 1024u)

static bool now_utc(struct tm *out)
{
    time_t t;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && sde[0]) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || !end || *end || v < 0) {
            cli_err("SOURCE_DATE_EPOCH is not a number of seconds: '%s'", sde);
            return false;
        }
        t = (time_t)v;
    } else {
        t = time(NULL);
    }
    if (!gmtime_r(&t, out)) {
        cli_err("cannot convert the time to a UTC date");
        return false;
    }
    return true;
}

bool cli_today(char *buf, size_t size)
{
    struct tm tm;
    if (!now_utc(&tm))
        return false;
    return strftime(buf, size, "%Y-%m-%d", &tm) > 0;
}

bool cli_timestamp(char *buf, size_t size)
{
    struct tm tm;
    if (!now_utc(&tm))
        return false;
    return strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

char **cli_hash_inputs(const er_rtable *t)
{
    size_t n = er_rtable_file_count(t);
    char **h = calloc(n ? n : 1, sizeof *h);
    if (!h) {
        cli_err("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char hex[65];
        const char *path = er_rtable_file(t, i)->path;
        er_status st = er_report_sha256_file(path, hex);
        if (st == ER_ERR_ARG)
            continue; /* standard input or a pipe: nothing to re-read */
        if (st != ER_OK) {
            cli_err("cannot read '%s' to hash it: %s", path, strerror(errno));
            cli_free_hashes(h, n);
            return NULL;
        }
        h[i] = strdup(hex);
        if (!h[i]) {
            cli_err("out of memory");
            cli_free_hashes(h, n);
            return NULL;
        }
    }
    return h;
}

void cli_free_hashes(char **h, size_t n)
{
    if (!h)
        return;
    for (size_t i = 0; i < n; i++)
        free(h[i]);
    free(h);
}

er_baseline *cli_load_baseline(const char *path)
{
    er_baseline *b = er_baseline_new();
    er_diags *d = er_diags_new(0);
    if (!b || !d) {
        cli_err("out of memory");
        er_baseline_free(b);
        er_diags_free(d);
        return NULL;
    }
    er_status st = er_baseline_load_file(b, path, d);
    cli_print_diags(d, 0);
    er_diags_free(d);
    if (st != ER_OK) {
        if (st == ER_ERR_NOMEM)
            cli_err("out of memory reading '%s'", path);
        er_baseline_free(b);
        return NULL;
    }
    return b;
}

static bool progress_on;

void cli_progress_begin(char **paths, size_t n)
{
    progress_on = false;
    if (!isatty(STDERR_FILENO))
        return;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return;
    unsigned long long total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    }
    if (total < PROGRESS_MIN_BYTES)
        return;
    /* Ends in \r, not \n: a diagnostic printed while loading starts over it. */
    if (n == 1)
        fprintf(stderr, "erready: reading %s (%llu MB)...\r", paths[0], total >> 20);
    else
        fprintf(stderr, "erready: reading %zu files (%llu MB)...\r", n, total >> 20);
    fflush(stderr);
    progress_on = true;
}

void cli_progress_step(const char *what)
{
    if (!progress_on)
        return;
    fprintf(stderr, "\r\033[Kerready: %s...\r", what);
    fflush(stderr);
}

void cli_progress_end(void)
{
    if (!progress_on)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    progress_on = false;
}
