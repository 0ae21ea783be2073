/* Linux iproute2 `ip route` / `ip -6 route` text ("linux-ip").
 *
 * How it works: each line is "[TYPE] DEST key value ... flag ...", DEST being a prefix, a
 * bare address (a host route) or "default". Keywords are read from tables: a few that
 * matter (via, dev, proto, metric, table) are kept, the others are known and skipped with
 * their argument count; an unknown keyword makes the line "not understood". A multipath
 * route is a head line without a gateway followed by indented "nexthop via ... dev ..."
 * lines: each nexthop line becomes one route carrying the head's attributes. When the
 * family of "default" cannot be read from its gateway it is taken from the first explicit
 * prefix of the file. After the whole file is read the kernel's rule is applied: within
 * one table only the lowest metric of a prefix forwards (linux_finish). */
#include "erready/routes.h"

#include <stdlib.h>
#include <string.h>

#include "routes/linux_metric.h"
#include "routes/parse_util.h"

/* Route types before the destination. `forwards` = type makes a usable route. */
enum lt_kind { LT_UNICAST, LT_LOCAL, LT_DISCARD, LT_IGNORED };
static const struct {
    const char *w;
    enum lt_kind k;
} route_types[] = {
    {"unicast", LT_UNICAST},     {"local", LT_LOCAL},         {"blackhole", LT_DISCARD},
    {"unreachable", LT_DISCARD}, {"prohibit", LT_DISCARD},    {"broadcast", LT_IGNORED},
    {"multicast", LT_IGNORED},   {"anycast", LT_IGNORED},     {"throw", LT_IGNORED},
    {"nat", LT_IGNORED},
};

/* Keywords followed by one argument that are read but not kept. */
static const char *const one_arg[] = {
    "src", "scope", "tos", "dsfield", "error", "expires", "pref", "nhid", "realm",
    "realms", "from", "ttl-propagate", "features", "mtu", "advmss", "rtt", "rttvar",
    "reordering", "window", "cwnd", "ssthresh", "initcwnd", "initrwnd", "quickack",
    "hoplimit", "fastopen_no_cookie", "congctl", "weight", "protocol", "rto_min", "age",
    "users", "used",
};
/* Keywords that are flags (no argument). */
static const char *const flags_kw[] = {
    "onlink", "pervasive", "offload", "trap", "rt_offload", "rt_trap", "rt_offload_failed",
    "notify", "unresolved", "cache", "lock", "linkdown", "dead",
};

static bool in_list(const char *const *l, size_t n, const char *s, const char *e)
{
    for (size_t i = 0; i < n; i++)
        if (sc_eq(s, e, l[i]))
            return true;
    return false;
}

/* Keywords that stop an "encap ..." argument list. */
static bool is_main_kw(const char *s, const char *e)
{
    return sc_eq(s, e, "via") || sc_eq(s, e, "dev") || sc_eq(s, e, "proto") ||
           sc_eq(s, e, "metric") || sc_eq(s, e, "table") ||
           in_list(one_arg, ER_ARRAY_LEN(one_arg), s, e) ||
           in_list(flags_kw, ER_ARRAY_LEN(flags_kw), s, e);
}

/* Attributes gathered from a line (head line or nexthop line). */
typedef struct lroute {
    er_prefix dst;
    bool dst_default;
    enum lt_kind kind;
    er_prefix via;
    bool has_via;
    const char *dev, *dev_e;
    const char *proto, *proto_e;
    const char *table, *table_e;
    uint32_t metric;
    bool has_metric;
    bool down; /* linkdown / dead */
    uint8_t flags;
} lroute;

/* True for the tables the default VRF is made of. */
static bool default_table(const char *s, const char *e)
{
    return s == e || sc_eq(s, e, "main") || sc_eq(s, e, "local") || sc_eq(s, e, "default") ||
           sc_eq(s, e, "254") || sc_eq(s, e, "255") || sc_eq(s, e, "253");
}

