/* Helpers shared by the text route parsers: route output, diagnostics, line shapes. */
#include "routes/cisco_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "routes/scan.h"

static bool is_hex(char c)
{
    return sc_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void rp_out_init(rp_out *o, er_parse_ctx *ctx)
{
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->st = ER_OK;
    o->vrf_keep = !ctx->vrf_filter || strcmp(ctx->vrf_filter, "default") == 0;
}

er_status rp_set_vrf(rp_out *o, const char *s, size_t len)
{
    if (len == o->vrf_ref.len &&
        (len == 0 || memcmp(s, er_rtable_str(o->ctx->table, o->vrf_ref), len) == 0))
        return ER_OK;
    o->vrf_ref = (er_strref){0, 0};
    const char *f = o->ctx->vrf_filter;
    if (!len) {
        o->vrf_keep = !f || strcmp(f, "default") == 0;
        return ER_OK;
    }
    o->vrf_keep = !f || (strlen(f) == len && memcmp(f, s, len) == 0);
    bool ok = true;
    o->vrf_ref = er_rtable_intern(o->ctx->table, s, len, &ok);
    return ok ? ER_OK : ER_ERR_NOMEM;
}

er_status rp_set_path(rp_out *o, er_route *r, const char *s, size_t len)
{
    if (!len) {
        r->as_path = (er_strref){0, 0};
        return ER_OK;
    }
    if (o->path_ref.len && len == o->path_len && memcmp(s, o->path_txt, len) == 0) {
        r->as_path = o->path_ref;
        return ER_OK;
    }
    bool ok = true;
    er_strref ref = er_rtable_intern(o->ctx->table, s, len, &ok);
    if (!ok)
        return ER_ERR_NOMEM;
    o->path_txt = s;
    o->path_len = len;
    o->path_ref = ref;
    r->as_path = ref;
    return ER_OK;
}

er_status rp_emit(rp_out *o, er_route *r)
{
    if (!o->vrf_keep)
        return ER_OK;
    r->file = o->ctx->file;
    r->vrf = o->vrf_ref;
    if (!er_rtable_push(o->ctx->table, r))
        return ER_ERR_NOMEM;
    o->ctx->stats->routes++;
    if (r->flags & ER_RF_BEST)
        o->ctx->stats->best++;
    return ER_OK;
}

char *rp_snippet(char *buf, size_t size, const char *s, const char *e)
{
    size_t n = 0, max = size - 1;
    bool cut = (size_t)(e - s) > max;
    if (cut)
        max -= 3;
    for (; s < e && n < max; s++)
        buf[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    if (cut) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

void rp_skip(rp_out *o, uint32_t line, const char *why, const char *s, const char *e)
{
    char snip[72];
    const char *ts = s, *te = e;
    sc_trim(&ts, &te);
    er_diags_add(o->ctx->diags, ER_DIAG_WARNING, o->ctx->path, line, 0, "%s: '%s'", why,
                 rp_snippet(snip, sizeof snip, ts, te));
    o->ctx->stats->skipped++;
}

void rp_error(rp_out *o, uint32_t line, uint32_t col, const char *why, const char *s,
              const char *e)
{
    char snip[72];
    er_diags_add(o->ctx->diags, ER_DIAG_ERROR, o->ctx->path, line, col, "%s: '%s'", why,
                 rp_snippet(snip, sizeof snip, s, e));
    o->ctx->stats->skipped++;
    o->st = ER_ERR_PARSE;
}

void rp_warn(rp_out *o, uint32_t line, uint32_t col, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    er_diags_add(o->ctx->diags, ER_DIAG_WARNING, o->ctx->path, line, col, "%s", msg);
}

uint8_t rp_fix_hostbits(rp_out *o, er_prefix *p, uint32_t line, uint32_t col)
{
    er_prefix m = *p;
    if (!er_prefix_mask_host(&m))
        return 0;
    char a[ER_PREFIX_STRLEN], b[ER_PREFIX_STRLEN];
    er_prefix_format(p, a, sizeof a);
    er_prefix_format(&m, b, sizeof b);
    rp_warn(o, line, col, "host bits set in %s; using %s", a, b);
    *p = m;
    return ER_RF_HOSTBITS;
}

bool rp_strip_pager(const char **s, const char **e)
{
    const char *p = sc_skip_ws(*s, *e);
    static const char mark[] = "--More--";
    if (!sc_starts(p, *e, mark))
        return false;
    p += sizeof mark - 1;
    /* IOS erases the mark with backspaces, blanks and backspaces again: keep what
     * follows the last backspace of that run, so the real line keeps its columns. */
    const char *q = p, *last_bs = NULL;
    while (q < *e && (*q == '\b' || *q == ' ')) {
        if (*q == '\b')
            last_bs = q;
        q++;
    }
    if (last_bs)
        p = last_bs + 1;
    else if (p < *e && *p == ' ')
        p++;
    *s = p;
    return true;
}

bool rp_is_blank(const char *s, const char *e) { return sc_skip_ws(s, e) == e; }


bool rp_looks_like_addr(const char *s, const char *e)
{
    if (s >= e || !(is_hex(*s) || *s == ':'))
        return false;
    bool sep = false;
    for (const char *p = s; p < e; p++) {
        if (*p == '.' || *p == ':')
            sep = true;
        else if (!is_hex(*p) && *p != '/')
            return false;
    }
    return sep;
}

er_addr_err rp_scan_prefix_tok(const char *s, const char *e, er_prefix *p, const char **next,
                               bool *has_len)
{
    const char *q = s;
    er_addr_err rc = er_prefix_scan(s, e, false, p, &q);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS)
        return rc;
    if (q == s) /* the scanner did not say where the prefix ends: its characters do */
        while (q < e && (is_hex(*q) || *q == '.' || *q == ':' || *q == '/'))
            q++;
    if (!rp_addr_delim(q, e))
        return ER_ADDR_TRAILING;
    *has_len = memchr(s, '/', (size_t)(q - s)) != NULL;
    *next = q;
    return rc;
}

/* An ASN: asplain (0..4294967295) or asdot (0..65535.0..65535). */
static bool valid_asn(const char *s, const char *e)
{
    const char *dot = memchr(s, '.', (size_t)(e - s));
    uint32_t hi, lo;
    if (!dot)
        return sc_u32(s, e, &hi);
    return sc_u32(s, dot, &hi) && sc_u32(dot + 1, e, &lo) && hi <= 65535 && lo <= 65535 &&
           !(dot - s > 1 && *s == '0');
}

bool rp_valid_as_path(const char *s, const char *e)
{
    int brace = 0, paren = 0, bracket = 0;
    const char *p = s;
    while (p < e) {
        char c = *p;
        if (sc_is_digit(c)) {
            const char *a = p;
            while (p < e && (sc_is_digit(*p) || *p == '.'))
                p++;
            if (!valid_asn(a, p))
                return false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
            break;
        case ',':
            if (!brace && !bracket)
                return false;
            break;
        case '{':
            if (brace++)
                return false;
            break;
        case '}':
            if (--brace < 0)
                return false;
            break;
        case '(':
            if (paren++)
                return false;
            break;
        case ')':
            if (--paren < 0)
                return false;
            break;
        case '[':
            if (bracket++)
                return false;
            break;
        case ']':
            if (--bracket < 0)
                return false;
            break;
        default:
            return false;
        }
        p++;
    }
    return !brace && !paren && !bracket;
}
