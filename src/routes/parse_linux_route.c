/* net-tools `route -n`, `route -n -A inet6` / `route -6n` and `netstat -rn` tables
 * ("linux-route-n").
 *
 * How it works: the title line ("Kernel IP routing table" / "Kernel IPv6 routing table")
 * sets the family; the column header line names the columns, whose order differs between
 * route and netstat, so each data row is split on blanks and its fields are looked up by
 * column index. IPv4 rows carry a Genmask; IPv6 rows carry DEST/LEN. Flags: U (up) is
 * required for a route to forward, G has a gateway, ! is a reject (discard) route. A
 * destination printed as a host name (route without -n) cannot be read: the row is
 * skipped with a warning; a gateway printed as a name leaves the route without a next hop,
 * with a note. The kernel's lowest-metric rule is applied after the whole file. */
#include "erready/routes.h"

#include <string.h>

#include "routes/linux_metric.h"
#include "routes/parse_util.h"

enum col { C_DEST, C_GW, C_MASK, C_FLAGS, C_METRIC, C_IFACE, C_OTHER };
#define MAX_COLS 16

typedef struct hdr {
    int family; /* 0 until a title line is seen */
    int ncols;
    enum col cols[MAX_COLS];
} hdr;

/* Read a column header line; false if it is not one. */
static bool read_header(const char *s, const char *e, hdr *h)
{
    const char *p = s, *ts = s, *te = s;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "Destination"))
        return false;
    int n = 0;
    h->cols[n++] = C_DEST;
    while (sc_token(&p, e, &ts, &te)) {
        if (n >= MAX_COLS)
            return false;
        enum col c = C_OTHER;
        if (sc_eq(ts, te, "Gateway"))
            c = C_GW;
        else if (sc_eq(ts, te, "Next")) {
            const char *p2 = p, *us, *ue;
            if (sc_token(&p2, e, &us, &ue) && sc_eq(us, ue, "Hop")) {
                p = p2;
                c = C_GW;
            }
        } else if (sc_eq(ts, te, "Genmask"))
            c = C_MASK;
        else if (sc_eq(ts, te, "Flags") || sc_eq(ts, te, "Flag"))
            c = C_FLAGS;
        else if (sc_eq(ts, te, "Metric") || sc_eq(ts, te, "Met"))
            c = C_METRIC;
        else if (sc_eq(ts, te, "Iface") || sc_eq(ts, te, "If"))
            c = C_IFACE;
        else if (!(sc_eq(ts, te, "Ref") || sc_eq(ts, te, "Use") || sc_eq(ts, te, "MSS") ||
                   sc_eq(ts, te, "Window") || sc_eq(ts, te, "irtt")))
            return false;
        h->cols[n++] = c;
    }
    h->ncols = n;
    return true;
}

/* An address in this table's family: strips [ ] (route -6 without -n prints [::]);
 * a dotted quad in an IPv6 table is IPv4-mapped (::ffff:a.b.c.d). */
static bool read_addr(const char *s, const char *e, int family, er_prefix *out)
{
    if (e - s >= 2 && *s == '[' && e[-1] == ']') {
        s++;
        e--;
    }
    if (!pu_addr(s, e, out))
        return false;
    if (family == ER_AF_V6 && out->family == ER_AF_V4) {
        er_u128 v4 = out->addr;
        out->addr = ((er_u128)0xffff << 32) | v4;
        out->family = ER_AF_V6;
        out->len = 128;
    }
    return out->family == family;
}

static bool valid_flags(const char *s, const char *e)
{
    if (s >= e)
        return false;
    for (; s < e; s++)
        if (!strchr("UGHRDMACdaemnf!", *s) || *s == '\0')
            return false;
    return true;
}

