/* Diagnostics sink: a growable list of messages with a cap on what is stored. */
#include "erready/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct er_diags {
    er_diag *items;
    size_t n, cap, max_kept;
    size_t total[3];
};

er_diags *er_diags_new(size_t max_kept)
{
    er_diags *d = calloc(1, sizeof *d);
    if (d)
        d->max_kept = max_kept ? max_kept : 10000;
    return d;
}

void er_diags_free(er_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].msg);
    }
    free(d->items);
    free(d);
}

/* Room for one more stored message; false on no memory. */
static bool make_room(er_diags *d)
{
    if (d->n < d->cap)
        return true;
    size_t nc = d->cap ? d->cap * 2 : 16;
    er_diag *ni = realloc(d->items, nc * sizeof *ni);
    if (!ni)
        return false;
    d->items = ni;
    d->cap = nc;
    return true;
}

void er_diags_add(er_diags *d, er_diag_level level, const char *file, uint32_t line,
                  uint32_t col, const char *fmt, ...)
{
    if (!d)
        return;
    if ((unsigned)level > ER_DIAG_ERROR)
        level = ER_DIAG_ERROR;
    d->total[level]++;
    /* Errors are always kept so a failing run can say why; others up to the cap. */
    if (d->n >= d->max_kept && level != ER_DIAG_ERROR)
        return;
    if (!make_room(d))
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* A diagnostic is one line whatever the input quoted in it holds: control characters
     * (a line break inside a JSON string, say) become '?', so input cannot forge output lines;
     * tabs stay. */
    for (char *c = buf; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f)
            *c = '?';
    char *msg = strdup(buf);
    char *fcopy = file ? strdup(file) : NULL;
    if (!msg || (file && !fcopy)) {
        free(msg);
        free(fcopy);
        return;
    }
    d->items[d->n++] = (er_diag){level, fcopy, line, col, msg};
}

size_t er_diags_count(const er_diags *d) { return d ? d->n : 0; }

size_t er_diags_total(const er_diags *d, er_diag_level level)
{
    if (!d || (unsigned)level > ER_DIAG_ERROR)
        return 0;
    return d->total[level];
}

size_t er_diags_cap(const er_diags *d) { return d ? d->max_kept : 0; }

void er_diags_append(er_diags *dst, er_diags *src, uint32_t line_base)
{
    if (!dst || !src)
        return;
    for (size_t i = 0; i < src->n; i++) {
        er_diag it = src->items[i];
        bool keep = dst->n < dst->max_kept || it.level == ER_DIAG_ERROR;
        if (!keep || !make_room(dst)) {
            free((char *)it.file);
            free((char *)it.msg);
            continue;
        }
        if (it.line)
            it.line += line_base;
        dst->items[dst->n++] = it;
    }
    /* Every message src saw counts in dst, whether src or dst kept it. */
    for (int l = 0; l < 3; l++)
        dst->total[l] += src->total[l];
    src->n = 0;
    memset(src->total, 0, sizeof src->total);
}

const er_diag *er_diags_get(const er_diags *d, size_t i)
{
    return (d && i < d->n) ? &d->items[i] : NULL;
}
