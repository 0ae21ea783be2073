/* Strict IPv4/IPv6 prefix scanner, RFC 5952 formatter, and arithmetic on prefix values.
 *
 * How it works. An address is scanned in two steps. First the "token" is cut out: the
 * longest run of characters that can appear in an address at all (hex digits, '.' and
 * ':'). A token with a ':' is IPv6, otherwise IPv4, and the token as a whole must be a
 * valid address or the result is ER_ADDR_BAD; "1.2.3.4.5" and "12345::" therefore never
 * yield a shorter valid address. IPv4 is exactly four decimal octets 0-255 without
 * leading zeros (so "010.1.1.1", which other tools read as octal, is rejected, and so are
 * the short forms "10.1" and "10"). IPv6 is RFC 4291 text: eight groups of 1-4 hex digits,
 * at most one "::" standing for one or more zero groups, and optionally a dotted quad in
 * place of the last two groups; zone ids ("%eth0") are not part of an address.
 *
 * Second, what follows the token must be a delimiter (see is_delim below), the end of
 * the input, or, for a prefix, '/' and a decimal length without leading zeros. Any other
 * character directly after a valid prefix is ER_ADDR_TRAILING: "10.0.0.0/8x" is not a
 * prefix followed by "x". The delimiters are whitespace and , ; ( ) [ ] { } < > " ' | % *
 * - # !  ('%' separates the VRF in "10.1.1.1%mgmt" on NX-OS, '*' marks a next hop in Azure
 * tables, '-' lets callers scan "a-b" ranges). A NUL byte inside the range is not a
 * delimiter: callers give explicit ends. er_prefix_parse accepts no delimiter at all.
 *
 * On error, *next (when given) points at the offending character: the start of the
 * token for ER_ADDR_BAD, the first character after '/' for ER_ADDR_BAD_LEN, the garbage
 * for ER_ADDR_TRAILING. For ER_ADDR_OK and ER_ADDR_HOST_BITS it points past the prefix.
 *
 * Values are er_u128 in host order: IPv4 in the low 32 bits, IPv6 with its first group
 * in the top 16 bits, so numeric order is address order.
 *
 * Against glibc's inet_pton/inet_ntop (tests/unit/test_addr.c compares them on 200,000
 * random addresses and mutated strings): address text is accepted by both or by neither;
 * the formatter matches inet_ntop except for the deprecated IPv4-compatible form, where
 * glibc prints ::a.b.c.d and we print ::102:304 (RFC 5952 keeps the dotted tail for the
 * IPv4-mapped ::ffff:a.b.c.d, which we print like inet_ntop). Lengths, delimiters and the
 * HOST_BITS report are ours alone. */
#include "erready/addr.h"

#include "addr/cidr_adapter.h"

#include <stdio.h>
#include <string.h>

#define U128_ONES (~(er_u128)0)

static er_u128 family_max(int family)
{
    return family == ER_AF_V4 ? (er_u128)UINT32_MAX : U128_ONES;
}

/* Mask of the low k bits, 0 <= k <= 128. */
static er_u128 low_bits(int k)
{
    if (k <= 0)
        return 0;
    if (k >= 128)
        return U128_ONES;
    return ((er_u128)1 << k) - 1;
}

/* Character classes, one table lookup per character on the scanner's hot path. */
enum { C_DIGIT = 1, C_HEXL = 2, C_DOT = 4, C_COLON = 8, C_DELIM = 16 };

#define C_HEX (C_DIGIT | C_HEXL)
#define C_TOKEN (C_HEX | C_DOT | C_COLON)

/* Characters allowed directly after an address or prefix inside text (C_DELIM):
 * whitespace and , ; ( ) [ ] { } < > " ' | % * - # ! */
