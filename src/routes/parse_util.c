/* The route parsers' toolkit: line accounting, diagnostics, prefixes, VRF filter, routes.
 *
 * How it works: a parser keeps one pu_state for the file it reads. pu_next_line walks the
 * buffer with er_lines and counts every line; the parser then accounts for the line once,
 * as understood (pu_ok) or skipped with a message (pu_skip, pu_error), so the statistics
 * always add up: lines = understood + skipped. Errors only mark the parse failed: the
 * parser goes on reading, so one run reports every bad line, and pu_finish turns the
 * marks into the status. Routes leave through pu_push, which applies the VRF filter to
 * the current VRF (set by pu_set_vrf when a section header names one, interned once per
 * change rather than per route), stamps file and VRF and counts routes and best routes.
 * Strings that repeat from route to route (interfaces, AS paths) go through
 * pu_intern_slot, which compares with the last string of the slot before copying. */
#include "routes/parse_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pu_init(pu_state *pu, er_parse_ctx *ctx, const char *buf, size_t len)
{
    memset(pu, 0, sizeof *pu);
    pu->ctx = ctx;
    pu->first = er_rtable_count(ctx->table);
    er_lines_init(&pu->it, buf, len);
    pu->vrf_keep = pu_vrf_wanted(ctx, NULL, NULL);
}

/* ---- diagnostics ---- */

