/* Module-private token scanning over (pointer, end) cursors, shared by the parsers. */
#ifndef ER_ROUTES_SCAN_H
#define ER_ROUTES_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline bool sc_is_space(char c) { return c == ' ' || c == '\t'; }
static inline bool sc_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Skip blanks (space, tab). Column-aligned tables pad with runs of spaces: those go
 * eight at a time. */
static inline const char *sc_skip_ws(const char *p, const char *e)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    static const uint64_t spaces = 0x2020202020202020u;
    while (e - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t x = w ^ spaces; /* zero bytes where the text has a space */
        if (!x) {
            p += 8;
            continue;
        }
        p += __builtin_ctzll(x) / 8; /* the first byte that is not a space */
        if (*p != '\t')
            return p;
        p++;
    }
#endif
    while (p < e && sc_is_space(*p))
        p++;
    return p;
}

/* Next blank-separated token: [*ts, *te). Returns false at end. Advances *p. */
static inline bool sc_token(const char **p, const char *e, const char **ts, const char **te)
{
    const char *q = sc_skip_ws(*p, e);
    if (q >= e)
        return false;
    const char *s = q;
    while (q < e && !sc_is_space(*q))
        q++;
    *ts = s;
    *te = q;
    *p = q;
    return true;
}

/* True if [s,e) equals the NUL-terminated word w. */
static inline bool sc_eq(const char *s, const char *e, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(e - s) == n && memcmp(s, w, n) == 0;
}

/* True if [s,e) starts with w. */
static inline bool sc_starts(const char *s, const char *e, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(e - s) >= n && memcmp(s, w, n) == 0;
}

/* Find w inside [s,e); NULL if absent. */
static inline const char *sc_find(const char *s, const char *e, const char *w)
{
    size_t n = strlen(w);
    if (!n)
        return s;
    for (const char *p = s; p + n <= e; p++) {
        p = memchr(p, w[0], (size_t)(e - p));
        if (!p || p + n > e)
            return NULL;
        if (memcmp(p, w, n) == 0)
            return p;
    }
    return NULL;
}

/* Decimal unsigned 32-bit from all of [s,e); false on overflow, empty or non-digits. */
static inline bool sc_u32(const char *s, const char *e, uint32_t *out)
{
    if (s >= e || e - s > 10)
        return false;
    uint64_t v = 0;
    for (; s < e; s++) {
        if (!sc_is_digit(*s))
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Trim blanks at both ends of [*s,*e). */
static inline void sc_trim(const char **s, const char **e)
{
    while (*s < *e && sc_is_space(**s))
        (*s)++;
    while (*e > *s && sc_is_space((*e)[-1]))
        (*e)--;
}

#endif
