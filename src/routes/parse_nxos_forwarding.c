/* Cisco NX-OS "show forwarding ipv4 route" / "show forwarding ipv6 route" (the FIB).
 *
 * How it works: under "IPv4 routes for table VRF/base" and a ruled column header comes
 * one row per prefix: the prefix (NX-OS may put a '*' right before it), the next hop or a
 * keyword (Drop = discard, Receive = addressed to the switch, Attached = connected), the
 * interface, and optional label columns; further ECMP next hops are rows with the prefix
 * column blank. The FIB holds only what forwards, so every row is best. The protocol is
 * not printed: rows are ER_PROTO_UNKNOWN except Attached (connected) and Receive (local). */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct nxf {
    pu_state pu;
    bool have_prefix;
    er_prefix pfx;
    uint8_t pflags; /* ER_RF_HOSTBITS of the prefix */
} nxf;

/* Next hop column and interface, from p. */
static void row_rest(nxf *x, uint32_t line, const char *s, const char *p, const char *e)
{
    const char *ts, *te;
    er_route r;
    pu_route_init(&r, line);
    r.prefix = x->pfx;
    r.flags = ER_RF_BEST | x->pflags;
    if (!sc_token(&p, e, &ts, &te)) {
        pu_skip(&x->pu, line, "no next hop", s, e);
        return;
    }
    er_prefix nh;
    if (sc_eq(ts, te, "Drop") || sc_eq(ts, te, "Null0")) {
        r.flags |= ER_RF_DISCARD;
    } else if (sc_eq(ts, te, "Receive")) {
        r.proto = ER_PROTO_LOCAL;
    } else if (sc_eq(ts, te, "Attached")) {
        r.proto = ER_PROTO_CONNECTED;
    } else if (sc_eq(ts, te, "Glean") || sc_eq(ts, te, "Punt")) {
        r.proto = ER_PROTO_OTHER;
    } else if (pu_addr(ts, te, &nh)) {
        pu_set_nh(&r, &nh);
    } else if (pu_addr_like(ts, te)) {
        pu_error(&x->pu, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
        return;
    } else {
        pu_skip(&x->pu, line, "unknown next hop keyword", s, e);
        return;
    }
    if (sc_token(&p, e, &ts, &te))
        r.iface = pu_intern_slot(&x->pu, PU_SLOT_IFACE, ts, te);
    pu_ok(&x->pu);
    pu_push(&x->pu, &r);
}

static bool row(nxf *x, uint32_t line, const char *s, const char *e)
{
    if (sc_is_space(*s)) {
        if (!x->have_prefix)
            return false;
        row_rest(x, line, s, s, e);
        return true;
    }
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    if (*ts == '*')
        ts++;
    if (!pu_addr_like(ts, te))
        return false;
    uint8_t hb = 0;
    if (!pu_read_prefix(&x->pu, line, s, ts, te, &x->pfx, &hb)) {
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->pflags = hb;
    row_rest(x, line, s, p, e);
    return true;
}

/* "IPv4 routes for table default/base" */
static bool table_line(nxf *x, const char *s, const char *e)
{
    if (!sc_starts(s, e, "IPv4 routes for table ") && !sc_starts(s, e, "IPv6 routes for table "))
        return false;
    const char *v = s + 22, *ve = e;
    sc_trim(&v, &ve);
    const char *slash = memchr(v, '/', (size_t)(ve - v));
    pu_set_vrf(&x->pu, v, slash ? slash : ve);
    x->have_prefix = false;
    return true;
}

static bool rule_or_header(const char *s, const char *e)
{
    if (sc_starts(s, e, "Prefix") && sc_find(s, e, "Next-hop"))
        return true;
    for (const char *p = s; p < e; p++)
        if (*p != '-' && *p != '+' && !sc_is_space(*p))
            return false;
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    nxf x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (cisco_is_noise(s, e) || table_line(&x, s, e) || rule_or_header(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (row(&x, ln, s, e))
            continue;
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    if ((sc_find(buf, e, "IPv4 routes for table ") || sc_find(buf, e, "IPv6 routes for table ")) &&
        sc_find(buf, e, "Next-hop"))
        return 90;
    return 0;
}

const er_parser er_parser_nxos_forwarding = {
    "nxos-forwarding",
    "Cisco NX-OS show forwarding ipv4 route / show forwarding ipv6 route (FIB)",
    "'IPv4 routes for table default/base' and the 'Prefix | Next-hop | Interface' header",
    detect,
    parse,
};