char *pu_snippet(char *buf, size_t size, const char *s, const char *e)
{
    for (const char *p = s; p < e; p++)
        if (*p == '\n' || *p == '\r') {
            e = p;
            break;
        }
    while (e > s && sc_is_space(e[-1]))
        e--;
    size_t n = 0, max = size - 1;
    bool cut = (size_t)(e - s) > max;
    if (cut)
        max -= 3;
    for (; s < e && n < max; s++) {
        unsigned char c = (unsigned char)*s;
        buf[n++] = c == '\t' || (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (cut) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/* A line (or, in a JSON document, an element) counted as skipped. */
static void count_skipped(pu_state *pu)
{
    er_parse_stats *st = pu->ctx->stats;
    if (!pu->doc) {
        st->skipped++;
    } else if (st->understood) {
        st->understood--;
        st->skipped++;
    }
}

void pu_skip(pu_state *pu, uint32_t line, const char *why, const char *s, const char *e)
{
    char q[PU_QUOTE + 4];
    pu_snippet(q, sizeof q, s, e);
    er_parse_ctx *ctx = pu->ctx;
    if (why)
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 0, "not understood: %s: '%s'",
                     why, q);
    else
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 0, "not understood: '%s'", q);
    count_skipped(pu);
}

void pu_skipf(pu_state *pu, uint32_t line, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    er_diags_add(pu->ctx->diags, ER_DIAG_WARNING, pu->ctx->path, line, 0, "not understood: %s",
                 msg);
    count_skipped(pu);
}

void pu_error(pu_state *pu, uint32_t line, uint32_t col, const char *why, const char *s,
              const char *e)
{
    char q[PU_QUOTE + 4];
    er_diags_add(pu->ctx->diags, ER_DIAG_ERROR, pu->ctx->path, line, col, "%s: '%s'", why,
                 pu_snippet(q, sizeof q, s, e));
    count_skipped(pu);
    pu->failed = true;
}

void pu_bad_addr(pu_state *pu, uint32_t line, uint32_t col, const char *what, er_addr_err err,
                 const char *s, const char *e)
{
    const char *t = s;
    while (t < e && !sc_is_space(*t) && *t != ',' && *t != ']' && *t != ')' && *t != '\n' &&
           *t != '\r')
        t++;
    char why[96];
    snprintf(why, sizeof why, "invalid %s (%s)", what, er_addr_err_str(err));
    pu_error(pu, line, col, why, s, t);
}

void pu_diag(pu_state *pu, er_diag_level level, uint32_t line, uint32_t col, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    er_diags_add(pu->ctx->diags, level, pu->ctx->path, line, col, "%s", msg);
}

/* ---- addresses and prefixes ---- */

static bool is_hex(char c)
{
    return sc_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

uint8_t pu_fix_hostbits(pu_state *pu, er_prefix *p, uint32_t line, uint32_t col)
{
    if (p->family == ER_AF_V4 && (p->len >= 32 || ((uint32_t)p->addr << p->len) == 0))
        return 0; /* the usual case, decided in 32 bits */
    er_prefix m = *p;
    if (!er_prefix_mask_host(&m))
        return 0;
    char a[ER_PREFIX_STRLEN], b[ER_PREFIX_STRLEN];
    er_prefix_format(p, a, sizeof a);
    er_prefix_format(&m, b, sizeof b);
    pu_diag(pu, ER_DIAG_WARNING, line, col, "host bits set in %s; using %s", a, b);
    *p = m;
    return ER_RF_HOSTBITS;
}

er_addr_err pu_prefix(pu_state *pu, uint32_t line, uint32_t col, const char *s, const char *e,
                      bool require_len, er_prefix *out, uint8_t *flags)
{
    const char *next = NULL;
    er_addr_err err = er_prefix_scan(s, e, require_len, out, &next);
    if (err != ER_ADDR_OK && err != ER_ADDR_HOST_BITS)
        return err;
    if (next != e)
        return ER_ADDR_TRAILING;
    if (err == ER_ADDR_HOST_BITS)
        *flags |= pu_fix_hostbits(pu, out, line, col);
    return ER_ADDR_OK;
}

bool pu_read_prefix(pu_state *pu, uint32_t line, const char *ls, const char *s, const char *e,
                    er_prefix *out, uint8_t *flags)
{
    if (pu_prefix(pu, line, pu_col(ls, s), s, e, true, out, flags) == ER_ADDR_OK)
        return true;
    pu_error(pu, line, pu_col(ls, s), "invalid prefix", s, e);
    return false;
}

er_addr_err pu_prefix_tok(const char *s, const char *e, er_prefix *p, const char **next,
                          bool *has_len)
{
    const char *q = s;
    er_addr_err rc = er_prefix_scan(s, e, false, p, &q);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS)
        return rc;
    bool scanned = q != s;
    if (!scanned) /* the scanner did not say where the prefix ends: its characters do */
        while (q < e && (is_hex(*q) || *q == '.' || *q == ':' || *q == '/'))
            q++;
    if (!pu_addr_delim(q, e))
        return ER_ADDR_TRAILING;
    /* A scanned length is one to three digits: its '/' is among the last four bytes. */
    *has_len = scanned ? (q - s >= 2 && q[-2] == '/') || (q - s >= 3 && q[-3] == '/') ||
                             (q - s >= 4 && q[-4] == '/')
                       : memchr(s, '/', (size_t)(q - s)) != NULL;
    *next = q;
    return rc;
}

/* Characters of an address-like token: LA_HEX (hex digit), LA_SEP ('.', ':'), LA_SLASH. */
enum { LA_HEX = 1, LA_SEP = 2, LA_SLASH = 4 };
static const unsigned char la_class[256] = {
    ['0'] = LA_HEX, ['1'] = LA_HEX, ['2'] = LA_HEX, ['3'] = LA_HEX, ['4'] = LA_HEX,
    ['5'] = LA_HEX, ['6'] = LA_HEX, ['7'] = LA_HEX, ['8'] = LA_HEX, ['9'] = LA_HEX,
    ['a'] = LA_HEX, ['b'] = LA_HEX, ['c'] = LA_HEX, ['d'] = LA_HEX, ['e'] = LA_HEX,
    ['f'] = LA_HEX, ['A'] = LA_HEX, ['B'] = LA_HEX, ['C'] = LA_HEX, ['D'] = LA_HEX,
    ['E'] = LA_HEX, ['F'] = LA_HEX, ['.'] = LA_SEP, [':'] = LA_SEP, ['/'] = LA_SLASH,
};

const char *pu_addr_token_end(const char *s, const char *e)
{
    if (s >= e || !(la_class[(unsigned char)*s] & LA_HEX || *s == ':'))
        return NULL;
    unsigned seen = 0;
    const char *p = s;
    for (; p < e && !sc_is_space(*p); p++) {
        unsigned k = la_class[(unsigned char)*p];
        if (!k)
            return NULL;
        seen |= k;
    }
    return (seen & LA_SEP) ? p : NULL;
}

bool pu_looks_like_addr(const char *s, const char *e)
{
    return s < e && pu_addr_token_end(s, e) == e;
}

bool pu_addrish(const char *s, const char *e)
{
    bool sep = false;
    for (; s < e; s++) {
        char c = *s;
        if (c == '.' || c == ':' || c == '/')
            sep = true;
        else if (!is_hex(c))
            return false;
    }
    return sep;
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

/* Whether [s,e) is only digits and blanks with no run of more than nine digits: a path
 * of plain ASNs, which the full rules below always accept. Eight bytes at a time: in
 * each, the digits and blanks are marked in the top bit of their byte. */
static bool plain_as_path(const char *s, const char *e)
{
    const uint64_t ones = 0x0101010101010101u, top = 0x8080808080808080u;
    unsigned run = 0; /* digits since the last blank */
    const char *p = s;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; e - p >= 8; p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t t = w ^ (ones * '0'); /* digits become 0-9, a blank 0x10 */
        uint64_t low = t & ~top;       /* below 0x80: adding never carries out of a byte */
        uint64_t digit = ~((low + ones * 0x76) | t) & top; /* 0-9 */
        uint64_t z = t ^ (ones * 0x10);
        uint64_t blank = ~(((z & ~top) + ones * 0x7f) | z) & top; /* was ' ' */
        if ((digit | blank) != top)
            return false;
        if (!blank) {
            if ((run += 8) > 9)
                return false;
            continue;
        }
        if (run + (unsigned)__builtin_ctzll(blank) / 8 > 9)
            return false; /* runs inside the word are at most seven long */
        run = 7 - (unsigned)(63 - __builtin_clzll(blank)) / 8;
    }
#endif
    for (; p < e; p++) {
        if (sc_is_digit(*p)) {
            if (++run > 9)
                return false;
        } else if (*p == ' ') {
            run = 0;
        } else {
            return false;
        }
    }
    return true;
}

bool pu_valid_as_path(const char *s, const char *e)
{
    if (plain_as_path(s, e))
        return true;
    int brace = 0, paren = 0, bracket = 0;
    const char *p = s;
    while (p < e) {
        char c = *p;
        if (sc_is_digit(c)) {
            const char *a = p;
            bool dot = false;
            while (p < e && (sc_is_digit(*p) || *p == '.')) {
                dot |= *p == '.';
                p++;
            }
            /* Up to 9 plain digits always fit asplain; longer or asdot: check. */
            if ((dot || p - a > 9) && !valid_asn(a, p))
                return false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t': break;
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
        default: return false;
        }
        p++;
    }
    return !brace && !paren && !bracket;
}

bool pu_as_path_chars(const char *s, const char *e)
{
    for (; s < e; s++)
        if (!sc_is_digit(*s) && !strchr(" .{},()[]", *s))
            return false;
    return true;
}

int pu_classful_len(uint32_t v4)
{
    if (v4 == 0)
        return 0;
    unsigned top = v4 >> 24;
    if (top < 128)
        return 8;
    if (top < 192)
        return 16;
    if (top < 224)
        return 24;
    return -1;
}

bool pu_bracket_pair(const char *s, const char *e, uint32_t *a, uint32_t *b)
{
    if (e - s < 5 || *s != '[' || e[-1] != ']')
        return false;
    const char *slash = memchr(s, '/', (size_t)(e - s));
    return slash && sc_u32(s + 1, slash, a) && sc_u32(slash + 1, e - 1, b);
}

bool pu_bracket_at(const char *p, const char *e, uint32_t *a, uint32_t *b, const char **after)
{
    const char *rb = memchr(p, ']', (size_t)(e - p));
    const char *sl = rb ? memchr(p, '/', (size_t)(rb - p)) : NULL;
    if (!sl || !sc_u32(p + 1, sl, a) || !sc_u32(sl + 1, rb, b))
        return false;
    *after = rb + 1;
    return true;
}

/* ---- VRF filter ---- */

/* [*s,*e) trimmed; empty when it names the default VRF. */
static void vrf_name(const char **s, const char **e)
{
    if (!*s) {
        *s = *e = "";
        return;
    }
    sc_trim(s, e);
    if (sc_eq(*s, *e, "default"))
        *e = *s;
}

bool pu_vrf_wanted(const er_parse_ctx *ctx, const char *s, const char *e)
{
    const char *f = ctx->vrf_filter;
    if (!f)
        return true;
    vrf_name(&s, &e);
    if (s == e)
        return f[0] == '\0' || strcmp(f, "default") == 0;
    return sc_eq(s, e, f);
}

void pu_set_vrf(pu_state *pu, const char *s, const char *e)
{
    vrf_name(&s, &e);
    size_t len = (size_t)(e - s);
    if (len == pu->vrf.len &&
        (len == 0 || memcmp(s, er_rtable_str(pu->ctx->table, pu->vrf), len) == 0))
        return;
    pu->vrf_keep = pu_vrf_wanted(pu->ctx, s, e);
    pu->vrf = pu_intern(pu, s, e);
}

/* ---- strings and routes ---- */

er_strref pu_intern(pu_state *pu, const char *s, const char *e)
{
    bool ok = true;
    er_strref r = er_rtable_intern(pu->ctx->table, s, (size_t)(e - s), &ok);
    if (!ok)
        pu->nomem = true;
    return r;
}

er_strref pu_intern_slot(pu_state *pu, int slot, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    if (n == 0)
        return (er_strref){0, 0};
    er_strref c = pu->cache[slot];
    if (c.len == n && memcmp(pu->ctx->table->arena + c.off, s, n) == 0)
        return c;
    bool ok = true;
    er_strref r = er_rtable_intern(pu->ctx->table, s, n, &ok);
    if (!ok) {
        pu->nomem = true;
        return (er_strref){0, 0};
    }
    pu->cache[slot] = r;
    return r;
}

er_status pu_push(pu_state *pu, er_route *r)
{
    if (!pu->vrf_keep)
        return ER_OK;
    er_parse_ctx *ctx = pu->ctx;
    r->file = ctx->file;
    r->vrf = pu->vrf;
    r->path_class = ER_PC_UNSET;
    if (!er_rtable_push(ctx->table, r)) {
        pu->nomem = true;
        return ER_ERR_NOMEM;
    }
    ctx->stats->routes++;
    if (r->flags & ER_RF_BEST)
        ctx->stats->best++;
    return ER_OK;
}

void pu_set_iface(pu_state *pu, er_route *r, const char *s, const char *e)
{
    r->iface = pu_intern_slot(pu, PU_SLOT_IFACE, s, e);
    if (sc_eq(s, e, "Null0"))
        r->flags |= ER_RF_DISCARD;
}

void pu_line_done(pu_state *pu, uint32_t line, const char *why, bool reported, const char *s,
                  const char *e)
{
    if (reported)
        return;
    if (why)
        pu_skip(pu, line, why, s, e);
    else
        pu_ok(pu);
}

er_proto pu_proto_word(const char *s, const char *e)
{
    static const struct {
        const char *w;
        er_proto p;
    } map[] = {
        {"bgp", ER_PROTO_BGP},
        {"ebgp", ER_PROTO_EBGP},
        {"ibgp", ER_PROTO_IBGP},
        {"static", ER_PROTO_STATIC},
        {"connected", ER_PROTO_CONNECTED},
        {"direct", ER_PROTO_CONNECTED},
        {"local", ER_PROTO_LOCAL},
        {"ospf", ER_PROTO_OSPF},
        {"ospf6", ER_PROTO_OSPF},
        {"ospf3", ER_PROTO_OSPF},
        {"ospfv3", ER_PROTO_OSPF},
        {"isis", ER_PROTO_ISIS},
        {"is-is", ER_PROTO_ISIS},
        {"rip", ER_PROTO_RIP},
        {"ripng", ER_PROTO_RIP},
        {"kernel", ER_PROTO_KERNEL},
        {"eigrp", ER_PROTO_EIGRP},
    };
    char low[16];
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= sizeof low)
        return ER_PROTO_OTHER;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (size_t i = 0; i < ER_ARRAY_LEN(map); i++)
        if (strcmp(low, map[i].w) == 0)
            return map[i].p;
    return ER_PROTO_OTHER;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || sc_is_digit(c);
}