/* Read "key value" pairs from p. Returns NULL on success or the offending token start;
 * *why gets the reason. bad_addr set when an address was invalid (error, not warning). */
static const char *read_attrs(const char *p, const char *e, lroute *r, const char **why,
                              bool *bad_addr, er_addr_err *aerr)
{
    const char *ts, *te;
    while (sc_token(&p, e, &ts, &te)) {
        if (sc_eq(ts, te, "via")) {
            const char *as, *ae;
            if (!sc_token(&p, e, &as, &ae)) {
                *why = "via without an address";
                return ts;
            }
            if (sc_eq(as, ae, "inet") || sc_eq(as, ae, "inet6")) {
                if (!sc_token(&p, e, &as, &ae)) {
                    *why = "via without an address";
                    return ts;
                }
            }
            er_addr_err ae2 = pu_addr_err(as, ae, &r->via);
            if (ae2 != ER_ADDR_OK) {
                *why = "next hop";
                *bad_addr = true;
                *aerr = ae2;
                return as;
            }
            r->has_via = true;
        } else if (sc_eq(ts, te, "dev") || sc_eq(ts, te, "oif")) {
            if (!sc_token(&p, e, &r->dev, &r->dev_e)) {
                *why = "dev without a name";
                return ts;
            }
        } else if (sc_eq(ts, te, "proto")) {
            if (!sc_token(&p, e, &r->proto, &r->proto_e)) {
                *why = "proto without a value";
                return ts;
            }
        } else if (sc_eq(ts, te, "table")) {
            if (!sc_token(&p, e, &r->table, &r->table_e)) {
                *why = "table without a value";
                return ts;
            }
        } else if (sc_eq(ts, te, "metric") || sc_eq(ts, te, "priority")) {
            const char *ms, *me;
            if (!sc_token(&p, e, &ms, &me) || !sc_u32(ms, me, &r->metric)) {
                *why = "bad metric";
                return ts;
            }
            r->has_metric = true;
        } else if (sc_eq(ts, te, "linkdown") || sc_eq(ts, te, "dead")) {
            r->down = true;
        } else if (in_list(flags_kw, ER_ARRAY_LEN(flags_kw), ts, te)) {
            /* flag */
        } else if (in_list(one_arg, ER_ARRAY_LEN(one_arg), ts, te)) {
            const char *as, *ae;
            if (!sc_token(&p, e, &as, &ae)) {
                *why = "keyword without its value";
                return ts;
            }
            if (sc_eq(as, ae, "lock") && !sc_token(&p, e, &as, &ae)) {
                *why = "keyword without its value";
                return ts;
            }
        } else if (sc_eq(ts, te, "encap")) {
            /* encap TYPE args...: up to the next main keyword. */
            const char *save = p;
            while (sc_token(&p, e, &ts, &te)) {
                if (is_main_kw(ts, te)) {
                    p = ts;
                    break;
                }
                save = p;
            }
            (void)save;
        } else {
            *why = "unknown attribute";
            return ts;
        }
    }
    return NULL;
}

/* read_attrs over [p,e) of line ln (starting at s); false after the line was reported
 * (an error for a bad address, else a warning). */
static bool line_attrs(pu_state *pu, uint32_t ln, const char *s, const char *p, const char *e,
                       lroute *r)
{
    const char *why = NULL;
    bool bad = false;
    er_addr_err aerr = ER_ADDR_OK;
    const char *at = read_attrs(p, e, r, &why, &bad, &aerr);
    if (!at)
        return true;
    if (bad)
        pu_bad_addr(pu, ln, pu_col(s, at), why, aerr, at, e);
    else
        pu_skip(pu, ln, why, s, e);
    return false;
}

