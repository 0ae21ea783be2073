/* BIRD `show route` and `show route all`, versions 1.x, 2.x and 3.x ("bird").
 *
 * How it works: a line starting in column 1 with a prefix opens a route entry; an indented
 * line whose first word is a route kind and that carries a "[protocol ...]" block opens an
 * alternative entry for the same prefix. An entry line reads
 *   [PREFIX] (via ADDR on IF | dev IF | blackhole | unreachable | prohibited | multipath |
 *             unicast) [PROTO DATE [from ADDR]] [*] [OSPF-TYPE] (PREF[/METRIC...]) [INFO]
 * '*' marks the best (exported, forwarding) entry. 1.x prints the next hop on the entry
 * line; 2.x/3.x (and 1.x multipath) print it on following indented "via ADDR on IF" or
 * "dev IF" lines, each of which adds one route. `all` adds indented "key: value" attribute
 * lines (1.x/2.x "BGP.as_path", 3.x "bgp_path", ...) that apply to every route of the open
 * entry: the routes are patched when the entry closes, so strings are interned once per
 * entry. Communities "(a,b)" become "a:b", large communities "(a, b, c)" become "a:b:c";
 * extended communities are not kept. "Table NAME:" headers set the VRF (master, master4
 * and master6 are the default VRF). BIRD's preference is not an admin distance and is not
 * stored; the metric after it is kept when numeric. */
#include "erready/routes.h"

#include <stdlib.h>
#include <string.h>

#include "routes/parse_util.h"

typedef struct bentry {
    bool open;
    size_t first; /* index of the entry's first route in the table */
    bool has_prefix;
    er_prefix prefix;
    uint8_t pflags;    /* host-bit flag of the prefix */
    bool best;
    bool wanted;       /* passes the VRF filter */
    bool discard;
    bool want_nh;      /* multipath/unicast: next hops follow */
    bool got_nh;
    er_proto proto;
    uint32_t line;
    uint32_t metric;
    bool has_metric;
    /* From attribute lines (pointers into the input). */
    const char *aspath, *aspath_e;
    uint32_t locpref;
    bool has_locpref;
    uint32_t med;
    bool has_med;
    int comm_state; /* 0 none, 1 reading communities (continuation lines append) */
} bentry;

typedef struct bstate {
    pu_state pu;
    char *comm;
    size_t comm_len, comm_cap;
} bstate;

static bool comm_append(bstate *b, const char *s, size_t n)
{
    if (b->comm_len + n + 1 > b->comm_cap) {
        size_t cap = b->comm_cap ? b->comm_cap * 2 : 256;
        while (cap < b->comm_len + n + 1)
            cap *= 2;
        char *nb = realloc(b->comm, cap);
        if (!nb) {
            b->pu.nomem = true;
            return false;
        }
        b->comm = nb;
        b->comm_cap = cap;
    }
    memcpy(b->comm + b->comm_len, s, n);
    b->comm_len += n;
    return true;
}

/* Append "(a,b)" and "(a, b, c)" groups of [s,e) as "a:b" / "a:b:c". Returns false when
 * the text is not a list of such groups. */
static bool read_communities(bstate *b, const char *s, const char *e)
{
    const char *p = s;
    for (;;) {
        p = sc_skip_ws(p, e);
        if (p >= e)
            return true;
        if (*p != '(')
            return false;
        const char *q = memchr(p, ')', (size_t)(e - p));
        if (!q)
            return false;
        char tmp[64];
        size_t n = 0;
        int parts = 0;
        const char *t = p + 1;
        while (t < q) {
            t = sc_skip_ws(t, q);
            const char *ns = t;
            while (t < q && sc_is_digit(*t))
                t++;
            if (t == ns)
                return false;
            if (n + (size_t)(t - ns) + 2 > sizeof tmp)
                return false;
            if (parts++)
                tmp[n++] = ':';
            memcpy(tmp + n, ns, (size_t)(t - ns));
            n += (size_t)(t - ns);
            t = sc_skip_ws(t, q);
            if (t < q) {
                if (*t != ',')
                    return false;
                t++;
            }
        }
        if (parts < 2 || parts > 3)
            return false;
        if (b->comm_len && !comm_append(b, " ", 1))
            return false;
        if (!comm_append(b, tmp, n))
            return false;
        p = q + 1;
    }
}

