/* A plain list of routes: one "prefix [next-hop] [as-path...]" per line.
 *
 * How it works: each line loses its '#' comment, then reads as a prefix (a bare address
 * is a host route), an optional next-hop address and an optional AS path of ASNs, AS sets
 * "{1,2}" and confederation segments. Every route is best; the protocol is BGP when an
 * AS path is given and unknown otherwise. Detection is deliberately shy: it answers only
 * when almost every non-comment line has exactly this shape, so that tables of other
 * formats whose lines merely start with a prefix are never taken. */
#include <string.h>

#include "routes/parse_util.h"

/* Shape of one line: 0 blank/comment, 1 route, -1 not this format. With out != NULL the
 * route is filled in and problems are reported. */
typedef struct plain_line {
    er_prefix prefix;
    bool has_nh;
    er_prefix nh;
    const char *path, *path_end;
    uint32_t err_col;   /* address error: column, message, token */
    const char *err, *err_s, *err_e;
    const char *bad;    /* not this shape: reason */
} plain_line;

static const char *tok_end(const char *p, const char *e)
{
    while (p < e && !sc_is_space(*p))
        p++;
    return p;
}

static int read_line(const char *s, const char *e, plain_line *pl)
{
    memset(pl, 0, sizeof *pl);
    const char *hash = memchr(s, '#', (size_t)(e - s));
    if (hash)
        e = hash;
    const char *p = sc_skip_ws(s, e);
    if (p == e)
        return 0;
    const char *te = tok_end(p, e), *q;
    if (!pu_looks_like_addr(p, te)) {
        pl->bad = "not a prefix";
        return -1;
    }
    bool has_len;
    er_addr_err rc = pu_prefix_tok(p, e, &pl->prefix, &q, &has_len);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS) {
        pl->err = "bad prefix";
        pl->err_col = (uint32_t)(p - s + 1);
        pl->err_s = p;
        pl->err_e = te;
        return -1;
    }
    p = sc_skip_ws(q, e);
    te = tok_end(p, e);
    if (p < e && pu_looks_like_addr(p, te)) {
        if (!pu_addr(p, te, &pl->nh)) {
            pl->err = "bad next hop address";
            pl->err_col = (uint32_t)(p - s + 1);
            pl->err_s = p;
            pl->err_e = te;
            return -1;
        }
        /* "10.1.0.0 255.255.0.0" is a network and mask, not a route via 255.255.0.0. */
        if (pl->nh.family == ER_AF_V4 && (uint32_t)pl->nh.addr >> 24 == 255) {
            pl->bad = "next hop looks like a netmask (write prefix/length)";
            return -1;
        }
        pl->has_nh = true;
        p = sc_skip_ws(te, e);
    }
    const char *pe = e;
    sc_trim(&p, &pe);
    if (!pu_valid_as_path(p, pe)) {
        pl->bad = "not a next hop or an AS path";
        return -1;
    }
    pl->path = p;
    pl->path_end = pe;
    return 1;
}

static er_status plain_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    pu_state pu;
    pu_init(&pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&pu, &s, &e)) {
        uint32_t ln = pu_lineno(&pu);
        plain_line pl;
        int k = read_line(s, e, &pl);
        if (k == 0) {
            pu_ok(&pu);
            continue;
        }
        if (k < 0) {
            if (pl.err)
                pu_error(&pu, ln, pl.err_col, pl.err, pl.err_s, pl.err_e);
            else
                pu_skip(&pu, ln, pl.bad, s, e);
            continue;
        }
        er_route r;
        pu_route_init(&r, ln);
        uint32_t col = (uint32_t)(sc_skip_ws(s, e) - s + 1);
        r.flags = (uint8_t)(ER_RF_BEST | pu_fix_hostbits(&pu, &pl.prefix, ln, col));
        r.prefix = pl.prefix;
        r.proto = pl.path < pl.path_end ? ER_PROTO_BGP : ER_PROTO_UNKNOWN;
        if (pl.has_nh)
            pu_set_nh(&r, &pl.nh);
        r.as_path = pu_intern_slot(&pu, PU_SLOT_ASPATH, pl.path, pl.path_end);
        if (pu.nomem || pu_push(&pu, &r) != ER_OK)
            return ER_ERR_NOMEM;
        pu_ok(&pu);
    }
    return pu_finish(&pu);
}

static int plain_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    unsigned good = 0, bad = 0;
    while (er_lines_next(&it, &s, &e)) {
        plain_line pl;
        int k = read_line(s, e, &pl);
        if (k > 0)
            good++;
        else if (k < 0)
            bad++;
    }
    /* Nearly all: at most one line in a hundred may be off (e.g. cut by the window). */
    if (good == 0 || (uint64_t)bad * 100 > good)
        return 0;
    return 25;
}

const er_parser er_parser_plain = {
    "plain",
    "Plain list: one 'prefix [next-hop] [as-path...]' per line, '#' comments",
    "nearly every non-comment line is a prefix, optionally a next hop and AS numbers",
    plain_detect,
    plain_parse,
};