/* Family of the first explicit destination in the buffer (0 if none). */
static int guess_family(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    int n = 0;
    while (er_lines_next(&it, &s, &e) && n++ < 4096) {
        const char *p = s, *ts = s, *te = s;
        while (sc_token(&p, e, &ts, &te)) {
            er_prefix pf;
            const char *next;
            er_addr_err err = er_prefix_scan(ts, te, false, &pf, &next);
            if ((err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS) && next == te)
                return pf.family;
            if (sc_eq(ts, te, "via"))
                continue;
            bool is_type = false;
            for (size_t i = 0; i < ER_ARRAY_LEN(route_types); i++)
                if (sc_eq(ts, te, route_types[i].w))
                    is_type = true;
            if (!is_type)
                break;
        }
    }
    return 0;
}

static er_proto map_proto(const lroute *r)
{
    if (r->kind == LT_LOCAL)
        return ER_PROTO_LOCAL;
    if (r->proto) {
        if (sc_eq(r->proto, r->proto_e, "zebra") || sc_eq(r->proto, r->proto_e, "bird") ||
            sc_eq(r->proto, r->proto_e, "ra") || sc_eq(r->proto, r->proto_e, "redirect"))
            return ER_PROTO_OTHER;
        er_proto p = pu_proto_word(r->proto, r->proto_e);
        if (p != ER_PROTO_OTHER && p != ER_PROTO_KERNEL)
            return p;
        if (p == ER_PROTO_KERNEL)
            return r->has_via ? ER_PROTO_KERNEL : ER_PROTO_CONNECTED;
        if (!sc_eq(r->proto, r->proto_e, "boot") && !sc_eq(r->proto, r->proto_e, "dhcp"))
            return ER_PROTO_OTHER;
    }
    if (r->kind == LT_DISCARD)
        return ER_PROTO_STATIC;
    return r->has_via ? ER_PROTO_STATIC : ER_PROTO_CONNECTED;
}

/* Build and push one route from head attributes h and (optional) nexthop attributes n. */
static er_status emit(pu_state *pu, const lroute *h, const lroute *n, uint32_t line)
{
    const char *ts = h->table ? h->table : "", *te = h->table ? h->table_e : "";
    pu_set_vrf(pu, ts, default_table(ts, te) ? ts : te);
    if (!pu->vrf_keep)
        return ER_OK;
    er_route r;
    pu_route_init(&r, line);
    r.prefix = h->dst;
    r.flags = h->flags;
    const lroute *nh = n ? n : h;
    if (nh->has_via)
        pu_set_nh(&r, &nh->via);
    r.proto = (uint8_t)map_proto(h);
    if (h->kind == LT_DISCARD)
        r.flags |= ER_RF_DISCARD;
    if (!h->down && !(n && n->down))
        r.flags |= ER_RF_BEST;
    if (h->has_metric) {
        r.metric = h->metric;
        r.flags |= ER_RF_HAS_METRIC;
    }
    const char *ds = nh->dev ? nh->dev : h->dev, *de = nh->dev ? nh->dev_e : h->dev_e;
    if (ds)
        r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ds, de);
    return pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &r);
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    int fam_hint = guess_family(buf, len);
    pu_state state, *pu = &state;
    pu_init(pu, ctx, buf, len);
    const char *s, *e;
    lroute head;
    bool head_open = false, head_used = false;
    uint32_t head_line = 0;
    er_status st = ER_OK;

    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *p = s, *ts = s, *te = s;
        if (!sc_token(&p, e, &ts, &te)) {
            pu_ok(pu);
            continue;
        }
        if (sc_eq(ts, te, "nexthop") && s < e && sc_is_space(*s)) {
            if (!head_open) {
                pu_skip(pu, ln, "nexthop line without a route", s, e);
                continue;
            }
            lroute n;
            memset(&n, 0, sizeof n);
            if (!line_attrs(pu, ln, s, p, e, &n))
                continue;
            pu_ok(pu);
            head_used = true;
            if ((st = emit(pu, &head, &n, head_line)) != ER_OK)
                return st;
            continue;
        }
        /* A new route line closes the previous head. */
        if (head_open && !head_used && (st = emit(pu, &head, NULL, head_line)) != ER_OK)
            return st;
        head_open = false;
        if (pu_is_prompt_or_noise(s, e)) {
            pu_ok(pu);
            continue;
        }
        lroute r;
        memset(&r, 0, sizeof r);
        r.kind = LT_UNICAST;
        for (size_t i = 0; i < ER_ARRAY_LEN(route_types); i++) {
            if (sc_eq(ts, te, route_types[i].w)) {
                r.kind = route_types[i].k;
                if (!sc_token(&p, e, &ts, &te)) {
                    ts = te = e;
                }
                break;
            }
        }
        if (ts == e) {
            pu_skip(pu, ln, "route type without a destination", s, e);
            continue;
        }
        if (sc_eq(ts, te, "default")) {
            r.dst_default = true;
        } else {
            er_addr_err err = pu_prefix(pu, ln, pu_col(s, ts), ts, te, false, &r.dst, &r.flags);
            if (err != ER_ADDR_OK) {
                /* A first word that is not an address at all: not a route line. */
                if (err == ER_ADDR_BAD && !(sc_is_digit(*ts) || *ts == ':') &&
                    r.kind == LT_UNICAST) {
                    pu_skip(pu, ln, "not a route", s, e);
                } else {
                    pu_bad_addr(pu, ln, pu_col(s, ts), "destination", err, ts, te);
                }
                continue;
            }
        }
        if (!line_attrs(pu, ln, s, p, e, &r))
            continue;
        if (r.dst_default) {
            int fam = r.has_via ? r.via.family : fam_hint ? fam_hint : ER_AF_V4;
            memset(&r.dst, 0, sizeof r.dst);
            r.dst.family = (uint8_t)fam;
            r.dst.len = 0;
        }
        pu_ok(pu);
        if (r.kind == LT_IGNORED)
            continue;
        head = r;
        head_open = true;
        head_used = false;
        head_line = ln;
    }
    if (head_open && !head_used && (st = emit(pu, &head, NULL, head_line)) != ER_OK)
        return st;
    return linux_finish(pu);
}