static er_proto proto_from_name(const char *s, const char *e)
{
    /* Protocol instance names are free; common prefixes tell the protocol. */
    struct {
        const char *w;
        er_proto p;
    } m[] = {{"bgp", ER_PROTO_BGP},       {"static", ER_PROTO_STATIC},
             {"ospf", ER_PROTO_OSPF},     {"kernel", ER_PROTO_KERNEL},
             {"direct", ER_PROTO_CONNECTED}, {"device", ER_PROTO_CONNECTED},
             {"rip", ER_PROTO_RIP},       {"babel", ER_PROTO_OTHER}};
    char low[8];
    size_t n = (size_t)(e - s) < sizeof low ? (size_t)(e - s) : sizeof low;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    for (size_t i = 0; i < ER_ARRAY_LEN(m); i++) {
        size_t l = strlen(m[i].w);
        if (n >= l && memcmp(low, m[i].w, l) == 0)
            return m[i].p;
    }
    return ER_PROTO_UNKNOWN;
}

/* Close the open entry: push a route if none was added, then patch attributes. */
static er_status close_entry(bstate *b, bentry *en)
{
    if (!en->open)
        return ER_OK;
    en->open = false;
    pu_state *pu = &b->pu;
    if (!en->wanted) {
        b->comm_len = 0;
        return ER_OK;
    }
    if (!en->got_nh) {
        /* "unicast"/"multipath" without next-hop lines: a route without next hop. */
        er_route r;
        pu_route_init(&r, en->line);
        r.prefix = en->prefix;
        r.flags = en->pflags | (en->best ? ER_RF_BEST : 0) | (en->discard ? ER_RF_DISCARD : 0);
        er_status st = pu_push(pu, &r);
        if (st != ER_OK)
            return st;
    }
    er_strref asp = {0, 0}, comm = {0, 0};
    if (en->aspath)
        asp = pu_intern_slot(pu, PU_SLOT_ASPATH, en->aspath, en->aspath_e);
    if (b->comm_len)
        comm = pu_intern_slot(pu, PU_SLOT_COMM, b->comm, b->comm + b->comm_len);
    b->comm_len = 0;
    if (pu->nomem)
        return ER_ERR_NOMEM;
    er_rtable *t = pu->ctx->table;
    size_t n = er_rtable_count(t);
    for (size_t i = en->first; i < n; i++) {
        er_route *r = er_rtable_at(t, i);
        r->as_path = asp;
        r->communities = comm;
        r->proto = (uint8_t)(en->proto ? en->proto : ER_PROTO_OTHER);
        if (en->has_locpref) {
            r->locpref = en->locpref;
            r->flags |= ER_RF_HAS_LOCPREF;
        }
        if (en->has_med) {
            r->metric = en->med;
            r->flags |= ER_RF_HAS_METRIC;
        } else if (en->has_metric) {
            r->metric = en->metric;
            r->flags |= ER_RF_HAS_METRIC;
        }
    }
    return ER_OK;
}

/* "via ADDR on IF [weight N] [mpls ...] [onlink]" or "dev IF": push one route. *bad set
 * on an invalid address (error). Returns false if the text is not a next hop. */
