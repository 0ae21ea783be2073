/* A small strict non-allocating XML tokenizer (see xml_scan.h). It checks names,
 * attribute syntax, entity references and that end tags match their start tags. */
#include "routes/xml_scan.h"

#include <string.h>

#include "routes/scan.h"

void er_xs_init(xs_scanner *x, const char *buf, size_t len)
{
    memset(x, 0, sizeof *x);
    x->buf = buf;
    x->p = buf;
    x->end = buf + len;
    x->line = 1;
    x->line_start = buf;
}

static bool name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (unsigned char)c >= 0x80;
}

static bool name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Move p to q counting lines. */
static void advance(xs_scanner *x, const char *q)
{
    for (const char *r = x->p; r < q; r++)
        if (*r == '\n') {
            x->line++;
            x->line_start = r + 1;
        }
    x->p = q;
}

static xs_token error_at(xs_scanner *x, const char *where, const char *msg)
{
    advance(x, where);
    x->done = true;
    xs_token t;
    memset(&t, 0, sizeof t);
    t.kind = XS_ERROR;
    t.msg = msg;
    t.line = x->line;
    t.col = (uint32_t)(where - x->line_start) + 1;
    return t;
}

/* Check entity references in [s,e); returns the offending position or NULL. */
static const char *bad_entity(const char *s, const char *e)
{
    for (const char *p = s; p < e; p++) {
        if (*p == '<')
            return p;
        if (*p != '&')
            continue;
        const char *semi = memchr(p, ';', (size_t)(e - p));
        if (!semi || semi - p > 10)
            return p;
        const char *n = p + 1;
        size_t len = (size_t)(semi - n);
        if (len >= 2 && n[0] == '#') {
            bool hex = n[1] == 'x';
            const char *d = n + (hex ? 2 : 1);
            if (d == semi)
                return p;
            for (; d < semi; d++)
                if (!((*d >= '0' && *d <= '9') ||
                      (hex && ((*d >= 'a' && *d <= 'f') || (*d >= 'A' && *d <= 'F')))))
                    return p;
        } else if (!((len == 3 && memcmp(n, "amp", 3) == 0) ||
                     (len == 2 && memcmp(n, "lt", 2) == 0) ||
                     (len == 2 && memcmp(n, "gt", 2) == 0) ||
                     (len == 4 && memcmp(n, "quot", 4) == 0) ||
                     (len == 4 && memcmp(n, "apos", 4) == 0))) {
            return p;
        }
        p = semi;
    }
    return NULL;
}

/* Attributes: (ws name ws? = ws? "value"|'value')* ws? ; returns bad position or NULL. */
static const char *bad_attrs(const char *s, const char *e)
{
    const char *p = s;
    for (;;) {
        while (p < e && is_ws(*p))
            p++;
        if (p >= e)
            return NULL;
        if (p == s || !is_ws(p[-1]))
            return p;
        if (!name_start(*p))
            return p;
        while (p < e && name_char(*p))
            p++;
        while (p < e && is_ws(*p))
            p++;
        if (p >= e || *p != '=')
            return p;
        p++;
        while (p < e && is_ws(*p))
            p++;
        if (p >= e || (*p != '"' && *p != '\''))
            return p;
        char q = *p++;
        const char *v = p;
        while (p < e && *p != q)
            p++;
        if (p >= e)
            return p;
        const char *b = bad_entity(v, p);
        if (b)
            return b;
        p++;
    }
}