static const unsigned char cls[256] = {
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['a'] = C_HEXL, ['b'] = C_HEXL, ['c'] = C_HEXL, ['d'] = C_HEXL, ['e'] = C_HEXL,
    ['f'] = C_HEXL, ['A'] = C_HEXL, ['B'] = C_HEXL, ['C'] = C_HEXL, ['D'] = C_HEXL,
    ['E'] = C_HEXL, ['F'] = C_HEXL, ['.'] = C_DOT, [':'] = C_COLON,
    [' '] = C_DELIM, ['\t'] = C_DELIM, ['\r'] = C_DELIM, ['\n'] = C_DELIM, ['\v'] = C_DELIM,
    ['\f'] = C_DELIM, [','] = C_DELIM, [';'] = C_DELIM, ['('] = C_DELIM, [')'] = C_DELIM,
    ['['] = C_DELIM, [']'] = C_DELIM, ['{'] = C_DELIM, ['}'] = C_DELIM, ['<'] = C_DELIM,
    ['>'] = C_DELIM, ['"'] = C_DELIM, ['\''] = C_DELIM, ['|'] = C_DELIM, ['%'] = C_DELIM,
    ['*'] = C_DELIM, ['-'] = C_DELIM, ['#'] = C_DELIM, ['!'] = C_DELIM,
};

static bool is_class(char c, unsigned m) { return (cls[(unsigned char)c] & m) != 0; }
static bool is_hex(char c) { return is_class(c, C_HEX); }
static bool is_digit(char c) { return is_class(c, C_DIGIT); }
static bool is_token_char(char c) { return is_class(c, C_TOKEN); }
static bool is_delim(char c) { return is_class(c, C_DELIM); }

static int hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

/* Four decimal octets at the start of [s,e): 1-3 digits each, no leading zero, no fourth
 * digit; *next just past them. */
static bool parse_v4_prefix(const char *s, const char *e, uint32_t *out, const char **next)
{
    uint32_t v = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (s >= e || *s != '.')
                return false;
            s++;
        }
        if (s >= e || !is_digit(*s))
            return false;
        unsigned oct = (unsigned)(*s++ - '0');
        if (s < e && is_digit(*s)) {
            if (oct == 0)
                return false; /* a leading zero */
            oct = oct * 10 + (unsigned)(*s++ - '0');
            if (s < e && is_digit(*s)) {
                oct = oct * 10 + (unsigned)(*s++ - '0');
                if (oct > 255 || (s < e && is_digit(*s)))
                    return false; /* over 255, or a fourth digit */
            }
        }
        v = (v << 8) | oct;
    }
    *out = v;
    *next = s;
    return true;
}

/* Exactly four decimal octets over all of [s,e). */
static bool parse_v4(const char *s, const char *e, uint32_t *out)
{
    const char *q;
    return parse_v4_prefix(s, e, out, &q) && q == e;
}

/* RFC 4291 text over all of [s,e). */
static bool parse_v6(const char *s, const char *e, er_u128 *out)
{
    uint16_t g[8];
    int ng = 0, gap = -1;
    const char *p = s;

    if (p < e && *p == ':') {
        if (p + 1 >= e || p[1] != ':')
            return false;
        gap = 0;
        p += 2;
    }
    while (p < e) {
        const char *q = p;
        while (q < e && is_hex(*q))
            q++;
        if (q < e && *q == '.') {
            uint32_t v4;
            if (ng > 6 || !parse_v4(p, e, &v4))
                return false;
            g[ng++] = (uint16_t)(v4 >> 16);
            g[ng++] = (uint16_t)(v4 & 0xffff);
            p = e;
            break;
        }
        if (q == p || q - p > 4 || ng >= 8)
            return false;
        unsigned v = 0;
        for (const char *r = p; r < q; r++)
            v = (v << 4) | (unsigned)hex_val(*r);
        g[ng++] = (uint16_t)v;
        p = q;
        if (p == e)
            break;
        if (*p != ':')
            return false;
        p++;
        if (p < e && *p == ':') {
            if (gap >= 0)
                return false;
            gap = ng;
            p++;
            continue;
        }
        if (p == e)
            return false; /* a single trailing ':' */
    }
    if (gap < 0 ? ng != 8 : ng > 7)
        return false;

    uint16_t w[8] = {0};
    if (gap < 0) {
        memcpy(w, g, sizeof w);
    } else {
        int tail = ng - gap;
        for (int i = 0; i < gap; i++)
            w[i] = g[i];
        for (int i = 0; i < tail; i++)
            w[8 - tail + i] = g[gap + i];
    }
    er_u128 v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 16) | w[i];
    *out = v;
    return true;
}

