/* Palo Alto PAN-OS `show routing route` (legacy routing engine): one table per
 * virtual router.
 *
 * How it works: "VIRTUAL ROUTER: name (id N)" opens a section whose name becomes the
 * routes' VRF (the router called "default" is the default VRF, stored as absent). The
 * column header "destination nexthop metric flags age interface next-AS" gives each
 * column's start. A route row is split into blank-separated tokens: destination and
 * next hop first; then an optional metric; then the flags ("A?B", "A S", "A O2", "~",
 * which may hold a blank); then age, interface and next-AS, each optional. Tokens are
 * told apart by shape (numbers, flag letters, names) and, when shape is not enough (a
 * lone number after the flags: age or next-AS?), by the header column they start in.
 * Flag 'A' (active) makes a route best; the protocol comes from the letters (B bgp,
 * O* ospf, R rip, S static, C connected, H host = local, ~ internal = other). Next hop
 * "discard" is a discard route, 0.0.0.0 and :: mean no next hop. next-AS (the first AS
 * of the path, 0 for iBGP or local) is kept as the AS path when it is not 0. The
 * "total routes shown: N" trailer is checked against the rows read: a mismatch (a cut
 * capture) is a warning. */
#include <string.h>

#include "routes/parse_util.h"

typedef struct panos_state {
    pu_state pu;
    bool in_legend;
    /* current virtual router (also the current VRF of pu) */
    const char *vr_s, *vr_e;
    uint64_t rows; /* route rows in this section */
    /* header column starts; 0 = unknown (destination is always at 0) */
    bool have_header;
    size_t col_metric, col_flags, col_age, col_iface, col_nextas;
} panos_state;

/* Characters that may appear in the flags column. */
static bool flag_token(const char *s, const char *e)
{
    if (s == e)
        return false;
    for (; s < e; s++)
        if (!strchr("A?CHS~ROBEMio12", *s) || *s == '\0')
            return false;
    return true;
}

static bool header_line(panos_state *st, const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    static const char *const names[] = {"destination", "nexthop", "metric", "flags",
                                        "age", "interface", "next-AS"};
    size_t cols[7];
    for (size_t i = 0; i < 7; i++) {
        if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, names[i]))
            return false;
        cols[i] = (size_t)(ts - s);
    }
    if (sc_token(&p, e, &ts, &te))
        return false;
    st->have_header = true;
    st->col_metric = cols[2];
    st->col_flags = cols[3];
    st->col_age = cols[4];
    st->col_iface = cols[5];
    st->col_nextas = cols[6];
    return true;
}

/* "VIRTUAL ROUTER: name (id N)" */
static bool vr_line(panos_state *st, const char *s, const char *e)
{
    if (!sc_starts(s, e, "VIRTUAL ROUTER:"))
        return false;
    const char *p = s + strlen("VIRTUAL ROUTER:"), *ns, *ne, *ts, *te;
    if (!sc_token(&p, e, &ns, &ne))
        return false;
    if (sc_token(&p, e, &ts, &te)) {
        uint32_t id;
        const char *is, *ie;
        if (!sc_eq(ts, te, "(id") || !sc_token(&p, e, &is, &ie) || ie - is < 2 ||
            ie[-1] != ')' || !sc_u32(is, ie - 1, &id) || sc_token(&p, e, &ts, &te))
            return false;
    }
    st->vr_s = ns;
    st->vr_e = ne;
    pu_set_vrf(&st->pu, ns, ne);
    st->rows = 0;
    st->have_header = false;
    return true;
}

/* "total routes shown: N" */
static bool total_line(panos_state *st, uint32_t lineno, const char *s, const char *e)
{
    if (!sc_starts(s, e, "total routes shown:"))
        return false;
    const char *p = s + strlen("total routes shown:"), *ts, *te;
    uint32_t n;
    if (!sc_token(&p, e, &ts, &te) || !sc_u32(ts, te, &n) || sc_token(&p, e, &ts, &te))
        return false;
    if (n != st->rows) {
        char q[PU_QUOTE + 4];
        pu_diag(&st->pu, ER_DIAG_WARNING, lineno, 1,
                "virtual router '%s' lists %u routes but %llu rows were read (output cut?)",
                st->vr_s ? pu_snippet(q, sizeof q, st->vr_s, st->vr_e) : "", n,
                (unsigned long long)st->rows);
    }
    st->rows = 0;
    return true;
}