xs_token er_xs_next(xs_scanner *x)
{
    xs_token t;
    memset(&t, 0, sizeof t);
    if (x->done) {
        t.kind = XS_ERROR;
        t.msg = "scanner stopped";
        t.line = x->line;
        return t;
    }
    if (x->pending_end) {
        x->pending_end = false;
        x->depth--;
        t.kind = XS_END;
        t.name = x->stack[x->depth];
        t.name_end = t.name + x->stack_len[x->depth];
        t.line = x->line;
        return t;
    }
    for (;;) {
        if (x->p >= x->end) {
            if (x->depth > 0)
                return error_at(x, x->end, "document is truncated: element not closed");
            t.kind = XS_EOF;
            t.line = x->line;
            x->done = true;
            return t;
        }
        if (*x->p != '<') {
            const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
            const char *te = lt ? lt : x->end;
            const char *b = bad_entity(x->p, te);
            if (b)
                return error_at(x, b, "bad character reference or '&'");
            const char *s = x->p;
            bool blank = true;
            for (const char *q = s; q < te && blank; q++)
                if (!is_ws(*q))
                    blank = false;
            if (x->depth == 0 && !blank)
                return error_at(x, s, "text outside the root element");
            uint32_t line = x->line;
            advance(x, te);
            if (blank && x->depth == 0)
                continue;
            t.kind = XS_TEXT;
            t.text = s;
            t.text_end = te;
            t.line = line;
            return t;
        }
        const char *p = x->p;
        if (x->end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *c = sc_find(p + 4, x->end, "-->");
            if (!c)
                return error_at(x, p, "comment is not closed");
            advance(x, c + 3);
            continue;
        }
        if (x->end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
            const char *c = sc_find(p + 9, x->end, "]]>");
            if (!c)
                return error_at(x, p, "cdata section is not closed");
            if (x->depth == 0)
                return error_at(x, p, "cdata outside the root element");
            uint32_t line = x->line;
            advance(x, c + 3);
            t.kind = XS_TEXT;
            t.text = p + 9;
            t.text_end = c;
            t.line = line;
            return t;
        }
        if (x->end - p >= 2 && p[1] == '?') {
            const char *c = sc_find(p + 2, x->end, "?>");
            if (!c)
                return error_at(x, p, "processing instruction is not closed");
            advance(x, c + 2);
            continue;
        }
        if (x->end - p >= 2 && p[1] == '!')
            return error_at(x, p, "doctype and other declarations are not supported");
        const char *gt = memchr(p, '>', (size_t)(x->end - p));
        if (!gt)
            return error_at(x, p, "document is truncated inside a tag");
        if (x->end - p >= 2 && p[1] == '/') {
            const char *n = p + 2, *ne = n;
            if (ne >= gt || !name_start(*ne))
                return error_at(x, n, "bad end tag name");
            while (ne < gt && name_char(*ne))
                ne++;
            for (const char *q = ne; q < gt; q++)
                if (!is_ws(*q))
                    return error_at(x, q, "unexpected character in end tag");
            if (x->depth == 0)
                return error_at(x, p, "end tag without a start tag");
            size_t l = (size_t)(ne - n);
            if (l != x->stack_len[x->depth - 1] || memcmp(n, x->stack[x->depth - 1], l) != 0)
                return error_at(x, p, "end tag does not match the open element");
            x->depth--;
            t.kind = XS_END;
            t.name = n;
            t.name_end = ne;
            t.line = x->line;
            advance(x, gt + 1);
            return t;
        }
        const char *n = p + 1, *ne = n;
        if (ne >= gt || !name_start(*ne))
            return error_at(x, n, "bad tag name");
        while (ne < gt && name_char(*ne))
            ne++;
        bool self = gt[-1] == '/' && gt - 1 >= ne;
        const char *ae = self ? gt - 1 : gt;
        const char *b = bad_attrs(ne, ae);
        if (b)
            return error_at(x, b, "bad attribute syntax");
        if (x->depth >= XS_MAX_DEPTH)
            return error_at(x, p, "elements nested too deeply");
        x->stack[x->depth] = n;
        x->stack_len[x->depth] = (size_t)(ne - n);
        x->depth++;
        t.kind = XS_START;
        t.name = n;
        t.name_end = ne;
        t.attrs = ne;
        t.attrs_end = ae;
        t.line = x->line;
        advance(x, gt + 1);
        if (self)
            x->pending_end = true;
        return t;
    }
}
