/* Option parsing from tables, generated help, error printing and atomic output files. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_init(cli_parser *p, const char *prog, const char *usage, const char *about,
              const cli_opt *opts, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->prog = prog;
    p->usage = usage;
    p->about = about;
    p->opts = opts;
    p->argc = argc;
    p->argv = argv;
    p->i = 1;
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t n)
{
    for (const cli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
            return o;
    return NULL;
}

int cli_next(cli_parser *p)
{
    p->optarg = NULL;
    if (p->i >= p->argc)
        return CLI_END;
    char *a = p->argv[p->i++];
    if (p->only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
        p->optarg = a;
        return CLI_POSITIONAL;
    }
    if (strcmp(a, "--") == 0) {
        p->only_positional = true;
        return cli_next(p);
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
        return CLI_HELP;
    const cli_opt *o = NULL;
    const char *inline_val = NULL;
    if (a[1] == '-') {
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        o = find_long(p->opts, name, n);
        if (eq)
            inline_val = eq + 1;
    } else {
        for (const cli_opt *q = p->opts; q && q->name; q++)
            if (q->short_name && q->short_name == a[1]) {
                o = q;
                break;
            }
        if (o && a[2])
            inline_val = a + 2;
        if (o && !o->arg && a[2])
            o = NULL;
    }
    if (!o) {
        cli_err("%s: unknown option '%s' (see '%s --help')", p->prog, a, p->prog);
        return CLI_ERROR;
    }
    if (o->arg) {
        if (inline_val) {
            p->optarg = inline_val;
        } else if (p->i < p->argc) {
            p->optarg = p->argv[p->i++];
        } else {
            cli_err("%s: option '--%s' needs a value (%s)", p->prog, o->name, o->arg);
            return CLI_ERROR;
        }
    } else if (inline_val) {
        cli_err("%s: option '--%s' takes no value", p->prog, o->name);
        return CLI_ERROR;
    }
    return o->id;
}

void cli_help(const cli_parser *p, FILE *f)
{
    fprintf(f, "usage: %s %s\n\n", p->prog, p->usage);
    if (p->about)
        fprintf(f, "%s\n\n", p->about);
    fprintf(f, "options:\n");
    for (const cli_opt *o = p->opts; o && o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(f, "  %-28s %s\n", left, o->help);
    }
    fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
}

void cli_err(const char *fmt, ...)
{
    va_list ap;
    fputs("erready: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_print_diags(const er_diags *d, size_t max_warnings)
{
    size_t shown = 0, hidden = 0;
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->level != ER_DIAG_ERROR && max_warnings && shown >= max_warnings) {
            hidden++;
            continue;
        }
        if (g->level != ER_DIAG_ERROR)
            shown++;
        const char *lvl = g->level == ER_DIAG_ERROR     ? "error"
                          : g->level == ER_DIAG_WARNING ? "warning"
                                                        : "note";
        if (g->file && g->line && g->col)
            fprintf(stderr, "%s:%u:%u: %s: %s\n", g->file, g->line, g->col, lvl, g->msg);
        else if (g->file && g->line)
            fprintf(stderr, "%s:%u: %s: %s\n", g->file, g->line, lvl, g->msg);
        else if (g->file)
            fprintf(stderr, "%s: %s: %s\n", g->file, lvl, g->msg);
        else
            fprintf(stderr, "erready: %s: %s\n", lvl, g->msg);
    }
    size_t dropped = er_diags_total(d, ER_DIAG_WARNING) + er_diags_total(d, ER_DIAG_NOTE) +
                     er_diags_total(d, ER_DIAG_ERROR) - er_diags_count(d);
    if (hidden + dropped)
        fprintf(stderr, "erready: %zu more warnings not shown (use --verbose or 'erready routes' "
                        "to list every line not understood)\n",
                hidden + dropped);
}

bool cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (!path || strcmp(path, "-") == 0)
        return true;
    o->path = path;
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        o->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (o->fd < 0) {
            cli_err("cannot write '%s': %s", path, strerror(errno));
            return false;
        }
        return true;
    }
    size_t n = strlen(path);
    o->tmp = malloc(n + 32);
    if (!o->tmp) {
        cli_err("out of memory");
        return false;
    }
    snprintf(o->tmp, n + 32, "%s.tmp.%ld", path, (long)getpid());
    o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (o->fd < 0) {
        cli_err("cannot create '%s': %s", o->tmp, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return false;
    }
    return true;
}

bool cli_out_write(void *ctx, const char *buf, size_t len)
{
    cli_out *o = ctx;
    if (o->failed)
        return false;
    if (!o->path) {
        if (fwrite(buf, 1, len, stdout) != len) {
            cli_err("cannot write to standard output: %s", strerror(errno));
            o->failed = true;
        }
        return !o->failed;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(o->fd, buf + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            cli_err("cannot write '%s': %s", o->tmp ? o->tmp : o->path, strerror(errno));
            o->failed = true;
            return false;
        }
        off += (size_t)w;
    }
    return true;
}

void cli_out_abort(cli_out *o)
{
    if (o->fd >= 0) {
        close(o->fd);
        if (o->tmp)
            unlink(o->tmp);
    }
    free(o->tmp);
    memset(o, 0, sizeof *o);
    o->fd = -1;
}

bool cli_out_commit(cli_out *o)
{
    if (o->failed) {
        cli_out_abort(o);
        return false;
    }
    if (!o->path) {
        if (fflush(stdout) == 0)
            return true;
        cli_err("cannot write to standard output: %s", strerror(errno));
        return false;
    }
    /* A file is made durable before it replaces the old one; a pipe or device is not. */
    int err = o->tmp && fsync(o->fd) != 0 ? errno : 0;
    if (close(o->fd) != 0 && !err)
        err = errno;
    o->fd = -1;
    const char *what = o->tmp ? o->tmp : o->path;
    if (err) {
        cli_err("cannot write '%s': %s", what, strerror(err));
    } else if (o->tmp && rename(o->tmp, o->path) != 0) {
        err = errno;
        cli_err("cannot rename '%s' to '%s': %s", o->tmp, o->path, strerror(err));
    }
    if (err && o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return !err;
}

bool cli_write_output(const char *path, const char *buf, size_t len)
{
    cli_out o;
    if (!cli_out_open(&o, path))
        return false;
    if (!cli_out_write(&o, buf, len)) {
        cli_out_abort(&o);
        return false;
    }
    return cli_out_commit(&o);
}
