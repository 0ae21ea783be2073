/* Cisco NX-OS "show forwarding ipv4 route" / "show forwarding ipv6 route" (the FIB).
 *
 * How it works: under "IPv4 routes for table VRF/base" and a ruled column header comes
 * one row per prefix: the prefix (NX-OS may put a '*' right before it), the next hop or a
 * keyword (Drop = discard, Receive = addressed to the switch, Attached = connected), the
 * interface, and optional label columns; further ECMP next hops are rows with the prefix
 * column blank. The FIB holds only what forwards, so every row is best. The protocol is
 * not printed: rows are ER_PROTO_UNKNOWN except Attached (connected) and Receive (local). */
#include <string.h>

#include "routes/ca_common.h"
#include "routes/internal.h"

typedef struct nxf {
    ca_state st;
    bool have_prefix;
    er_prefix pfx;
    bool hostbits;
} nxf;

/* Next hop column and interface, from p. */
static void row_rest(nxf *x, uint32_t line, const char *s, const char *p, const char *e)
{
    const char *ts, *te;
    er_route r;
    memset(&r, 0, sizeof r);
    r.prefix = x->pfx;
    r.line = line;
    r.flags = ER_RF_BEST;
    if (x->hostbits)
        r.flags |= ER_RF_HOSTBITS;
    if (!sc_token(&p, e, &ts, &te)) {
        ca_line_skip(&x->st, line, s, e, "no next hop");
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
    } else if (ca_addr_token(ts, te, &nh)) {
        r.next_hop = nh.addr;
        r.nh_family = nh.family;
        r.flags |= ER_RF_HAS_NH;
    } else if (sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))) {
        ca_line_error(&x->st, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
        return;
    } else {
        ca_line_skip(&x->st, line, s, e, "unknown next hop keyword");
        return;
    }
    if (sc_token(&p, e, &ts, &te))
        r.iface = ca_intern(&x->st, CA_SLOT_IFACE, ts, te);
    ca_line_ok(&x->st);
    ca_push(&x->st, &r);
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
    if (ts == te || !(sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))))
        return false;
    ca_pfx r = ca_prefix_token(&x->st, line, s, ts, te, &x->pfx);
    if (r == CA_PFX_BAD) {
        ca_line_error(&x->st, line, (uint32_t)(ts - s) + 1, "invalid prefix", ts, te);
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->hostbits = r == CA_PFX_HOSTBITS;
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
    ca_set_vrf(&x->st, v, slash ? slash : ve);
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
    ca_init(&x.st, ctx);
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e)) {
        uint32_t ln = it.lineno;
        ca_strip_more(&s, &e);
        if (ca_is_noise(s, e) || table_line(&x, s, e) || rule_or_header(s, e)) {
            ca_line_ok(&x.st);
            continue;
        }
        if (row(&x, ln, s, e))
            continue;
        ca_line_skip(&x.st, ln, s, e, NULL);
    }
    return ca_finish(&x.st);
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