static bool read_nexthop(bstate *b, bentry *en, uint32_t ln, const char *lbeg, const char **pp,
                         const char *e, bool *bad, er_status *st)
{
    pu_state *pu = &b->pu;
    const char *p = *pp, *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    er_route r;
    pu_route_init(&r, en->line);
    r.prefix = en->prefix;
    r.flags = en->pflags;
    const char *ifs = NULL, *ife = NULL;
    if (sc_eq(ts, te, "via")) {
        const char *as, *ae;
        if (!sc_token(&p, e, &as, &ae))
            return false;
        er_prefix g;
        er_addr_err err = pu_addr_err(as, ae, &g);
        if (err != ER_ADDR_OK) {
            pu_bad_addr(pu, ln, pu_col(lbeg, as), "next hop", err, as, ae);
            *bad = true;
            return true;
        }
        pu_set_nh(&r, &g);
        const char *save = p;
        if (sc_token(&p, e, &ts, &te) && sc_eq(ts, te, "on")) {
            if (!sc_token(&p, e, &ifs, &ife))
                return false;
        } else {
            p = save;
        }
    } else if (sc_eq(ts, te, "dev")) {
        if (!sc_token(&p, e, &ifs, &ife))
            return false;
    } else {
        return false;
    }
    /* Optional trailing next-hop options. */
    for (;;) {
        const char *save = p;
        if (!sc_token(&p, e, &ts, &te))
            break;
        if (sc_eq(ts, te, "weight") || sc_eq(ts, te, "mpls")) {
            if (!sc_token(&p, e, &ts, &te))
                return false;
        } else if (sc_eq(ts, te, "onlink")) {
        } else {
            p = save;
            break;
        }
    }
    if (sc_skip_ws(p, e) != e)
        return false; /* trailing text: the caller skips the line, nothing is added */
    *pp = p;
    en->got_nh = true;
    if (!en->wanted)
        return true;
    if (ifs)
        r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ifs, ife);
    if (en->best)
        r.flags |= ER_RF_BEST;
    *st = pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &r);
    return true;
}

/* Read "[PROTO ...] [*] [TYPE] (PREF[/M...]) [INFO]" from *pp. */
static bool read_tail(bentry *en, const char *p, const char *e)
{
    p = sc_skip_ws(p, e);
    if (p >= e || *p != '[')
        return false;
    const char *q = memchr(p, ']', (size_t)(e - p));
    if (!q)
        return false;
    const char *ns = p + 1, *ne = ns;
    while (ne < q && !sc_is_space(*ne))
        ne++;
    if (ne == ns)
        return false;
    if (!en->proto)
        en->proto = proto_from_name(ns, ne);
    p = sc_skip_ws(q + 1, e);
    if (p < e && *p == '*') {
        en->best = true;
        p = sc_skip_ws(p + 1, e);
    }
    /* OSPF route type ("I", "IA", "E1", "E2", "N1"...). */
    if (p < e && *p != '(') {
        const char *ts = p;
        while (p < e && !sc_is_space(*p))
            p++;
        if (p - ts > 3)
            return false;
        p = sc_skip_ws(p, e);
    }
    if (p >= e || *p != '(')
        return false;
    q = memchr(p, ')', (size_t)(e - p));
    if (!q)
        return false;
    const char *ps = p + 1, *pe = ps;
    while (pe < q && sc_is_digit(*pe))
        pe++;
    uint32_t pref;
    if (!sc_u32(ps, pe, &pref))
        return false;
    if (pe < q) {
        if (*pe != '/')
            return false;
        const char *ms = pe + 1, *me = ms;
        while (me < q && *me != '/')
            me++;
        if (sc_u32(ms, me, &en->metric))
            en->has_metric = true;
        else if (!sc_eq(ms, me, "?"))
            return false;
    }
    p = sc_skip_ws(q + 1, e);
    if (p < e) {
        if (*p != '[')
            return false;
        q = memchr(p, ']', (size_t)(e - p));
        if (!q)
            return false;
        if (sc_starts(p, q, "[AS") && !en->proto)
            en->proto = ER_PROTO_BGP;
        p = sc_skip_ws(q + 1, e);
    }
    return p == e;
}