/* Scan the address token; on success *p is just past it. Does not look at what follows. */
static er_addr_err scan_token(const char *s, const char *end, er_prefix *out, const char **p)
{
    if (!s || s >= end)
        return ER_ADDR_EMPTY;
    /* The usual case, a dotted quad ending the token, in one pass; anything else (a
     * longer token, IPv6) takes the general way below. */
    const char *q = s;
    uint32_t v4 = 0;
    if (parse_v4_prefix(s, end, &v4, &q) && (q == end || !is_token_char(*q))) {
        er_prefix r = {0};
        r.addr = v4;
        r.family = ER_AF_V4;
        r.len = 32;
        *out = r;
        *p = q;
        return ER_ADDR_OK;
    }
    q = s;
    bool colon = false;
    while (q < end && is_token_char(*q)) {
        colon |= *q == ':';
        q++;
    }
    if (q == s)
        return ER_ADDR_BAD;
    er_prefix r = {0};
    if (colon) {
        if (!parse_v6(s, q, &r.addr))
            return ER_ADDR_BAD;
        r.family = ER_AF_V6;
        r.len = 128;
    } else {
        if (!parse_v4(s, q, &v4))
            return ER_ADDR_BAD;
        r.addr = v4;
        r.family = ER_AF_V4;
        r.len = 32;
    }
    *out = r;
    *p = q;
    return ER_ADDR_OK;
}

/* Contract: scans one address at s; '/' or a delimiter or the end may follow it. */
er_addr_err er_addr_scan(const char *s, const char *end, er_prefix *out, const char **next)
{
    const char *p = s;
    er_prefix r;
    er_addr_err e = scan_token(s, end, &r, &p);
    if (e == ER_ADDR_OK && p < end && *p != '/' && !is_delim(*p))
        e = ER_ADDR_TRAILING;
    if (next)
        *next = p;
    if (e == ER_ADDR_OK && out)
        *out = r;
    return e;
}

/* The usual prefix in text, a dotted quad with or without a length of one or two digits
 * followed by a delimiter or the end, in one pass of 32-bit arithmetic: true with the
 * result (ER_ADDR_OK or ER_ADDR_HOST_BITS) when the text is that, false for anything
 * else, errors included, which the general way decides. The text is read through a
 * window of 20 bytes (a NUL-padded copy near the end), enough for the longest such
 * prefix and the byte after it, so no byte needs a bounds check. */
static bool scan_v4_fast(const char *s, const char *end, bool require_len, er_prefix *out,
                         const char **next, er_addr_err *err)
{
    char pad[20];
    const char *t = s;
    size_t n = (size_t)(end - s), i = 0;
    if (n < sizeof pad) {
        memcpy(pad, s, n);
        memset(pad + n, 0, sizeof pad - n);
        t = pad;
    }
#define DIGIT(k) ((unsigned)(unsigned char)t[k] - '0')
    uint32_t v = 0;
    for (int part = 0; part < 4; part++) { /* at most 15 bytes, and one looked at */
        if (part && t[i++] != '.')
            return false;
        unsigned d = DIGIT(i);
        if (d > 9)
            return false;
        if (DIGIT(i + 1) > 9) {
            i += 1;
        } else if (!d) {
            return false; /* a leading zero */
        } else if (DIGIT(i + 2) > 9) {
            d = d * 10 + DIGIT(i + 1);
            i += 2;
        } else {
            d = d * 100 + DIGIT(i + 1) * 10 + DIGIT(i + 2);
            if (d > 255 || DIGIT(i + 3) <= 9)
                return false;
            i += 3;
        }
        v = v << 8 | d;
    }
    if (is_token_char(t[i]))
        return false;
    unsigned len = 32;
    if (t[i] == '/') { /* at most 3 bytes more, and one looked at */
        unsigned d = DIGIT(i + 1);
        if (d > 9)
            return false;
        i += 2;
        if (d && DIGIT(i) <= 9)
            d = d * 10 + DIGIT(i++);
        if (d > 32 || DIGIT(i) <= 9)
            return false;
        len = d;
    } else if (require_len) {
        return false;
    }
#undef DIGIT
    if (i != n && !is_delim(t[i]))
        return false;
    er_prefix r = {0};
    r.addr = v;
    r.family = ER_AF_V4;
    r.len = (uint8_t)len;
    if (out)
        *out = r;
    if (next)
        *next = s + i;
    *err = len < 32 && (v << len) != 0 ? ER_ADDR_HOST_BITS : ER_ADDR_OK;
    return true;
}