static bool is_name(const char *s, const char *e)
{
    /* Host names: letters, digits, '-', '_', '.'; at least one letter or '_'. */
    bool letter = false;
    for (; s < e; s++) {
        char c = *s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            letter = true;
        else if (!(sc_is_digit(c) || c == '-' || c == '.'))
            return false;
    }
    return letter;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    pu_state state, *pu = &state;
    pu_init(pu, ctx, buf, len);
    const char *s, *e;
    hdr h;
    memset(&h, 0, sizeof h);
    er_status st;
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        if (pu_is_prompt_or_noise(s, e)) {
            pu_ok(pu);
            continue;
        }
        const char *t = sc_skip_ws(s, e);
        if (sc_starts(t, e, "Kernel IP routing table")) {
            h.family = ER_AF_V4;
            h.ncols = 0;
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, e, "Kernel IPv6 routing table")) {
            h.family = ER_AF_V6;
            h.ncols = 0;
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, e, "Destination")) {
            hdr nh = h;
            if (read_header(t, e, &nh)) {
                h = nh;
                if (!h.family) /* netstat -rn without a title: IPv4 if it has Genmask */
                    for (int i = 0; i < h.ncols; i++)
                        if (h.cols[i] == C_MASK)
                            h.family = ER_AF_V4;
                if (!h.family)
                    h.family = ER_AF_V6;
                pu_ok(pu);
                continue;
            }
        }
        if (h.ncols == 0) {
            pu_skip(pu, ln, "before the routing table header", s, e);
            continue;
        }
        const char *f[MAX_COLS][2];
        int n = 0;
        const char *p = s, *ts = s, *te = s;
        while (n < MAX_COLS && sc_token(&p, e, &ts, &te)) {
            f[n][0] = ts;
            f[n][1] = te;
            n++;
        }
        if (n != h.ncols || sc_skip_ws(p, e) != e) {
            pu_skip(pu, ln, "column count differs from the header", s, e);
            continue;
        }
        const char *d[C_OTHER][2];
        memset(d, 0, sizeof d);
        for (int i = 0; i < n; i++)
            if (h.cols[i] != C_OTHER) {
                d[h.cols[i]][0] = f[i][0];
                d[h.cols[i]][1] = f[i][1];
            }
        if (!d[C_FLAGS][0] || !valid_flags(d[C_FLAGS][0], d[C_FLAGS][1])) {
            pu_skip(pu, ln, "bad flags", s, e);
            continue;
        }
        er_route r;
        pu_route_init(&r, ln);
        const char *ds = d[C_DEST][0], *de = d[C_DEST][1];
        /* Destination. */
        if (h.family == ER_AF_V4) {
            uint8_t mlen = 0;
            if (!d[C_MASK][0] || !er_netmask_to_len(d[C_MASK][0], d[C_MASK][1], &mlen)) {
                const char *ms = d[C_MASK][0] ? d[C_MASK][0] : s;
                pu_bad_addr(pu, ln, pu_col(s, ms), "netmask", ER_ADDR_BAD, ms, e);
                continue;
            }
            if (sc_eq(ds, de, "default")) {
                r.prefix.family = ER_AF_V4;
            } else if (!pu_addr(ds, de, &r.prefix) || r.prefix.family != ER_AF_V4) {
                if (is_name(ds, de)) {
                    pu_skip(pu, ln, "destination is a host name; use route -n", s, e);
                } else {
                    pu_bad_addr(pu, ln, pu_col(s, ds), "destination", ER_ADDR_BAD, ds, de);
                }
                continue;
            }
            r.prefix.len = mlen;
            r.flags |= pu_fix_hostbits(pu, &r.prefix, ln, 1);
        } else {
            const char *slash = memchr(ds, '/', (size_t)(de - ds));
            uint32_t plen = 0;
            if (!slash || !sc_u32(slash + 1, de, &plen) || plen > 128) {
                pu_bad_addr(pu, ln, pu_col(s, ds), "destination", ER_ADDR_BAD_LEN, ds, de);
                continue;
            }
            if (!read_addr(ds, slash, ER_AF_V6, &r.prefix)) {
                if (is_name(ds, slash) || sc_eq(ds, slash, "localhost")) {
                    pu_skip(pu, ln, "destination is a host name; use route -n", s, e);
                } else {
                    pu_bad_addr(pu, ln, pu_col(s, ds), "destination", ER_ADDR_BAD, ds, de);
                }
                continue;
            }
            r.prefix.len = (uint8_t)plen;
            r.flags |= pu_fix_hostbits(pu, &r.prefix, ln, 1);
        }
        const char *fl = d[C_FLAGS][0], *fe = d[C_FLAGS][1];
        bool up = memchr(fl, 'U', (size_t)(fe - fl)) != NULL;
        bool gw = memchr(fl, 'G', (size_t)(fe - fl)) != NULL;
        bool reject = memchr(fl, '!', (size_t)(fe - fl)) != NULL;
        /* Gateway. */
        const char *gs = d[C_GW][0], *ge = d[C_GW][1];
        if (gs) {
            er_prefix g;
            bool unspec = sc_eq(gs, ge, "*") || sc_eq(gs, ge, "-") || sc_eq(gs, ge, "0.0.0.0") ||
                          sc_eq(gs, ge, "::") || sc_eq(gs, ge, "[::]");
            if (!unspec) {
                if (read_addr(gs, ge, h.family, &g)) {
                    pu_set_nh(&r, &g);
                } else if (is_name(gs, ge)) {
                    char q[PU_QUOTE + 4];
                    pu_diag(pu, ER_DIAG_NOTE, ln, 0,
                            "gateway '%s' is a host name; next hop left unset",
                            pu_snippet(q, sizeof q, gs, ge));
                } else {
                    pu_bad_addr(pu, ln, pu_col(s, gs), "gateway", ER_ADDR_BAD, gs, ge);
                    continue;
                }
            }
        }
        if (d[C_METRIC][0]) {
            if (sc_eq(d[C_METRIC][0], d[C_METRIC][1], "-1")) {
                r.metric = UINT32_MAX;
            } else if (!sc_u32(d[C_METRIC][0], d[C_METRIC][1], &r.metric)) {
                pu_skip(pu, ln, "bad metric", s, e);
                continue;
            }
            r.flags |= ER_RF_HAS_METRIC;
        }
        if (d[C_IFACE][0] && !sc_eq(d[C_IFACE][0], d[C_IFACE][1], "-")) {
            r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, d[C_IFACE][0], d[C_IFACE][1]);
            if (pu->nomem)
                return ER_ERR_NOMEM;
        }
        if (reject) {
            r.flags |= ER_RF_DISCARD;
            r.proto = ER_PROTO_KERNEL;
        } else if (gw) {
            r.proto = ER_PROTO_STATIC;
        } else if (d[C_IFACE][0] && sc_eq(d[C_IFACE][0], d[C_IFACE][1], "lo")) {
            r.proto = ER_PROTO_LOCAL;
        } else {
            r.proto = ER_PROTO_CONNECTED;
        }
        if (up || reject) /* a reject route is in force without U: it discards */
            r.flags |= ER_RF_BEST;
        pu_ok(pu);
        if ((st = pu_push(pu, &r)) != ER_OK)
            return st;
    }
    return linux_finish(pu);
}

static int detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    int n = 0;
    bool title = false;
    while (er_lines_next(&it, &s, &e) && n++ < 20) {
        const char *t = sc_skip_ws(s, e);
        if (sc_starts(t, e, "Kernel IP routing table") ||
            sc_starts(t, e, "Kernel IPv6 routing table"))
            title = true;
        hdr h;
        memset(&h, 0, sizeof h);
        if (sc_starts(t, e, "Destination") && read_header(t, e, &h)) {
            bool flags = false;
            for (int i = 0; i < h.ncols; i++)
                flags |= h.cols[i] == C_FLAGS;
            if (flags)
                return title ? 95 : 80;
        }
    }
    return 0;
}

const er_parser er_parser_linux_route_n = {
    "linux-route-n",
    "Linux net-tools route -n / route -6n / netstat -rn",
    "'Kernel IP routing table' title and a 'Destination Gateway Genmask Flags' header",
    detect,
    parse,
};
