/* Arista EOS "show ip bgp" / "show bgp ipv6 unicast" (text, any VRF).
 *
 * How it works: unlike Cisco, EOS prints every column of its BGP table as a token ('-'
 * when empty), so a row reads by tokens: the status marks, the prefix, the next hop ('-'
 * for local routes), one token per number column named by the header (Metric, [AIGP,]
 * LocPref, Weight), the AS path, and the origin code. An IPv6 link-local next hop carries its
 * interface after '%' ("fe80::1%Et1"), which becomes the route's interface. Status marks: '*' valid, '>' active,
 * '#' not installed, 'E' ECMP head, 'e' ECMP, 'c' contributing to ECMP, 's' suppressed,
 * 'S' stale, 'b' backup. A path forwards when it is valid ('*', or 's': suppressed only from
 * advertisement), not '#', and active or part of the ECMP set ('>', 'E' or 'e'). "BGP routing table information for VRF X" switches
 * the VRF. */
#include <string.h>

#include "routes/ca_common.h"
#include "routes/internal.h"

#define MAX_COLS 6

typedef struct eosb {
    ca_state st;
    bool legend;
    int ncols;                 /* number columns between Next Hop and Path */
    int metric_col, locpref_col;
} eosb;

static bool status_token(const char *s, const char *e)
{
    for (; s < e; s++)
        if (!strchr("*>#EecsSbLqx%", *s))
            return false;
    return true;
}

/* "Network  Next Hop  Metric  [AIGP]  LocPref  Weight  Path" */
static bool header_line(eosb *x, const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "Network"))
        return false;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "Next"))
        return false;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "Hop"))
        return false;
    int n = 0, metric = -1, locpref = -1;
    while (sc_token(&p, e, &ts, &te) && !sc_eq(ts, te, "Path")) {
        if (n == MAX_COLS)
            return false;
        if (sc_eq(ts, te, "Metric"))
            metric = n;
        else if (sc_eq(ts, te, "LocPref"))
            locpref = n;
        n++;
    }
    if (!sc_eq(ts, te, "Path") || !ca_is_blank(p, e))
        return false;
    x->ncols = n;
    x->metric_col = metric;
    x->locpref_col = locpref;
    return true;
}

static bool origin_code(const char *s, const char *e)
{
    return e - s == 1 && (*s == 'i' || *s == 'e' || *s == '?');
}