/* The "flags: A:active, ?:loose, ..." legend and its continuation lines. */
static bool legend_line(panos_state *st, const char *s, const char *e)
{
    const char *ts = s, *te = e;
    sc_trim(&ts, &te);
    if (sc_starts(ts, te, "flags:") && sc_find(ts, te, "A:active")) {
        st->in_legend = true;
        return true;
    }
    if (st->in_legend && ts > s && sc_find(ts, te, ":ospf"))
        return true;
    return false;
}

/* A CLI prompt with the command: "admin@PA-3050> show routing route". */
static bool prompt_line(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te) || !memchr(ts, '@', (size_t)(te - ts)))
        return false;
    return (te[-1] == '>' || te[-1] == '#') && sc_find(p, e, "show ");
}

static er_status route_line(panos_state *st, uint32_t lineno, const char *s, const char *e)
{
    pu_state *pu = &st->pu;
    const char *p = s, *ds = s, *de = s, *ns, *ne;
    sc_token(&p, e, &ds, &de); /* the caller saw the destination token */
    st->rows++;
    er_route r;
    pu_route_init(&r, lineno);
    if (pu_prefix(pu, lineno, pu_col(s, ds), ds, de, true, &r.prefix, &r.flags) != ER_ADDR_OK) {
        pu_error(pu, lineno, pu_col(s, ds), "bad destination prefix", ds, de);
        return ER_OK;
    }
    if (!sc_token(&p, e, &ns, &ne)) {
        pu_skip(pu, lineno, NULL, s, e);
        return ER_OK;
    }
    er_prefix nh;
    if (sc_eq(ns, ne, "discard")) {
        r.flags |= ER_RF_DISCARD;
    } else if (pu_addr(ns, ne, &nh)) {
        if (nh.addr != 0) {
            r.flags |= ER_RF_HAS_NH;
            r.next_hop = nh.addr;
            r.nh_family = nh.family;
        }
    } else if (pu_addrish(ns, ne)) {
        pu_error(pu, lineno, pu_col(s, ns), "bad next hop", ns, ne);
        return ER_OK;
    } else {
        pu_skip(pu, lineno, NULL, s, e);
        return ER_OK;
    }

    /* the remaining columns */
    const char *ts, *te;
    const char *fl_s = NULL, *fl_e = NULL;
    const char *if_s = NULL, *if_e = NULL;
    const char *num_s[3], *num_e[3];
    bool num_after_if[3];
    size_t nnum = 0;
    bool have_metric = false;
    uint32_t metric = 0;
    int stage = 0; /* 0: metric or flags next, 1: in the flags, 2: after the flags */
    while (sc_token(&p, e, &ts, &te)) {
        if (stage == 0 && pu_digits(ts, te)) {
            if (!sc_u32(ts, te, &metric))
                goto bad;
            have_metric = true;
            stage = 1;
            continue;
        }
        /* the first flag token may be pushed right by a wide field; more flag tokens
         * must start before the age column */
        if (stage <= 1 && flag_token(ts, te) &&
            (!fl_s || !st->have_header || (size_t)(ts - s) < st->col_age)) {
            if (!fl_s)
                fl_s = ts;
            fl_e = te;
            stage = 1;
            continue;
        }
        if (!fl_s)
            goto bad;
        stage = 2;
        if (pu_digits(ts, te)) {
            if (nnum == 3)
                goto bad;
            num_s[nnum] = ts;
            num_e[nnum] = te;
            num_after_if[nnum] = if_s != NULL;
            nnum++;
        } else {
            if (if_s)
                goto bad;
            if_s = ts;
            if_e = te;
        }
    }
    if (!fl_s)
        goto bad;
    /* numbers after the flags: age before the interface, next-AS after it */
    const char *age_s = NULL, *as_s = NULL, *as_e = NULL;
    if (nnum == 2) {
        if (num_after_if[0])
            goto bad;
        age_s = num_s[0];
        as_s = num_s[1];
        as_e = num_e[1];
    } else if (nnum == 1) {
        bool is_as = num_after_if[0] ||
                     (!if_s && st->have_header && (size_t)(num_s[0] - s) >= st->col_iface);
        if (is_as) {
            as_s = num_s[0];
            as_e = num_e[0];
        } else {
            age_s = num_s[0];
        }
    } else if (nnum == 3) {
        goto bad;
    }
    (void)age_s;
    uint32_t next_as = 0;
    if (as_s && !sc_u32(as_s, as_e, &next_as))
        goto bad;

    /* flags: active, protocol */
    bool active = false;
    er_proto proto = ER_PROTO_UNKNOWN;
    for (const char *c = fl_s; c < fl_e; c++) {
        switch (*c) {
        case 'A': active = true; break;
        case 'B': proto = ER_PROTO_BGP; break;
        case 'O': proto = ER_PROTO_OSPF; break;
        case 'R': proto = ER_PROTO_RIP; break;
        case 'S': if (proto == ER_PROTO_UNKNOWN) proto = ER_PROTO_STATIC; break;
        case 'C': if (proto == ER_PROTO_UNKNOWN) proto = ER_PROTO_CONNECTED; break;
        case 'H': if (proto == ER_PROTO_UNKNOWN) proto = ER_PROTO_LOCAL; break;
        case '~': if (proto == ER_PROTO_UNKNOWN) proto = ER_PROTO_OTHER; break;
        default: break;
        }
    }
    pu_ok(pu);
    r.proto = (uint8_t)proto;
    if (active)
        r.flags |= ER_RF_BEST;
    if (have_metric) {
        r.flags |= ER_RF_HAS_METRIC;
        r.metric = metric;
    }
    if (if_s)
        r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, if_s, if_e);
    if (next_as)
        r.as_path = pu_intern_slot(pu, PU_SLOT_ASPATH, as_s, as_e);
    return pu_push(pu, &r);
