/* MRT RIB dumps as printed by bgpdump -m, -M and -vm: one route per TABLE_DUMP line.
 *
 * How it works: every line is split on '|' into at most MAX_FIELDS fields, without
 * copying. TABLE_DUMP, TABLE_DUMP2 and TABLE_DUMP2_AP lines ("B" = RIB entry) become
 * routes: prefix (field 6), AS path (7), origin (8), next hop (9), local pref (10),
 * MED (11), communities (12); the _AP form has a path id after the prefix, which
 * shifts the rest by one. Field 4 is the peer that sent the path: it is validated but
 * the route's next hop is field 9. BGP4MP and BGP4MP_ET lines (A announce, W withdraw,
 * STATE) are updates, not a table: they are validated and counted as understood but
 * add no route; one note says how many were seen.
 *
 * A RIB from a route collector holds one path per peer for each prefix and bgpdump
 * prints no best-path mark, so the parser picks one with a documented rule: the path
 * with the fewest AS hops (an AS_SET counts one, confederation segments count zero) is
 * best; on a tie the first one in file order stays best. An open-addressing map from
 * prefix to its current best route index (allocated once per file, doubled when half
 * full) lets a later, shorter path take the flag from the earlier one wherever the
 * two lines are in the file. */
#include <stdlib.h>
#include <string.h>

#include "routes/parse_util.h"

#define MAX_FIELDS 18

typedef struct field {
    const char *s, *e;
} field;

/* prefix -> index of its best route so far, and that route's AS path length */
typedef struct best_slot {
    uint32_t route_plus1; /* 0 = empty */
    uint32_t hops;
} best_slot;

typedef struct best_map {
    best_slot *slots;
    size_t cap, used; /* cap is a power of two */
} best_map;

static size_t hash_prefix(const er_prefix *p)
{
    uint64_t h = (uint64_t)p->addr ^ ((uint64_t)(p->addr >> 64) * 0x9E3779B97F4A7C15u);
    h ^= ((uint64_t)p->len << 8 | p->family) * 0xC2B2AE3D27D4EB4Fu;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9u;
    h ^= h >> 29;
    return (size_t)h;
}

static bool same_prefix(const er_prefix *a, const er_prefix *b)
{
    return a->family == b->family && a->len == b->len && a->addr == b->addr;
}

/* Slot of prefix p (existing or the empty one where it would go). */
static best_slot *map_find(best_map *m, er_rtable *t, const er_prefix *p)
{
    size_t mask = m->cap - 1, i = hash_prefix(p) & mask;
    for (;;) {
        best_slot *sl = &m->slots[i];
        if (!sl->route_plus1)
            return sl;
        if (same_prefix(&er_rtable_get(t, sl->route_plus1 - 1)->prefix, p))
            return sl;
        i = (i + 1) & mask;
    }
}

static bool map_grow(best_map *m, er_rtable *t)
{
    size_t nc = m->cap ? m->cap * 2 : 1024;
    best_slot *old = m->slots;
    size_t oc = m->cap;
    m->slots = calloc(nc, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return false;
    }
    m->cap = nc;
    for (size_t i = 0; i < oc; i++) {
        if (!old[i].route_plus1)
            continue;
        best_slot *sl = map_find(m, t, &er_rtable_get(t, old[i].route_plus1 - 1)->prefix);
        *sl = old[i];
    }
    free(old);
    return true;
}

/* Split [s,e) on '|'. Returns the field count, or MAX_FIELDS + 1 if there are more. */
static size_t split(const char *s, const char *e, field *f)
{
    size_t n = 0;
    for (;;) {
        const char *bar = memchr(s, '|', (size_t)(e - s));
        if (n == MAX_FIELDS)
            return MAX_FIELDS + 1;
        f[n].s = s;
        f[n].e = bar ? bar : e;
        n++;
        if (!bar)
            return n;
        s = bar + 1;
    }
}

/* -m prints seconds ("1277942400", "1445565678.509481" for _ET); -M prints
 * "07/01/10 07:59:59" (optionally with fractional seconds). */