/* Contract: scans "addr/len" (or a bare address when !require_len) at s, followed by a
 * delimiter or the end; see the essay above for *next on errors. */
er_addr_err er_prefix_scan(const char *s, const char *end, bool require_len, er_prefix *out,
                           const char **next)
{
    er_addr_err fast;
    if (s && s < end && scan_v4_fast(s, end, require_len, out, next, &fast))
        return fast;
    const char *p = s;
    er_prefix r;
    er_addr_err e = scan_token(s, end, &r, &p);
    if (e != ER_ADDR_OK)
        goto done;
    int bits = er_family_bits(r.family);
    if (p < end && *p == '/') {
        p++;
        const char *d = p;
        unsigned v = 0;
        while (p < end && is_digit(*p) && p - d < 4)
            v = v * 10 + (unsigned)(*p++ - '0');
        size_t nd = (size_t)(p - d);
        if (nd == 0 || nd > 3 || (nd > 1 && *d == '0') || v > (unsigned)bits ||
            (p < end && is_digit(*p))) {
            p = d;
            e = ER_ADDR_BAD_LEN;
            goto done;
        }
        r.len = (uint8_t)v;
    } else if (require_len) {
        e = ER_ADDR_BAD_LEN;
        goto done;
    }
    if (p < end && !is_delim(*p)) {
        e = ER_ADDR_TRAILING;
        goto done;
    }
    if (r.family == ER_AF_V4 ? r.len < 32 && ((uint32_t)r.addr << r.len) != 0
                             : (r.addr & ~er_prefix_mask(r.family, r.len)) != 0)
        e = ER_ADDR_HOST_BITS;
    if (out)
        *out = r;
done:
    if (next)
        *next = (e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS || e == ER_ADDR_TRAILING ||
                 e == ER_ADDR_BAD_LEN)
                    ? p
                    : s;
    return e;
}

/* Contract: the whole NUL-terminated string must be one prefix; no delimiters allowed. */
er_addr_err er_prefix_parse(const char *s, bool require_len, er_prefix *out)
{
    if (!s || !*s)
        return ER_ADDR_EMPTY;
    const char *end = s + strlen(s);
    const char *next = s;
    er_prefix r;
    er_addr_err e = er_prefix_scan(s, end, require_len, &r, &next);
    if ((e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS) && next != end)
        return ER_ADDR_TRAILING;
    if ((e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS) && out)
        *out = r;
    return e;
}

const char *er_addr_err_str(er_addr_err e)
{
    switch (e) {
    case ER_ADDR_OK: return "ok";
    case ER_ADDR_EMPTY: return "empty address";
    case ER_ADDR_BAD: return "malformed address";
    case ER_ADDR_BAD_LEN: return "missing, malformed or out-of-range prefix length";
    case ER_ADDR_HOST_BITS: return "host bits set below the prefix length";
    case ER_ADDR_TRAILING: return "unexpected characters after prefix";
    }
    return "unknown address error";
}

/* Strict dotted quad over all of [s,end) (no delimiters). */
static bool scan_quad(const char *s, const char *end, uint32_t *v)
{
    if (!s || s >= end)
        return false;
    for (const char *p = s; p < end; p++)
        if (!is_digit(*p) && *p != '.')
            return false;
    return parse_v4(s, end, v);
}

/* Contract: all of [s,end) is a strict dotted quad with contiguous leading ones. */
bool er_netmask_to_len(const char *s, const char *end, uint8_t *len)
{
    uint32_t m;
    if (!scan_quad(s, end, &m))
        return false;
    return er_addr_cidr_mask_len(m, len);
}

/* Contract: all of [s,end) is a strict dotted quad whose complement is a netmask. */
bool er_wildcard_to_len(const char *s, const char *end, uint8_t *len)
{
    uint32_t m;
    if (!scan_quad(s, end, &m))
        return false;
    return er_addr_cidr_mask_len(~m, len);
}

