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

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

#define MAX_COLS 6

typedef struct eosb {
    pu_state pu;
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
    if (!sc_eq(ts, te, "Path") || !pu_is_blank(p, e))
        return false;
    x->ncols = n;
    x->metric_col = metric;
    x->locpref_col = locpref;
    return true;
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
    pu_route_init(&r, line);
    r.proto = ER_PROTO_BGP;
    if (pu_prefix(&x->pu, line, pu_col(s, ts), ts, te, true, &r.prefix, &r.flags) != ER_ADDR_OK) {
        if (pu_addr_like(ts, te)) {
            pu_error(&x->pu, line, (uint32_t)(ts - s) + 1, "invalid prefix", ts, te);
            return true;
        }
        return false;
    }
    if (valid && active && !notinst)
        r.flags |= ER_RF_BEST;
    if (!sc_token(&p, e, &ts, &te)) {
        pu_skip(&x->pu, line, "no next hop", s, e);
        return true;
    }
    if (!sc_eq(ts, te, "-")) {
        er_prefix nh;
        /* IPv6 link-local next hops carry their interface: "fe80::1%Et1". */
        const char *pct = memchr(ts, '%', (size_t)(te - ts));
        if (pct) {
            if (pct + 1 < te)
                r.iface = pu_intern_slot(&x->pu, PU_SLOT_IFACE, pct + 1, te);
            te = pct;
        }
        if (!pu_addr(ts, te, &nh)) {
            pu_error(&x->pu, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
            return true;
        }
        pu_set_nh(&r, &nh);
    }
    int ncols = x->ncols ? x->ncols : 3;
    int mc = x->ncols ? x->metric_col : 0, lc = x->ncols ? x->locpref_col : 1;
    for (int i = 0; i < ncols; i++) {
        if (!sc_token(&p, e, &ts, &te)) {
            pu_skip(&x->pu, line, "row ends before the path", s, e);
            return true;
        }
        uint32_t v;
        if (sc_eq(ts, te, "-"))
            continue;
        if (!sc_u32(ts, te, &v)) {
            pu_skip(&x->pu, line, "expected a number or '-'", s, e);
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
    if (!last_s || !pu_origin_code(last_s, last_e)) {
        pu_skip(&x->pu, line, "no origin code at the end of the row", s, e);
        return true;
    }
    if (path_s) {
        if (!pu_as_path_chars(path_s, path_e)) {
            pu_skip(&x->pu, line, "unexpected text in the as path", s, e);
            return true;
        }
        r.as_path = pu_intern_slot(&x->pu, PU_SLOT_ASPATH, path_s, path_e);
    }
    pu_ok(&x->pu);
    pu_push(&x->pu, &r);
    return true;
}

static bool info_line(eosb *x, const char *s, const char *e)
{
    static const char k[] = "BGP routing table information for VRF ";
    if (sc_starts(s, e, k)) {
        pu_set_vrf(&x->pu, s + sizeof k - 1, e);
        return true;
    }
    static const char *const starts[] = {"Router identifier ",
                                         "Origin codes: ",
                                         "AS Path Attributes: ",
                                         "RPKI Origin Validation codes: ",
                                         "% ",
                                         NULL};
    return pu_starts_any(s, e, starts);
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    eosb x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (cisco_is_noise(s, e)) {
            x.legend = false;
            pu_ok(&x.pu);
            continue;
        }
        if (cisco_legend(&x.legend, s, e, "Route status codes:")) {
            pu_ok(&x.pu);
            continue;
        }
        if (info_line(&x, s, e) || header_line(&x, s, e)) {
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