static bool valid_time(const char *s, const char *e)
{
    const char *dot = memchr(s, '.', (size_t)(e - s));
    if (pu_digits(s, dot ? dot : e))
        return !dot || pu_digits(dot + 1, e);
    static const char shape[] = "dd/dd/dd dd:dd:dd";
    size_t n = sizeof shape - 1;
    if ((size_t)(e - s) < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (shape[i] == 'd' ? !sc_is_digit(s[i]) : s[i] != shape[i])
            return false;
    }
    return s + n == e || (s[n] == '.' && pu_digits(s + n + 1, e));
}

/* An AS number: asplain, or asdot "1.10". */
static bool valid_asn(const char *s, const char *e)
{
    uint32_t v;
    const char *dot = memchr(s, '.', (size_t)(e - s));
    if (!dot)
        return sc_u32(s, e, &v);
    uint32_t lo;
    return sc_u32(s, dot, &v) && v <= 65535 && sc_u32(dot + 1, e, &lo) && lo <= 65535;
}

/* Validate an AS path ("1853 1239 {80,81} (65001 65002)") and count its hops for the
 * best-path rule. False if it holds anything else. */
static bool as_path_hops(const char *s, const char *e, uint32_t *hops)
{
    uint32_t n = 0;
    const char *p = s;
    for (;;) {
        p = sc_skip_ws(p, e);
        if (p >= e)
            break;
        char open = *p;
        if (open == '{' || open == '(' || open == '[') {
            char close = open == '{' ? '}' : open == '(' ? ')' : ']';
            const char *q = memchr(p, close, (size_t)(e - p));
            if (!q || q == p + 1)
                return false;
            /* members: ASNs separated by ',' (sets) or ' ' (confederation sequences) */
            const char *m = p + 1;
            while (m < q) {
                const char *t = m;
                while (t < q && *t != ',' && *t != ' ')
                    t++;
                if (!valid_asn(m, t))
                    return false;
                m = t < q ? t + 1 : t;
            }
            if (open == '{' || open == '[')
                n++; /* AS_SET / AS_CONFED_SET would be "[..]": one hop like a set */
            p = q + 1;
            continue;
        }
        const char *t = p;
        while (t < e && !sc_is_space(*t))
            t++;
        if (!valid_asn(p, t))
            return false;
        n++;
        p = t;
    }
    *hops = n;
    return true;
}

static bool valid_origin(const char *s, const char *e)
{
    return sc_eq(s, e, "IGP") || sc_eq(s, e, "EGP") || sc_eq(s, e, "INCOMPLETE");
}

/* Communities: printable text without '|' (standard "a:b", large "a:b:c", well-known
 * names such as "no-export"). */