static int put_v4(uint32_t v, char *o)
{
    int n = 0;
    for (int i = 3; i >= 0; i--) {
        unsigned oct = (v >> (8 * i)) & 0xff;
        if (oct >= 100)
            o[n++] = (char)('0' + oct / 100);
        if (oct >= 10)
            o[n++] = (char)('0' + oct / 10 % 10);
        o[n++] = (char)('0' + oct % 10);
        if (i)
            o[n++] = '.';
    }
    return n;
}

static int put_hex16(unsigned v, char *o)
{
    static const char hx[] = "0123456789abcdef";
    int n = 0;
    bool started = false;
    for (int sh = 12; sh >= 0; sh -= 4) {
        unsigned d = (v >> sh) & 0xf;
        if (d || started || sh == 0) {
            o[n++] = hx[d];
            started = true;
        }
    }
    return n;
}

static int put_v6(er_u128 a, char *o)
{
    unsigned w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)(a >> (16 * (7 - i))) & 0xffff;
    if ((a >> 48) == 0 && w[5] == 0xffff) {
        memcpy(o, "::ffff:", 7);
        return 7 + put_v4((uint32_t)a, o + 7);
    }
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (w[i]) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    if (best_len < 2)
        best = -1;
    int n = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            o[n++] = ':';
            o[n++] = ':';
            i += best_len - 1;
            continue;
        }
        if (i > 0 && i != best + best_len)
            o[n++] = ':';
        n += put_hex16(w[i], o + n);
    }
    return n;
}

/* Copy a formatted string into the caller's buffer, truncating; returns chars written. */
static int emit(const char *tmp, int n, char *buf, size_t size)
{
    if (!buf || size == 0)
        return 0;
    if ((size_t)n >= size)
        n = (int)size - 1;
    memcpy(buf, tmp, (size_t)n);
    buf[n] = '\0';
    return n;
}

/* Contract: dotted quad or RFC 5952 text of addr; unknown family writes "". */
int er_addr_format(er_u128 addr, int family, char *buf, size_t size)
{
    char tmp[ER_PREFIX_STRLEN];
    int n = 0;
    if (family == ER_AF_V4)
        n = put_v4((uint32_t)addr, tmp);
    else if (family == ER_AF_V6)
        n = put_v6(addr, tmp);
    return emit(tmp, n, buf, size);
}

/* Contract: "address/len" with the address as stored (host bits are printed as they are). */
int er_prefix_format(const er_prefix *p, char *buf, size_t size)
{
    char tmp[ER_PREFIX_STRLEN];
    int n = 0;
    if (p && (p->family == ER_AF_V4 || p->family == ER_AF_V6)) {
        n = p->family == ER_AF_V4 ? put_v4((uint32_t)p->addr, tmp) : put_v6(p->addr, tmp);
        tmp[n++] = '/';
        unsigned l = p->len;
        if (l >= 100)
            tmp[n++] = (char)('0' + l / 100);
        if (l >= 10)
            tmp[n++] = (char)('0' + l / 10 % 10);
        tmp[n++] = (char)('0' + l % 10);
    }
    return emit(tmp, n, buf, size);
}

/* Contract: top len bits of the family width set; len is clamped to [0, bits]. */
er_u128 er_prefix_mask(int family, int len)
{
    int bits = er_family_bits(family);
    if (len < 0)
        len = 0;
    if (len > bits)
        len = bits;
    return family_max(family) & ~low_bits(bits - len);
}

er_u128 er_prefix_first(const er_prefix *p)
{
    return p->addr & er_prefix_mask(p->family, p->len);
}

er_u128 er_prefix_last(const er_prefix *p)
{
    return (p->addr | ~er_prefix_mask(p->family, p->len)) & family_max(p->family);
}

bool er_prefix_contains(const er_prefix *a, const er_prefix *b)
{
    if (a->family != b->family || a->len > b->len)
        return false;
    er_u128 m = er_prefix_mask(a->family, a->len);
    return (a->addr & m) == (b->addr & m);
}

bool er_prefix_mask_host(er_prefix *p)
{
    er_u128 m = er_prefix_mask(p->family, p->len);
    bool had = (p->addr & ~m) != 0;
    p->addr &= m;
    return had;
}

int er_prefix_cmp(const er_prefix *a, const er_prefix *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return 0;
}

