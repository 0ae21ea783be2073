/* Cisco IOS-XR "show bgp" / "show bgp ipv6 unicast" / "show bgp vrf X" / "show bgp vpnv4 unicast".
 *
 * How it works: after a block of "BGP ..." information lines and the "Status codes" /
 * "Origin codes" legend comes the Cisco fixed-width table, read by cisco_bgp_row
 * (cisco_bgp_table.c): status field ('*' valid, '>' best, 'i' internal, 's' suppressed, 'd' damped,
 * 'h' history, 'r' RIB-failure, 'S' stale, 'N' next hop discard), network (blank on further paths
 * of the same prefix; alone on its line when too long), next hop, Metric/LocPrf/Weight under their
 * header columns, AS path and origin. A path forwards when it is valid and best ('*>');
 * RIB-failure paths ('r') are not installed. "Route Distinguisher: X (default for vrf V)"
 * sections carry VRF V (sections without a VRF carry the RD itself), "BGP VRF V, state:"
 * headers VRF V. The closing "Processed N prefixes, M paths" is checked against what was
 * read. */
#include <string.h>

#include "routes/cisco_bgp_table.h"
#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct xrb {
    pu_state pu;
    cisco_bgp bgp;
    bool legend;
} xrb;

static bool info_line(const char *s, const char *e)
{
    static const char *const starts[] = {"BGP router identifier ",
                                         "BGP generic scan interval",
                                         "Non-stop routing is ",
                                         "BGP table state: ",
                                         "Table ID: ",
                                         "BGP main routing table version ",
                                         "BGP NSR",
                                         "BGP scan interval ",
                                         "Dampening ",
                                         "VRF ID: ",
                                         "BGP Route Distinguisher: ",
                                         "Address Family: ",
                                         "Origin codes: ",
                                         "BGP local RIB version",
                                         "BGP is operating in",
                                         "BGP instance ",
                                         "RD version: ",
                                         NULL};
    if (pu_starts_any(s, e, starts))
        return true;
    /* A "---------" rule under a VRF name. */
    const char *p = sc_skip_ws(s, e);
    if (e - p >= 3) {
        for (const char *q = p; q < e; q++)
            if (*q != '-' && !sc_is_space(*q))
                return false;
        return true;
    }
    return false;
}

/* "Route Distinguisher: 65000:1 (default for vrf CUST_A)" */
static bool rd_line(xrb *x, const char *s, const char *e)
{
    const char *vs, *ve;
    if (cisco_rd_vrf(s, e, "(default for vrf ", &vs, &ve) <= 0)
        return false;
    pu_set_vrf(&x->pu, vs, ve);
    cisco_bgp_reset(&x->bgp);
    return true;
}

/* "BGP VRF CUST_A, state: Active" or "VRF: CUST_A" */
static bool vrf_line(xrb *x, const char *s, const char *e)
{
    const char *v = NULL, *ve = e;
    if (sc_starts(s, e, "BGP VRF ")) {
        v = s + 8;
        const char *c = memchr(v, ',', (size_t)(e - v));
        if (!c)
            return false;
        ve = c;
    } else if (sc_starts(s, e, "VRF: ")) {
        v = s + 5;
    } else {
        return false;
    }
    pu_set_vrf(&x->pu, v, ve);
    cisco_bgp_reset(&x->bgp);
    return true;
}

/* "Processed 8 prefixes, 8 paths": compare with what was read. */
static bool processed_line(xrb *x, uint32_t line, const char *s, const char *e)
{
    if (!sc_starts(s, e, "Processed "))
        return false;
    const char *p = s + 10, *ts, *te;
    uint32_t np, npa;
    if (!sc_token(&p, e, &ts, &te) || !sc_u32(ts, te, &np))
        return false;
    if (!sc_token(&p, e, &ts, &te) || !sc_starts(ts, te, "prefix"))
        return false;
    if (!sc_token(&p, e, &ts, &te) || !sc_u32(ts, te, &npa))
        return false;
    if (np != x->bgp.n_prefixes || npa != x->bgp.n_paths)
        pu_diag(&x->pu, ER_DIAG_WARNING, line, 1,
                "the table says %u prefixes and %u paths, %llu and %llu were read", np, npa,
                (unsigned long long)x->bgp.n_prefixes, (unsigned long long)x->bgp.n_paths);
    x->bgp.n_prefixes = x->bgp.n_paths = 0;
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    xrb x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    cisco_bgp_init(&x.bgp, &x.pu, CISCO_BGP_XR);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (cisco_bgp_row(&x.bgp, ln, s, e))
            continue;
        if (cisco_is_noise(s, e)) {
            x.legend = false;
            pu_ok(&x.pu);
            continue;
        }
        if (sc_starts(s, e, "Status codes:")) {
            x.legend = true;
            pu_ok(&x.pu);
            continue;
        }
        if (x.legend && sc_is_space(*s) && !pu_is_blank(s, e) &&
            (sc_find(s, e, " - ") || sc_find(s, e, "stale"))) {
            pu_ok(&x.pu);
            continue;
        }
        x.legend = false;
        cisco_bgpcols c;
        if (cisco_bgp_header(s, e, &c)) {
            x.bgp.cols = c;
            pu_ok(&x.pu);
            continue;
        }
        if (rd_line(&x, s, e) || vrf_line(&x, s, e) || processed_line(&x, ln, s, e) ||
            info_line(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    cisco_bgp_end(&x.bgp);
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    bool legend = sc_find(buf, e, "Status codes: s suppressed, d damped, h history, * valid, > best") != NULL;
    bool xr_info = sc_find(buf, e, "BGP generic scan interval") ||
                   sc_find(buf, e, "BGP main routing table version") ||
                   sc_find(buf, e, "BGP table state: ") || sc_find(buf, e, "Table ID: 0x");
    if (legend && xr_info)
        return 95;
    if (xr_info && sc_find(buf, e, "Network"))
        return 85;
    return 0;
}

const er_parser er_parser_xr_bgp = {
    "xr-bgp",
    "Cisco IOS-XR show bgp / show bgp ipv6 unicast / show bgp vrf",
    "XR BGP information lines ('BGP generic scan interval', 'BGP table state:', 'Table ID: 0x') "
    "with the 'Status codes: s suppressed, d damped' legend",
    detect,
    parse,
};
