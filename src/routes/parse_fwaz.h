/* Helpers shared by the firewall-azure-mrt parsers (PAN-OS, FortiGate, Azure, bgpdump):
 * diagnostics for skipped or bad lines, strict prefix tokens, VRF filtering, route push. */
#ifndef ER_ROUTES_PARSE_FWAZ_H
#define ER_ROUTES_PARSE_FWAZ_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "routes/internal.h"
#include "routes/scan.h"

/* At most this many bytes of an input line are quoted in a message. */
#define FW_QUOTE 60

/* Copy up to FW_QUOTE bytes of [s,e) into buf for a message: control bytes and NULs
 * become '?', an ellipsis marks a cut. buf must hold FW_QUOTE + 4 bytes. */
static inline const char *fw_quote(char *buf, const char *s, const char *e)
{
    size_t n = (size_t)(e - s), i;
    size_t k = n > FW_QUOTE ? FW_QUOTE : n;
    for (i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[i] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
    }
    if (n > k) {
        memcpy(buf + i, "...", 3);
        i += 3;
    }
    buf[i] = '\0';
    return buf;
}

/* Count [s,e) (line `line`) as not understood, with exactly one warning. */
static inline void fw_skip(er_parse_ctx *ctx, uint32_t line, const char *s, const char *e)
{
    char q[FW_QUOTE + 4];
    ctx->stats->skipped++;
    er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 1, "not understood: '%s'",
                 fw_quote(q, s, e));
}

/* Count a route-looking line as skipped with one error (bad address, bad number);
 * the parser then returns ER_ERR_PARSE once it has read everything. */
static inline void fw_bad(er_parse_ctx *ctx, bool *failed, uint32_t line, const char *ls,
                          const char *at, const char *what, const char *s, const char *e)
{
    char q[FW_QUOTE + 4];
    ctx->stats->skipped++;
    *failed = true;
    er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, line, (uint32_t)(at - ls) + 1,
                 "%s: '%s'", what, fw_quote(q, s, e));
}

/* Scan all of [s,e) as a prefix (require_len) or bare address (!require_len gives a
 * host prefix). Host bits: one warning, bits cleared, ER_RF_HOSTBITS into *flags.
 * False if [s,e) is not exactly that; no message then (the caller knows the context). */
static inline bool fw_prefix(er_parse_ctx *ctx, uint32_t line, const char *ls, const char *s,
                             const char *e, bool require_len, er_prefix *out, uint8_t *flags)
{
    const char *next = NULL;
    er_addr_err err = er_prefix_scan(s, e, require_len, out, &next);
    if ((err != ER_ADDR_OK && err != ER_ADDR_HOST_BITS) || next != e)
        return false;
    if (err == ER_ADDR_HOST_BITS) {
        char q[FW_QUOTE + 4], fixed[ER_PREFIX_STRLEN];
        er_prefix_mask_host(out);
        er_prefix_format(out, fixed, sizeof fixed);
        *flags |= ER_RF_HOSTBITS;
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, (uint32_t)(s - ls) + 1,
                     "host bits set in '%s'; read as %s", fw_quote(q, s, e), fixed);
    }
    return true;
}

/* Scan all of [s,e) as a single address. */
static inline bool fw_addr(const char *s, const char *e, er_prefix *out)
{
    const char *next = NULL;
    return er_addr_scan(s, e, out, &next) == ER_ADDR_OK && next == e;
}

/* True if a route of VRF [s,e) (empty = default) passes ctx->vrf_filter. The filter
 * "default" (or "") selects the default VRF, which parsers store as absent. */
static inline bool fw_vrf_keep(const er_parse_ctx *ctx, const char *s, const char *e)
{
    const char *f = ctx->vrf_filter;
    if (!f)
        return true;
    if (s == e)
        return f[0] == '\0' || strcmp(f, "default") == 0;
    return sc_eq(s, e, f);
}

/* Intern [s,e); false on no memory. */
static inline bool fw_intern(er_parse_ctx *ctx, const char *s, const char *e, er_strref *out)
{
    bool ok = true;
    *out = er_rtable_intern(ctx->table, s, (size_t)(e - s), &ok);
    return ok;
}

/* A fresh route of line `line`: everything absent, not classified. */
static inline void fw_route_init(er_route *r, uint32_t line)
{
    memset(r, 0, sizeof *r);
    r->path_class = ER_PC_UNSET;
    r->line = line;
}

/* Append r (file index set here) and count it. */
static inline er_status fw_push(er_parse_ctx *ctx, er_route *r)
{
    r->file = ctx->file;
    if (!er_rtable_push(ctx->table, r))
        return ER_ERR_NOMEM;
    ctx->stats->routes++;
    if (r->flags & ER_RF_BEST)
        ctx->stats->best++;
    return ER_OK;
}

/* A pager mark left in captured output ("--More--", " --More-- "). */
static inline bool fw_is_pager(const char *s, const char *e)
{
    sc_trim(&s, &e);
    return sc_starts(s, e, "--More--") || sc_starts(s, e, "-- More --");
}

/* A line holding only blanks. */
static inline bool fw_is_blank(const char *s, const char *e)
{
    return sc_skip_ws(s, e) == e;
}

#endif