bad:
    pu_skip(pu, lineno, NULL, s, e);
    return ER_OK;
}

static er_status panos_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    panos_state st;
    memset(&st, 0, sizeof st);
    pu_state *pu = &st.pu;
    pu_init(pu, ctx, buf, len);
    const char *s, *e;
    er_status rc = ER_OK;
    while (rc == ER_OK && pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        if (legend_line(&st, s, e)) {
            pu_ok(pu);
            continue;
        }
        st.in_legend = false;
        const char *ts = s, *te = e;
        sc_trim(&ts, &te);
        if (ts == te || pu_is_pager_line(s, e) || prompt_line(s, e) || vr_line(&st, ts, te) ||
            header_line(&st, s, e) || total_line(&st, ln, ts, te)) {
            pu_ok(pu);
            continue;
        }
        bool rule = true;
        for (const char *c = ts; c < te; c++)
            rule = rule && *c == '=';
        if (rule) {
            pu_ok(pu);
            continue;
        }
        /* a route row starts with its destination prefix */
        const char *p = s, *ds, *de;
        if (s < e && !sc_is_space(*s) && sc_token(&p, e, &ds, &de) &&
            memchr(ds, '/', (size_t)(de - ds)) && pu_addrish(ds, de)) {
            rc = route_line(&st, ln, s, e);
            continue;
        }
        pu_skip(pu, ln, NULL, s, e);
    }
    return rc != ER_OK ? rc : pu_finish(pu);
}

static int panos_detect(const char *buf, size_t len)
{
    const char *end = buf + len;
    bool legend = sc_find(buf, end, "A:active, ?:loose") != NULL;
    bool vr = sc_find(buf, end, "VIRTUAL ROUTER:") != NULL;
    bool hdr = false;
    const char *h = sc_find(buf, end, "destination ");
    if (h) {
        const char *le = memchr(h, '\n', (size_t)(end - h));
        le = le ? le : end;
        hdr = sc_find(h, le, "nexthop") && sc_find(h, le, "flags") && sc_find(h, le, "next-AS");
    }
    if (hdr && (vr || legend))
        return 90;
    if (legend && vr)
        return 80;
    if (hdr)
        return 60;
    return 0;
}

const er_parser er_parser_panos = {
    "panos-route",
    "Palo Alto PAN-OS show routing route (virtual routers)",
    "'flags: A:active, ?:loose' legend, 'VIRTUAL ROUTER:' and 'destination nexthop ... next-AS'",
    panos_detect,
    panos_parse,
};
