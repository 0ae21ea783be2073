/* Growable byte buffer used by the report writers. */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void er_sb_init(er_sb *b) { memset(b, 0, sizeof *b); }

void er_sb_free(er_sb *b)
{
    free(b->buf);
    memset(b, 0, sizeof *b);
}

/* The buffer size of a sink's er_sb. */
#define SINK_BUF ((size_t)1 << 20)

void er_sb_init_sink(er_sb *b, bool (*sink)(void *ctx, const char *buf, size_t len), void *ctx)
{
    er_sb_init(b);
    b->sink = sink;
    b->sink_ctx = ctx;
}

bool er_sb_flush(er_sb *b)
{
    if (b->failed)
        return false;
    if (b->sink && b->len) {
        if (!b->sink(b->sink_ctx, b->buf, b->len)) {
            b->failed = b->sink_failed = true;
            return false;
        }
        b->len = 0;
        b->buf[0] = '\0';
    }
    return true;
}

static bool grow(er_sb *b, size_t need)
{
    if (b->failed)
        return false;
    if (b->len + need + 1 <= b->cap)
        return true;
    if (b->sink && b->len && !er_sb_flush(b)) /* full: hand it on, then there is room */
        return false;
    if (b->len + need + 1 <= b->cap)
        return true;
    size_t nc = b->cap ? b->cap : b->sink ? SINK_BUF : 256;
    while (nc < b->len + need + 1)
        nc *= 2;
    char *nb = realloc(b->buf, nc);
    if (!nb) {
        b->failed = true;
        return false;
    }
    b->buf = nb;
    b->cap = nc;
    return true;
}

void er_sb_putn(er_sb *b, const char *s, size_t n)
{
    if (!grow(b, n))
        return;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void er_sb_puts(er_sb *b, const char *s) { er_sb_putn(b, s, strlen(s)); }

void er_sb_putc(er_sb *b, char c)
{
    if (b->len + 2 > b->cap && !grow(b, 1))
        return;
    b->buf[b->len++] = c;
    b->buf[b->len] = '\0';
}

void er_sb_printf(er_sb *b, const char *fmt, ...)
{
    /* Formatted straight into the room left (a report's buffer has plenty); only text
     * that does not fit is formatted a second time, after growing. */
    if (!grow(b, 64))
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->buf[b->len] = '\0';
        return;
    }
    if ((size_t)n >= b->cap - b->len) {
        if (!grow(b, (size_t)n)) {
            b->buf[b->len] = '\0';
            return;
        }
        va_start(ap, fmt);
        vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Length of a valid UTF-8 sequence at s (1-4), or 0 if invalid. */
size_t er_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0) {
        k = 2;
        min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        k = 3;
        min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        k = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    unsigned cp = c & (0x7f >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return k;
}

void er_sb_json_str(er_sb *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    er_sb_putc(b, '"');
    size_t i = 0;
    while (i < n) {
        /* A run of printable ASCII other than '"' and '\\' goes out as it is, in one copy. */
        size_t r = i;
        while (r < n && p[r] >= 0x20 && p[r] < 0x7f && p[r] != '"' && p[r] != '\\')
            r++;
        if (r > i) {
            er_sb_putn(b, s + i, r - i);
            i = r;
            continue;
        }
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            er_sb_putc(b, '\\');
            er_sb_putc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            er_sb_printf(b, "\\u%04x", c);
            i++;
        } else {
            size_t k = er_utf8_seq(p + i, n - i);
            if (k) {
                er_sb_putn(b, s + i, k);
                i += k;
            } else {
                er_sb_puts(b, "\\ufffd");
                i++;
            }
        }
    }
    er_sb_putc(b, '"');
}

void er_sb_json_u128(er_sb *b, er_u128 v)
{
    char d[48];
    er_u128_to_dec(v, d, sizeof d);
    if (v <= ((er_u128)1 << 53)) {
        er_sb_puts(b, d);
    } else {
        er_sb_putc(b, '"');
        er_sb_puts(b, d);
        er_sb_putc(b, '"');
    }
}

char *er_sb_take(er_sb *b, size_t *len)
{
    if (b->failed) {
        er_sb_free(b);
        return NULL;
    }
    if (!b->buf)
        grow(b, 0);
    if (b->failed || !b->buf)
        return NULL;
    b->buf[b->len] = '\0';
    char *r = b->buf;
    if (len)
        *len = b->len;
    memset(b, 0, sizeof *b);
    return r;
}

bool er_name_key(const char *s, const char *ignore, char *key, size_t size)
{
    size_t n = 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (strchr(ignore, ch))
            continue;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            return false;
        if (n + 1 >= size)
            return false;
        key[n++] = (char)ch;
    }
    key[n] = '\0';
    return n > 0;
}