/* " * >     10.9.41.96/29   172.26.159.6   0   5000   0   62222.4002 ?" */
static bool row(eosb *x, uint32_t line, const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    bool valid = false, active = false, notinst = false, any = false;
    for (;;) {
        if (!sc_token(&p, e, &ts, &te))
            return false;
        if (!status_token(ts, te))
            break;
        any = true;
        for (const char *c = ts; c < te; c++) {
            valid |= *c == '*' || *c == 's';
            active |= *c == '>' || *c == 'E' || *c == 'e';
            notinst |= *c == '#';
        }
    }
    if (!any || !sc_is_space(*s))
        return false;
    er_route r;
    memset(&r, 0, sizeof r);
    r.line = line;
    r.proto = ER_PROTO_BGP;
    ca_pfx pr = ca_prefix_token(&x->st, line, s, ts, te, &r.prefix);
    if (pr == CA_PFX_BAD) {
        if (sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))) {
            ca_line_error(&x->st, line, (uint32_t)(ts - s) + 1, "invalid prefix", ts, te);
            return true;
        }
        return false;
    }
    if (pr == CA_PFX_HOSTBITS)
        r.flags |= ER_RF_HOSTBITS;
    if (valid && active && !notinst)
        r.flags |= ER_RF_BEST;
    if (!sc_token(&p, e, &ts, &te)) {
        ca_line_skip(&x->st, line, s, e, "no next hop");
        return true;
    }
    if (!sc_eq(ts, te, "-")) {
        er_prefix nh;
        /* IPv6 link-local next hops carry their interface: "fe80::1%Et1". */
        const char *pct = memchr(ts, '%', (size_t)(te - ts));
        if (pct) {
            if (pct + 1 < te)
                r.iface = ca_intern(&x->st, CA_SLOT_IFACE, pct + 1, te);
            te = pct;
        }
        if (!ca_addr_token(ts, te, &nh)) {
            ca_line_error(&x->st, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
            return true;
        }
        r.next_hop = nh.addr;
        r.nh_family = nh.family;
        r.flags |= ER_RF_HAS_NH;
    }
    int ncols = x->ncols ? x->ncols : 3;
    int mc = x->ncols ? x->metric_col : 0, lc = x->ncols ? x->locpref_col : 1;
    for (int i = 0; i < ncols; i++) {
        if (!sc_token(&p, e, &ts, &te)) {
            ca_line_skip(&x->st, line, s, e, "row ends before the path");
            return true;
        }
        uint32_t v;
        if (sc_eq(ts, te, "-"))
            continue;
        if (!sc_u32(ts, te, &v)) {
            ca_line_skip(&x->st, line, s, e, "expected a number or '-'");
            return true;
        }
        if (i == mc) {
            r.metric = v;
            r.flags |= ER_RF_HAS_METRIC;
        } else if (i == lc) {
            r.locpref = v;
            r.flags |= ER_RF_HAS_LOCPREF;
        }
    }
    const char *path_s = NULL, *path_e = NULL, *last_s = NULL, *last_e = NULL;
    while (sc_token(&p, e, &ts, &te)) {
        if (last_s) {
            if (!path_s)
                path_s = last_s;
            path_e = last_e;
        }
        last_s = ts;
        last_e = te;
    }
    if (!last_s || !origin_code(last_s, last_e)) {
        ca_line_skip(&x->st, line, s, e, "no origin code at the end of the row");
        return true;
    }
    if (path_s) {
        for (const char *c = path_s; c < path_e; c++)
            if (!sc_is_digit(*c) && !strchr(" .{},()[]", *c)) {
                ca_line_skip(&x->st, line, s, e, "unexpected text in the as path");
                return true;
            }
        r.as_path = ca_intern(&x->st, CA_SLOT_ASPATH, path_s, path_e);
    }
    ca_line_ok(&x->st);
    ca_push(&x->st, &r);
    return true;
}

static bool info_line(eosb *x, const char *s, const char *e)
{
    static const char k[] = "BGP routing table information for VRF ";
    if (sc_starts(s, e, k)) {
        ca_set_vrf(&x->st, s + sizeof k - 1, e);
        return true;
    }
    static const char *const starts[] = {"Router identifier ", "Origin codes: ",
                                         "AS Path Attributes: ",
                                         "RPKI Origin Validation codes: ", "% "};
    for (size_t i = 0; i < ER_ARRAY_LEN(starts); i++)
        if (sc_starts(s, e, starts[i]))
            return true;
    return false;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    eosb x;
    memset(&x, 0, sizeof x);
    ca_init(&x.st, ctx);
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e)) {
        uint32_t ln = it.lineno;
        ca_strip_more(&s, &e);
        if (ca_is_noise(s, e)) {
            x.legend = false;
            ca_line_ok(&x.st);
            continue;
        }
        if (sc_starts(s, e, "Route status codes:")) {
            x.legend = true;
            ca_line_ok(&x.st);
            continue;
        }
        if (x.legend && ca_is_legend_cont(s, e)) {
            ca_line_ok(&x.st);
            continue;
        }
        x.legend = false;
        if (info_line(&x, s, e) || header_line(&x, s, e)) {
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
    if (sc_find(buf, e, "Route status codes: ") && sc_find(buf, e, "> - active"))
        return 95;
    if (sc_find(buf, e, "BGP routing table information for VRF ") &&
        sc_find(buf, e, "Router identifier ") && sc_find(buf, e, "LocPref"))
        return 85;
    return 0;
}

const er_parser er_parser_eos_bgp = {
    "eos-bgp",
    "Arista EOS show ip bgp / show bgp ipv6 unicast (text)",
    "'Route status codes: s - suppressed, * - valid, > - active' and 'Router identifier'",
    detect,
    parse,
};