static bool valid_text(const char *s, const char *e)
{
    for (; s < e; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

typedef struct bgpdump_state {
    pu_state pu;
    best_map map;
    uint64_t announces, withdraws, states;
} bgpdump_state;

/* The fields every entry starts with (time, peer address, peer AS): NULL, or what is
 * wrong with the field *bad. */
static const char *entry_head(const field *f, const field **bad)
{
    er_prefix peer;
    if (!valid_time(f[1].s, f[1].e))
        return *bad = &f[1], "bad timestamp";
    if (!pu_addr(f[3].s, f[3].e, &peer))
        return *bad = &f[3], "bad peer address";
    if (!valid_asn(f[4].s, f[4].e))
        return *bad = &f[4], "bad peer as";
    return NULL;
}

/* One TABLE_DUMP* line split into f[0..n). */
static er_status rib_line(bgpdump_state *st, uint32_t lineno, const char *ls, const char *le,
                          const field *f, size_t n, bool addpath)
{
    pu_state *pu = &st->pu;
    size_t o = addpath ? 1 : 0;
    /* 14 fields, or 15 with the empty one after bgpdump's trailing '|' */
    if (n != 14 + o && !(n == 15 + o && f[14 + o].s == f[14 + o].e)) {
        pu_error(pu, lineno, pu_col(ls, ls), "wrong number of fields in rib entry", ls, le);
        return ER_OK;
    }
    const field *bad = NULL;
    const char *what = entry_head(f, &bad);
    er_prefix nh;
    uint32_t u, hops = 0, locpref = 0, med = 0;
    if (!what) {
        if (addpath && !sc_u32(f[6].s, f[6].e, &u))
            what = "bad path id", bad = &f[6];
        else if (!as_path_hops(f[6 + o].s, f[6 + o].e, &hops))
            what = "bad as path", bad = &f[6 + o];
        else if (!valid_origin(f[7 + o].s, f[7 + o].e))
            what = "bad origin", bad = &f[7 + o];
        else if (!pu_addr(f[8 + o].s, f[8 + o].e, &nh))
            what = "bad next hop", bad = &f[8 + o];
        else if (!sc_u32(f[9 + o].s, f[9 + o].e, &locpref))
            what = "bad local preference", bad = &f[9 + o];
        else if (!sc_u32(f[10 + o].s, f[10 + o].e, &med))
            what = "bad med", bad = &f[10 + o];
        else if (!valid_text(f[11 + o].s, f[11 + o].e))
            what = "bad communities", bad = &f[11 + o];
        else if (!sc_eq(f[12 + o].s, f[12 + o].e, "AG") && !sc_eq(f[12 + o].s, f[12 + o].e, "NAG"))
            what = "bad atomic aggregate", bad = &f[12 + o];
    }
    er_route r;
    pu_route_init(&r, lineno);
    if (!what && pu_prefix(pu, lineno, pu_col(ls, f[5].s), f[5].s, f[5].e, true, &r.prefix,
                           &r.flags) != ER_ADDR_OK)
        what = "bad prefix", bad = &f[5];
    if (what) {
        pu_error(pu, lineno, pu_col(ls, bad->s), what, bad->s, bad->e);
        return ER_OK;
    }
    pu_ok(pu);
    if (!pu->vrf_keep) /* a dump has no VRF: it is the default one */
        return ER_OK;
    r.proto = ER_PROTO_BGP;
    pu_set_nh(&r, &nh);
    r.flags |= ER_RF_HAS_LOCPREF | ER_RF_HAS_METRIC;
    r.locpref = locpref;
    r.metric = med;
    r.as_path = pu_intern_slot(pu, PU_SLOT_ASPATH, f[6 + o].s, f[6 + o].e);
    r.communities = pu_intern_slot(pu, PU_SLOT_COMM, f[11 + o].s, f[11 + o].e);
    if (pu->nomem)
        return ER_ERR_NOMEM;

    er_rtable *t = pu->ctx->table;
    size_t idx = er_rtable_count(t);
    if (idx >= UINT32_MAX - 1)
        return ER_ERR_NOMEM;
    if ((st->map.used + 1) * 2 > st->map.cap && !map_grow(&st->map, t))
        return ER_ERR_NOMEM;
    best_slot *sl = map_find(&st->map, t, &r.prefix);
    bool take = !sl->route_plus1 || hops < sl->hops;
    if (take)
        r.flags |= ER_RF_BEST;
    er_status rc = pu_push(pu, &r);
    if (rc != ER_OK)
        return rc;
    if (take) {
        if (sl->route_plus1) {
            er_rtable_at(t, sl->route_plus1 - 1)->flags &= (uint8_t)~ER_RF_BEST;
            pu->ctx->stats->best--;
        } else {
            st->map.used++;
        }
        sl->route_plus1 = (uint32_t)idx + 1;
        sl->hops = hops;
    }
    return ER_OK;
}

/* One BGP4MP* line: an update or a session state change. */
static void update_line(bgpdump_state *st, uint32_t lineno, const char *ls, const char *le,
                        const field *f, size_t n, bool plain)
{
    pu_state *pu = &st->pu;
    er_prefix pfx;
    uint8_t flags = 0;
    const field *bad = NULL;
    const char *what = entry_head(f, &bad);
    if (!what) {
        if (sc_eq(f[2].s, f[2].e, "STATE")) {
            uint32_t a, b;
            if (n != 7 || !sc_u32(f[5].s, f[5].e, &a) || !sc_u32(f[6].s, f[6].e, &b))
                what = "bad state change", bad = &f[2];
            else
                st->states++;
        } else if (sc_eq(f[2].s, f[2].e, "W") || sc_eq(f[2].s, f[2].e, "A")) {
            bool w = f[2].s[0] == 'W';
            /* the add-path variants carry a path id; only the plain forms are checked field
             * by field */
            if (plain && (w ? n != 6 : n != 14 && !(n == 15 && f[14].s == f[14].e)))
                what = "wrong number of fields in update", bad = &f[2];
            else if (plain && pu_prefix(pu, lineno, pu_col(ls, f[5].s), f[5].s, f[5].e, true, &pfx,
                                        &flags) != ER_ADDR_OK)
                what = "bad prefix", bad = &f[5];
            else if (w)
                st->withdraws++;
            else
                st->announces++;
        } else {
            what = "unknown bgp4mp entry", bad = &f[2];
        }
    }
    if (what) {
        pu_error(pu, lineno, pu_col(ls, bad->s), what, ls, le);
        return;
    }
    pu_ok(pu);
}

static er_status bgpdump_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    bgpdump_state st;
    memset(&st, 0, sizeof st);
    pu_state *pu = &st.pu;
    pu_init(pu, ctx, buf, len);
    er_status rc = ER_OK;
    const char *s, *e;
    field f[MAX_FIELDS];
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        if (s == e) {
            pu_ok(pu);
            continue;
        }
        size_t n = split(s, e, f);
        if (n < 6 || n > MAX_FIELDS) {
            pu_skip(pu, ln, NULL, s, e);
            continue;
        }
        const field *ty = &f[0];
        if (sc_eq(ty->s, ty->e, "TABLE_DUMP") || sc_eq(ty->s, ty->e, "TABLE_DUMP2") ||
            sc_eq(ty->s, ty->e, "TABLE_DUMP2_AP") || sc_eq(ty->s, ty->e, "TABLE_DUMP_AP")) {
            if (!sc_eq(f[2].s, f[2].e, "B")) {
                pu_skip(pu, ln, NULL, s, e);
                continue;
            }
            bool ap = ty->e - ty->s > 3 && memcmp(ty->e - 3, "_AP", 3) == 0;
            rc = rib_line(&st, ln, s, e, f, n, ap);
            if (rc != ER_OK)
                break;
        } else if (sc_starts(ty->s, ty->e, "BGP4MP")) {
            bool plain = sc_eq(ty->s, ty->e, "BGP4MP") || sc_eq(ty->s, ty->e, "BGP4MP_ET");
            update_line(&st, ln, s, e, f, n, plain);
        } else {
            pu_skip(pu, ln, NULL, s, e);
        }
    }
    free(st.map.slots);
    if (rc != ER_OK)
        return rc;
    if (st.announces || st.withdraws)
        pu_diag(pu, ER_DIAG_NOTE, 0, 0,
                "%llu bgp4mp announcements and %llu withdrawals are updates, not rib "
                "entries: no routes taken from them",
                (unsigned long long)st.announces, (unsigned long long)st.withdraws);
    return pu_finish(pu);
}

/* The first non-blank line decides: a known entry type, a time, then B/A/W/STATE. */
static int bgpdump_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e)) {
        if (pu_is_blank(s, e))
            continue;
        field f[MAX_FIELDS];
        size_t n = split(s, e, f);
        if (n < 6 || n > MAX_FIELDS || !valid_time(f[1].s, f[1].e))
            return 0;
        bool rib = sc_starts(f[0].s, f[0].e, "TABLE_DUMP") && sc_eq(f[2].s, f[2].e, "B");
        bool upd = sc_starts(f[0].s, f[0].e, "BGP4MP") &&
                   (sc_eq(f[2].s, f[2].e, "A") || sc_eq(f[2].s, f[2].e, "W") ||
                    sc_eq(f[2].s, f[2].e, "STATE"));
        return rib || upd ? 95 : 0;
    }
    return 0;
}

const er_parser er_parser_bgpdump = {
    "bgpdump",
    "MRT RIB dump as bgpdump -m / -M / -vm one-line output (TABLE_DUMP, TABLE_DUMP2)",
    "lines 'TABLE_DUMP2|<time>|B|peer|as|prefix|path|...' (BGP4MP updates are read, not added)",
    bgpdump_detect,
    bgpdump_parse,
};