/* Score: lines shaped like "PREFIX|default [via X] dev Y ..." with iproute2 keywords. */
static int detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    int good = 0, bad = 0, n = 0;
    while (er_lines_next(&it, &s, &e) && n < 200) {
        if (pu_is_blank(s, e))
            continue;
        n++;
        const char *p = s, *ts = s, *te = s;
        sc_token(&p, e, &ts, &te);
        if (sc_is_space(*s)) {
            if (sc_eq(ts, te, "nexthop"))
                good++;
            else
                bad++;
            continue;
        }
        bool typed = false;
        for (size_t i = 0; i < ER_ARRAY_LEN(route_types); i++)
            if (sc_eq(ts, te, route_types[i].w) && sc_token(&p, e, &ts, &te)) {
                typed = true;
                break;
            }
        er_prefix pf;
        const char *next;
        er_addr_err err = er_prefix_scan(ts, te, false, &pf, &next);
        bool dst = sc_eq(ts, te, "default") ||
                   ((err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS) && next == te);
        bool kw = sc_find(p, e, " dev ") || sc_starts(sc_skip_ws(p, e), e, "dev ") ||
                  sc_find(p, e, " via ") || sc_starts(sc_skip_ws(p, e), e, "via ") ||
                  sc_find(p, e, "proto ") || sc_find(p, e, "metric ");
        bool plain_end = typed && sc_skip_ws(p, e) == e; /* "blackhole 10.0.0.0/8" */
        if (dst && (kw || plain_end) && !sc_find(p, e, "[") && !sc_find(p, e, ","))
            good++;
        else
            bad++;
    }
    if (good == 0)
        return 0;
    if (bad > good)
        return 0;
    return bad == 0 ? 70 : 50;
}

const er_parser er_parser_linux_ip = {
    "linux-ip",
    "Linux iproute2 ip route / ip -6 route (text)",
    "lines 'PREFIX|default [via GW] dev IF [proto P] [metric N]', multipath 'nexthop' lines",
    detect,
    parse,
};