#define V6W(a, b, c, d, e, f, g, h)                                                       \
    (((er_u128)(((uint64_t)(a) << 48) | ((uint64_t)(b) << 32) | ((uint64_t)(c) << 16) |  \
                (uint64_t)(d))                                                            \
      << 64) |                                                                            \
     (er_u128)(((uint64_t)(e) << 48) | ((uint64_t)(f) << 32) | ((uint64_t)(g) << 16) |    \
               (uint64_t)(h)))
#define V4(a, b, c, d)                                                                    \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

/* Contract: see the list in addr.h; a prefix counts when it lies inside one block. */
bool er_prefix_is_private(const er_prefix *p)
{
    static const struct { uint32_t a; uint8_t len; } v4[] = {
        {V4(0, 0, 0, 0), 8},       {V4(10, 0, 0, 0), 8},      {V4(100, 64, 0, 0), 10},
        {V4(127, 0, 0, 0), 8},     {V4(169, 254, 0, 0), 16},  {V4(172, 16, 0, 0), 12},
        {V4(192, 0, 0, 0), 24},    {V4(192, 0, 2, 0), 24},    {V4(192, 168, 0, 0), 16},
        {V4(198, 18, 0, 0), 15},   {V4(198, 51, 100, 0), 24}, {V4(203, 0, 113, 0), 24},
        {V4(224, 0, 0, 0), 3}, /* 224/4 multicast and 240/4 reserved, adjacent */
    };
    static const struct { uint16_t w0, w1; uint8_t low, len; } v6[] = {
        {0, 0, 0, 128},      /* ::/128 unspecified */
        {0, 0, 1, 128},      /* ::1/128 loopback */
        {0xfc00, 0, 0, 7},   /* unique local */
        {0xfe80, 0, 0, 10},  /* link-local */
        {0x2001, 0xdb8, 0, 32}, /* documentation */
        {0xff00, 0, 0, 8},   /* multicast */
    };
    if (!p)
        return false;
    er_prefix blk = {0};
    blk.family = p->family;
    if (p->family == ER_AF_V4) {
        for (size_t i = 0; i < ER_ARRAY_LEN(v4); i++) {
            blk.addr = v4[i].a;
            blk.len = v4[i].len;
            if (er_prefix_contains(&blk, p))
                return true;
        }
    } else if (p->family == ER_AF_V6) {
        for (size_t i = 0; i < ER_ARRAY_LEN(v6); i++) {
            blk.addr = V6W(v6[i].w0, v6[i].w1, 0, 0, 0, 0, 0, v6[i].low);
            blk.len = v6[i].len;
            if (er_prefix_contains(&blk, p))
                return true;
        }
    }
    return false;
}

/* Contract: last - first + 1, or all ones when that is 2^128 (first 0, last all ones). */
er_u128 er_range_size(er_u128 first, er_u128 last)
{
    er_u128 d = last - first;
    return d == U128_ONES ? d : d + 1;
}

static int ctz128(er_u128 v)
{
    uint64_t lo = (uint64_t)v;
    if (lo)
        return __builtin_ctzll(lo);
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? 64 + __builtin_ctzll(hi) : 128;
}

/* Floor of log2(v) for v > 0. */
static int log2_128(er_u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    if (hi)
        return 127 - __builtin_clzll(hi);
    return 63 - __builtin_clzll((uint64_t)v);
}

/* Contract: emits the minimal CIDR cover of [first,last] ascending; nothing when the
 * range is empty (first > last), the family unknown, or last beyond the family. */
void er_range_to_prefixes(er_u128 first, er_u128 last, int family,
                          bool (*cb)(const er_prefix *p, void *ctx), void *ctx)
{
    if (!cb || (family != ER_AF_V4 && family != ER_AF_V6) || first > last ||
        last > family_max(family))
        return;
    int bits = er_family_bits(family);
    for (;;) {
        er_u128 rem = last - first; /* addresses left, minus one */
        int k = ctz128(first);
        if (k > bits)
            k = bits;
        /* the block 2^k must fit: 2^k - 1 <= rem */
        int fit = rem == U128_ONES ? 128 : log2_128(rem + 1);
        if (fit < k)
            k = fit;
        er_prefix p = {first, (uint8_t)(bits - k), (uint8_t)family};
        if (!cb(&p, ctx))
            return;
        er_u128 blk_last = first + low_bits(k);
        if (blk_last == last)
            return;
        first = blk_last + 1;
    }
}