bool pu_digits(const char *s, const char *e)
{
    if (s >= e)
        return false;
    for (; s < e; s++)
        if (!sc_is_digit(*s))
            return false;
    return true;
}

bool pu_starts_any(const char *s, const char *e, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (sc_starts(s, e, words[i]))
            return true;
    return false;
}

bool pu_find_any(const char *s, const char *e, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (sc_find(s, e, words[i]))
            return true;
    return false;
}

bool pu_word(const char *s, const char *e, const char *w)
{
    if (!sc_starts(s, e, w))
        return false;
    const char *p = s + strlen(w);
    return p == e || !is_alnum(*p);
}

bool pu_next_field(const char **p, const char *e, const char **fs, const char **fe)
{
    const char *s = sc_skip_ws(*p, e);
    if (s >= e)
        return false;
    const char *c = memchr(s, ',', (size_t)(e - s));
    const char *end = c ? c : e;
    *fs = s;
    *fe = end;
    sc_trim(fs, fe);
    *p = c ? c + 1 : e;
    return true;
}

/* ---- line shapes ---- */

bool pu_strip_pager(const char **s, const char **e)
{
    const char *p = sc_skip_ws(*s, *e);
    static const char mark[] = "--More--";
    if (p == *e || *p != '-' || !sc_starts(p, *e, mark))
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

bool pu_is_pager_line(const char *s, const char *e)
{
    sc_trim(&s, &e);
    return sc_starts(s, e, "--More--") || sc_starts(s, e, "-- More --");
}

bool pu_is_prompt_or_noise(const char *s, const char *e)
{
    const char *t = s;
    sc_trim(&t, &e);
    if (t == e)
        return true;
    /* Pager marks. */
    if (sc_find(t, e, "--More--") || sc_find(t, e, "---(more"))
        return true;
    /* A device prompt followed by a command: "host# show ...", "user@host> show ...". */
    const char *p = t;
    while (p < e && !sc_is_space(*p) && *p != '#' && *p != '>' && *p != '$')
        p++;
    if (p < e && p > t && (*p == '#' || *p == '>' || *p == '$') && (p + 1 == e || p[1] == ' ')) {
        const char *c = sc_skip_ws(p + 1, e);
        if (c == e || sc_starts(c, e, "show ") || sc_starts(c, e, "sh ") ||
            sc_starts(c, e, "vtysh") || sc_starts(c, e, "ip ") || sc_starts(c, e, "route") ||
            sc_starts(c, e, "birdc") || sc_starts(c, e, "netstat") || sc_starts(c, e, "sudo ") ||
            sc_starts(c, e, "cli") || sc_starts(c, e, "do show "))
            return true;
    }
    /* Shell prompts: "$ ip route", "# ip -6 route", "bird> show route". */
    if ((*t == '$' || *t == '#') && t + 1 < e && t[1] == ' ')
        return true;
    /* vtysh banner. */
    if (sc_starts(t, e, "Hello, this is FRRouting") || sc_starts(t, e, "Hello, this is Quagga") ||
        sc_starts(t, e, "Copyright 1996-2005 Kunihiro Ishiguro"))
        return true;
    /* Timestamps such as "Mon Nov 24 10:00:00.123 UTC". */
    static const char *const days[] = {"Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "};
    for (size_t i = 0; i < ER_ARRAY_LEN(days); i++)
        if (sc_starts(t, e, days[i]) && (e - t) < 40 && sc_find(t, e, ":"))
            return true;
    return false;
}