enum kind { K_NONE, K_VIA, K_DEV, K_DISCARD, K_WAIT };

static enum kind kind_of(const char *s, const char *e)
{
    if (sc_eq(s, e, "via"))
        return K_VIA;
    if (sc_eq(s, e, "dev"))
        return K_DEV;
    if (sc_eq(s, e, "blackhole") || sc_eq(s, e, "unreachable") || sc_eq(s, e, "prohibited"))
        return K_DISCARD;
    if (sc_eq(s, e, "multipath") || sc_eq(s, e, "unicast"))
        return K_WAIT;
    return K_NONE;
}

/* Start an entry from text p (after the prefix, or the indented alternative). */
static bool start_entry(bstate *b, bentry *en, const er_prefix *pf, uint8_t pflags,
                        uint32_t ln, const char *lbeg, const char *p, const char *e, bool *bad,
                        er_status *st)
{
    const char *q = p, *ts, *te;
    if (!sc_token(&q, e, &ts, &te))
        return false;
    enum kind k = kind_of(ts, te);
    if (k == K_NONE)
        return false;
    bentry n;
    memset(&n, 0, sizeof n);
    n.open = true;
    n.first = er_rtable_count(b->pu.ctx->table);
    n.prefix = *pf;
    n.pflags = pflags;
    n.line = ln;
    n.has_prefix = true;
    n.wanted = b->pu.vrf_keep;
    /* The tail is read first so the best flag is known when routes are pushed. */
    const char *tail = NULL;
    if (k == K_VIA || k == K_DEV) {
        /* Find the '[' that starts the protocol block. */
        tail = memchr(q, '[', (size_t)(e - q));
        if (!tail)
            return false;
    } else {
        tail = q;
        if (k == K_DISCARD)
            n.discard = true;
    }
    if (!read_tail(&n, tail, e))
        return false;
    *en = n;
    if (k == K_VIA || k == K_DEV) {
        const char *np = p;
        if (!read_nexthop(b, en, ln, lbeg, &np, tail, bad, st))
            return false;
        if (*bad)
            return true;
        if (sc_skip_ws(np, tail) != tail)
            return false;
    } else if (k == K_DISCARD) {
        /* Pushed when the entry closes (got_nh stays false). */
    }
    return true;
}

/* A line [s,e) opening an entry at p (text up to te): 1 opened (the line understood), 0
 * not an entry (the line skipped with why), -1 an error was reported or *st stops the
 * parse. */
static int entry_line(bstate *b, bentry *en, const er_prefix *pf, uint8_t pflags, uint32_t ln,
                      const char *s, const char *e, const char *p, const char *te,
                      const char *why, er_status *st)
{
    bool bad = false;
    if (!start_entry(b, en, pf, pflags, ln, s, p, te, &bad, st)) {
        pu_skip(&b->pu, ln, why, s, e);
        return 0;
    }
    if (*st != ER_OK)
        return -1;
    if (bad) {
        en->open = false;
        return -1;
    }
    pu_ok(&b->pu);
    return 1;
}

static bool is_master(const char *s, const char *e)
{
    return sc_eq(s, e, "master") || sc_eq(s, e, "master4") || sc_eq(s, e, "master6");
}

/* An attribute line "key: value" of the open entry. */
static bool read_attr(bstate *b, bentry *en, const char *t, const char *e)
{
    const char *c = t;
    while (c < e && *c != ':' && (*c == '.' || *c == '_' || *c == ' ' || *c == '-' ||
                                  (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                                  sc_is_digit(*c)))
        c++;
    if (c >= e || *c != ':' || c == t)
        return false;
    const char *ks = t, *ke = c;
    const char *v = sc_skip_ws(c + 1, e), *ve = e;
    sc_trim(&v, &ve);
    en->comm_state = 0;
    if (sc_eq(ks, ke, "BGP.as_path") || sc_eq(ks, ke, "bgp_path")) {
        en->aspath = v < ve ? v : NULL;
        en->aspath_e = ve;
    } else if (sc_eq(ks, ke, "BGP.community") || sc_eq(ks, ke, "bgp_community") ||
               sc_eq(ks, ke, "BGP.large_community") || sc_eq(ks, ke, "bgp_large_community")) {
        if (!read_communities(b, v, ve))
            return false;
        en->comm_state = 1;
    } else if (sc_eq(ks, ke, "BGP.local_pref") || sc_eq(ks, ke, "bgp_local_pref")) {
        if (!sc_u32(v, ve, &en->locpref))
            return false;
        en->has_locpref = true;
    } else if (sc_eq(ks, ke, "BGP.med") || sc_eq(ks, ke, "bgp_med")) {
        if (!sc_u32(v, ve, &en->med))
            return false;
        en->has_med = true;
    } else if (sc_eq(ks, ke, "Type") || sc_eq(ks, ke, "source")) {
        const char *w = v;
        while (w < ve && !sc_is_space(*w) && *w != '-')
            w++;
        er_proto p = pu_proto_word(v, w);
        if (sc_eq(v, w, "device") || sc_eq(v, w, "inherit"))
            p = sc_eq(v, w, "device") ? ER_PROTO_CONNECTED : ER_PROTO_KERNEL;
        if (p != ER_PROTO_OTHER || !en->proto)
            en->proto = p;
    } else if (sc_eq(ks, ke, "BGP.ext_community") || sc_eq(ks, ke, "bgp_ext_community")) {
        en->comm_state = 2; /* continuation lines are ignored */
    }
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    bstate b;
    memset(&b, 0, sizeof b);
    pu_state *pu = &b.pu;
    pu_init(pu, ctx, buf, len);
    bentry en;
    memset(&en, 0, sizeof en);
    er_prefix last_prefix;
    memset(&last_prefix, 0, sizeof last_prefix);
    uint8_t last_pflags = 0;
    bool have_prefix = false;
    er_status st = ER_OK;
    const char *s, *e;
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *t = sc_skip_ws(s, e), *te = e;
        sc_trim(&t, &te);
        if (t == te) {
            pu_ok(pu);
            continue;
        }
        bool indented = sc_is_space(*s);
        if (!indented) {
            if ((st = close_entry(&b, &en)) != ER_OK)
                goto out;
            if (sc_starts(t, te, "BIRD ") && sc_find(t, te, " ready")) {
                pu_ok(pu);
                continue;
            }
            if (sc_starts(t, te, "Table ") && te[-1] == ':') {
                const char *ns = t + 6, *ne = te - 1;
                sc_trim(&ns, &ne);
                if (ns == ne || memchr(ns, ' ', (size_t)(ne - ns))) {
                    pu_skip(pu, ln, "bad table header", s, e);
                    continue;
                }
                pu_set_vrf(pu, ns, is_master(ns, ne) ? ns : ne);
                if (pu->nomem) {
                    st = ER_ERR_NOMEM;
                    goto out;
                }
                have_prefix = false;
                pu_ok(pu);
                continue;
            }
            if (pu_is_prompt_or_noise(s, e) || sc_starts(t, te, "bird>") ||
                sc_starts(t, te, "Access restricted")) {
                pu_ok(pu);
                continue;
            }
            /* A route line: PREFIX then the entry. */
            const char *p = s, *ps = s, *pe = s;
            sc_token(&p, e, &ps, &pe);
            er_prefix pf;
            uint8_t pflags = 0;
            /* 3.x may print the prefix then a tab: the prefix token ends at a blank. */
            er_addr_err err = pu_prefix(pu, ln, pu_col(s, ps), ps, pe, true, &pf, &pflags);
            if (err != ER_ADDR_OK) {
                if (sc_is_digit(*ps) || *ps == ':' || memchr(ps, '/', (size_t)(pe - ps))) {
                    pu_bad_addr(pu, ln, pu_col(s, ps), "prefix", err, ps, pe);
                } else {
                    pu_skip(pu, ln, "not a route line", s, e);
                }
                have_prefix = false;
                continue;
            }
            int k = entry_line(&b, &en, &pf, pflags, ln, s, e, p, te, "route line", &st);
            if (st != ER_OK)
                goto out;
            if (k >= 0) { /* read, or skipped: the prefix of the next alternatives */
                last_prefix = pf;
                last_pflags = pflags;
                have_prefix = k > 0;
            }
            continue;
        }
        /* Indented: alternative entry, next hop, attribute, or community continuation. */
        const char *p = t, *ws = t, *we = t;
        sc_token(&p, te, &ws, &we);
        enum kind k = kind_of(ws, we);
        bool has_block = memchr(t, '[', (size_t)(te - t)) != NULL;
        if (k != K_NONE && has_block) {
            if ((st = close_entry(&b, &en)) != ER_OK)
                goto out;
            if (!have_prefix) {
                pu_skip(pu, ln, "alternative route without a prefix", s, e);
                continue;
            }
            entry_line(&b, &en, &last_prefix, last_pflags, ln, s, e, t, te,
                       "alternative route line", &st);
            if (st != ER_OK)
                goto out;
            continue;
        }
        if (!en.open) {
            pu_skip(pu, ln, "indented line outside a route", s, e);
            continue;
        }
        if (k == K_VIA || k == K_DEV) {
            en.comm_state = 0;
            const char *np = t;
            bool bad = false;
            uint32_t save_line = en.line;
            bool nh_ok = read_nexthop(&b, &en, ln, s, &np, te, &bad, &st);
            en.line = save_line;
            if (st != ER_OK)
                goto out;
            if (bad) {
                continue;
            }
            if (!nh_ok || sc_skip_ws(np, te) != te) {
                pu_skip(pu, ln, "next hop line", s, e);
                continue;
            }
            pu_ok(pu);
            continue;
        }
        if (*t == '(' && en.comm_state) {
            if (en.comm_state == 1 && !read_communities(&b, t, te)) {
                pu_skip(pu, ln, "community continuation", s, e);
                continue;
            }
            pu_ok(pu);
            continue;
        }
        if (read_attr(&b, &en, t, te)) {
            pu_ok(pu);
            continue;
        }
        pu_skip(pu, ln, "attribute line", s, e);
    }
    st = close_entry(&b, &en);
out:
    free(b.comm);
    return st != ER_OK ? st : pu_finish(pu);
}

/* "BIRD x.y ready." banner, or route lines with "[proto ...] * (pref)" shapes. */
static int detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    int n = 0, shaped = 0;
    bool banner = false;
    while (er_lines_next(&it, &s, &e) && n++ < 200) {
        const char *t = sc_skip_ws(s, e);
        if (sc_starts(t, e, "BIRD ") && sc_find(t, e, " ready."))
            banner = true;
        if (sc_starts(t, e, "Table master") && e[-1] == ':')
            banner = true;
        if (sc_find(t, e, " [") && sc_find(t, e, "] ") && sc_find(t, e, " (") &&
            (sc_find(t, e, " unicast [") || (sc_find(t, e, "via ") && sc_find(t, e, " on ")) ||
             sc_find(t, e, " dev ") || sc_find(t, e, "blackhole [") ||
             sc_find(t, e, "unreachable [")))
            shaped++;
    }
    if (banner && shaped)
        return 95;
    if (shaped >= 1)
        return 60;
    return 0;
}

const er_parser er_parser_bird = {
    "bird",
    "BIRD 1.x/2.x/3.x show route [all]",
    "'BIRD x.y ready.' banner, 'Table master4:', lines 'PREFIX ... [proto date] * (pref)'",
    detect,
    parse,
};
