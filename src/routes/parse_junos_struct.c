/* Juniper Junos `show route | display json` ("junos-json") and `| display xml`
 * ("junos-xml").
 *
 * How it works: both forms carry the same schema: route-information / route-table
 * (table-name) / rt (rt-destination [+ rt-prefix-length]) / rt-entry (active-tag,
 * protocol-name, preference, metric, local-preference, as-path, communities/community,
 * nh-type, nh (to, via, selected-next-hop, nh-local-interface)). Each form fills one
 * entry structure (strings as ranges into the input or into cJSON's strings) and a shared
 * emitter turns it into one route per next hop, with the same rules as the text form:
 * tables inet.0/inet6.0 are the default VRF, INSTANCE.inet[6].0 the VRF INSTANCE, other
 * tables are left out (one note each); an entry is active when its active-tag is '*' or
 * '+'; a next hop forwards when its entry is active and it carries selected-next-hop
 * (an entry without next hops, e.g. discard/reject, a lone interface-only next hop and a
 * local interface count as selected; a "to" address without the mark does not).
 * JSON: Junos wraps every value as [{"data": ...}]; an <rpc-reply> wrapper around the
 * JSON text is accepted. XML: the small tokenizer in xml_scan.c; entities inside values
 * are not decoded (route data has none). Line numbers: XML gives the rt-entry line; JSON
 * the line of the rt-destination member (forward search). */
#include "erready/routes.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes/internal.h"
#include "routes/scan.h"
#include "routes/xml_scan.h"

#define JN_MAX_NH 64

typedef struct jrange {
    const char *s, *e;
} jrange;

typedef struct jnh {
    jrange to, via, local_if;
    bool selected;
} jnh;

typedef struct jentry {
    jrange active, proto, pref, metric, locpref, aspath, nhtype;
    jnh nh[JN_MAX_NH];
    int n_nh;
    bool nh_overflow;
    uint32_t line;
} jentry;

typedef struct jwalk {
    er_parse_ctx *ctx;
    bool failed;
    bool table_ok;
    jrange table;
    er_strref vrf;
    const char *vrf_s;
    size_t vrf_len;
    jrange dest, plen;
    /* Communities of the current entry, space-joined (one buffer reused per file). */
    char *comm;
    size_t comm_len, comm_cap;
    bool nomem;
} jwalk;

static void rtrim_range(jrange *r)
{
    if (!r->s)
        return;
    while (r->s < r->e && (sc_is_space(*r->s) || *r->s == '\n' || *r->s == '\r'))
        r->s++;
    while (r->e > r->s && (sc_is_space(r->e[-1]) || r->e[-1] == '\n' || r->e[-1] == '\r'))
        r->e--;
}

static bool comm_add(jwalk *w, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    if (w->comm_len + n + 2 > w->comm_cap) {
        size_t cap = w->comm_cap ? w->comm_cap * 2 : 256;
        while (cap < w->comm_len + n + 2)
            cap *= 2;
        char *nb = realloc(w->comm, cap);
        if (!nb) {
            w->nomem = true;
            return false;
        }
        w->comm = nb;
        w->comm_cap = cap;
    }
    if (w->comm_len)
        w->comm[w->comm_len++] = ' ';
    memcpy(w->comm + w->comm_len, s, n);
    w->comm_len += n;
    return true;
}

/* A new route table: decide whether it is read and which VRF it is. */
static void set_table(jwalk *w, const char *s, const char *e)
{
    jrange r = {s, e};
    rtrim_range(&r);
    w->table = r;
    size_t n = (size_t)(r.e - r.s);
    const char *suf = NULL;
    if (n >= 6 && memcmp(r.e - 6, "inet.0", 6) == 0)
        suf = r.e - 6;
    else if (n >= 7 && memcmp(r.e - 7, "inet6.0", 7) == 0)
        suf = r.e - 7;
    w->table_ok = suf && (suf == r.s || (suf[-1] == '.' && suf - 1 > r.s));
    w->vrf = (er_strref){0, 0};
    w->vrf_s = "";
    w->vrf_len = 0;
    if (!w->table_ok) {
        /* Quote the name up to a control character (a message is one line), at most 72. */
        size_t shown = 0;
        while (shown < n && shown < 72 && (unsigned char)r.s[shown] >= 0x20)
            shown++;
        er_diags_add(w->ctx->diags, ER_DIAG_NOTE, w->ctx->path, 0, 0,
                     "table %.*s%s is not a unicast forwarding table; its routes are not read",
                     (int)shown, r.s, shown < n ? "..." : "");
        return;
    }
    if (suf != r.s) {
        bool ok = true;
        w->vrf = er_routes_intern(w->ctx, r.s, (size_t)(suf - 1 - r.s), &ok);
        if (!ok)
            w->nomem = true;
        w->vrf_s = r.s;
        w->vrf_len = (size_t)(suf - 1 - r.s);
    }
}

static er_proto jproto(const jrange *p)
{
    if (!p->s)
        return ER_PROTO_UNKNOWN;
    if (sc_eq(p->s, p->e, "Direct"))
        return ER_PROTO_CONNECTED;
    if (sc_eq(p->s, p->e, "Local"))
        return ER_PROTO_LOCAL;
    if (sc_eq(p->s, p->e, "OSPF") || sc_eq(p->s, p->e, "OSPF3"))
        return ER_PROTO_OSPF;
    if (sc_eq(p->s, p->e, "IS-IS"))
        return ER_PROTO_ISIS;
    if (sc_eq(p->s, p->e, "Aggregate") || sc_eq(p->s, p->e, "Access-internal"))
        return ER_PROTO_STATIC;
    return er_routes_proto_word(p->s, p->e);
}

/* Emit the routes of one entry. */
static er_status emit_entry(jwalk *w, jentry *en)
{
    er_parse_ctx *ctx = w->ctx;
    if (!w->table_ok) {
        w->comm_len = 0;
        return ER_OK;
    }
    jrange d = w->dest, pl = w->plen, act = en->active;
    rtrim_range(&d);
    rtrim_range(&pl);
    rtrim_range(&act);
    if (!d.s || d.s == d.e) {
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, en->line, 0,
                     "not understood: rt-entry without rt-destination");
        w->comm_len = 0;
        return ER_OK;
    }
    /* Destination: "10.0.0.0/8", or "10.0.0.0" with rt-prefix-length. */
    char buf[80];
    const char *ps = d.s, *pe = d.e;
    if (pl.s && pl.s < pl.e && !memchr(d.s, '/', (size_t)(d.e - d.s))) {
        int n = snprintf(buf, sizeof buf, "%.*s/%.*s", (int)(d.e - d.s), d.s,
                         (int)(pl.e - pl.s), pl.s);
        if (n <= 0 || (size_t)n >= sizeof buf) {
            er_routes_bad_addr(ctx, en->line, NULL, d.s, d.e, "destination", ER_ADDR_BAD);
            w->failed = true;
            w->comm_len = 0;
            return ER_OK;
        }
        ps = buf;
        pe = buf + n;
    }
    er_prefix pf;
    uint8_t pfl = 0;
    er_addr_err err = er_routes_prefix(ctx, en->line, NULL, ps, pe, true, &pf, &pfl);
    if (err != ER_ADDR_OK) {
        er_routes_bad_addr(ctx, en->line, NULL, ps, pe, "destination", err);
        w->failed = true;
        w->comm_len = 0;
        return ER_OK;
    }
    if (!er_routes_vrf_wanted(ctx, w->vrf_s, w->vrf_len)) {
        w->comm_len = 0;
        return ER_OK;
    }
    bool active = act.s && act.s < act.e && (*act.s == '*' || *act.s == '+');
    er_route base;
    memset(&base, 0, sizeof base);
    base.prefix = pf;
    base.flags = pfl;
    base.proto = (uint8_t)jproto(&en->proto);
    jrange r = en->pref;
    rtrim_range(&r);
    if (r.s && sc_u32(r.s, r.e, &base.distance))
        base.flags |= ER_RF_HAS_DISTANCE;
    r = en->metric;
    rtrim_range(&r);
    if (r.s && sc_u32(r.s, r.e, &base.metric))
        base.flags |= ER_RF_HAS_METRIC;
    r = en->locpref;
    rtrim_range(&r);
    if (r.s && sc_u32(r.s, r.e, &base.locpref))
        base.flags |= ER_RF_HAS_LOCPREF;
    bool ok = true;
    /* AS path: "AS path: 6939 4637 I" (detail) or "6939 4637 I" (brief). */
    r = en->aspath;
    rtrim_range(&r);
    if (r.s && r.s < r.e) {
        if (sc_starts(r.s, r.e, "AS path:"))
            r.s += 8;
        const char *c = sc_find(r.s, r.e, ",");
        if (c)
            r.e = c;
        const char *nl = memchr(r.s, '\n', (size_t)(r.e - r.s));
        if (nl)
            r.e = nl;
        rtrim_range(&r);
        const char *t = r.e;
        while (t > r.s && t[-1] != ' ')
            t--;
        if (sc_eq(t, r.e, "I") || sc_eq(t, r.e, "E") || sc_eq(t, r.e, "?")) {
            r.e = t;
            rtrim_range(&r);
        }
        if (r.s < r.e)
            base.as_path = er_routes_intern(ctx, r.s, (size_t)(r.e - r.s), &ok);
    }
    if (w->comm_len)
        base.communities = er_routes_intern(ctx, w->comm, w->comm_len, &ok);
    w->comm_len = 0;
    base.vrf = w->vrf;
    if (!ok)
        return ER_ERR_NOMEM;
    jrange nt = en->nhtype;
    rtrim_range(&nt);
    bool discard = nt.s && (sc_eq(nt.s, nt.e, "Discard") || sc_eq(nt.s, nt.e, "Reject"));
    if (discard)
        base.flags |= ER_RF_DISCARD;
    if (en->nh_overflow)
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, en->line, 0,
                     "more than %d next hops; the others are not read", JN_MAX_NH);
    if (en->n_nh == 0) {
        if (active)
            base.flags |= ER_RF_BEST;
        return er_routes_push(ctx, &base, en->line);
    }
    for (int i = 0; i < en->n_nh; i++) {
        jnh *h = &en->nh[i];
        er_route x = base;
        jrange to = h->to, via = h->via, lif = h->local_if;
        rtrim_range(&to);
        rtrim_range(&via);
        rtrim_range(&lif);
        if (to.s && to.s < to.e) {
            er_prefix g;
            if (!er_routes_addr(to.s, to.e, &g)) {
                er_routes_bad_addr(ctx, en->line, NULL, to.s, to.e, "next hop", ER_ADDR_BAD);
                w->failed = true;
                continue;
            }
            x.next_hop = g.addr;
            x.nh_family = g.family;
            x.flags |= ER_RF_HAS_NH;
        }
        const jrange *ifr = via.s && via.s < via.e ? &via : lif.s && lif.s < lif.e ? &lif : NULL;
        if (ifr)
            x.iface = er_routes_intern(ctx, ifr->s, (size_t)(ifr->e - ifr->s), &ok);
        if (!ok)
            return ER_ERR_NOMEM;
        bool sel = h->selected || (en->n_nh == 1 && !h->to.s) || lif.s;
        if (active && sel)
            x.flags |= ER_RF_BEST;
        er_status st = er_routes_push(ctx, &x, en->line);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

/* ---------------- JSON ---------------- */

/* Junos JSON value: "key": [{"data": "text"}]; returns the text or NULL. */
static const char *jdata(const cJSON *o, const char *key)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    const cJSON *first = cJSON_IsArray(a) ? cJSON_GetArrayItem(a, 0) : NULL;
    const cJSON *d = first ? cJSON_GetObjectItemCaseSensitive(first, "data") : NULL;
    return cJSON_IsString(d) ? d->valuestring : NULL;
}

static jrange jr(const char *s)
{
    jrange r = {s, s ? s + strlen(s) : NULL};
    return r;
}

static er_status json_walk(jwalk *w, const cJSON *doc, er_jline *jl)
{
    const cJSON *ri = cJSON_GetObjectItemCaseSensitive(doc, "route-information");
    const cJSON *info;
    er_status st;
    cJSON_ArrayForEach(info, ri)
    {
        const cJSON *tables = cJSON_GetObjectItemCaseSensitive(info, "route-table");
        const cJSON *tb;
        cJSON_ArrayForEach(tb, tables)
        {
            const char *tn = jdata(tb, "table-name");
            if (!tn) {
                er_diags_add(w->ctx->diags, ER_DIAG_WARNING, w->ctx->path, jl->line, 0,
                             "not understood: route-table without table-name");
                w->ctx->stats->skipped++;
                if (w->ctx->stats->understood)
                    w->ctx->stats->understood--;
                continue;
            }
            set_table(w, tn, tn + strlen(tn));
            if (w->nomem)
                return ER_ERR_NOMEM;
            const cJSON *rts = cJSON_GetObjectItemCaseSensitive(tb, "rt");
            const cJSON *rt;
            cJSON_ArrayForEach(rt, rts)
            {
                uint32_t line = er_routes_jline_seek(jl, "\"rt-destination\"", 16);
                if (jl->p < jl->end)
                    jl->p++;
                w->dest = jr(jdata(rt, "rt-destination"));
                w->plen = jr(jdata(rt, "rt-prefix-length"));
                const cJSON *ents = cJSON_GetObjectItemCaseSensitive(rt, "rt-entry");
                const cJSON *en;
                cJSON_ArrayForEach(en, ents)
                {
                    jentry *e = calloc(1, sizeof *e);
                    if (!e)
                        return ER_ERR_NOMEM;
                    e->line = line;
                    e->active = jr(jdata(en, "active-tag"));
                    e->proto = jr(jdata(en, "protocol-name"));
                    e->pref = jr(jdata(en, "preference"));
                    e->metric = jr(jdata(en, "metric"));
                    e->locpref = jr(jdata(en, "local-preference"));
                    e->aspath = jr(jdata(en, "as-path"));
                    e->nhtype = jr(jdata(en, "nh-type"));
                    const cJSON *cms = cJSON_GetObjectItemCaseSensitive(en, "communities");
                    const cJSON *cm0 = cJSON_IsArray(cms) ? cJSON_GetArrayItem(cms, 0) : NULL;
                    const cJSON *cl = cm0 ? cJSON_GetObjectItemCaseSensitive(cm0, "community")
                                          : NULL;
                    const cJSON *c;
                    cJSON_ArrayForEach(c, cl)
                    {
                        const cJSON *d = cJSON_GetObjectItemCaseSensitive(c, "data");
                        if (cJSON_IsString(d))
                            comm_add(w, d->valuestring, d->valuestring + strlen(d->valuestring));
                    }
                    const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(en, "nh");
                    const cJSON *nh;
                    cJSON_ArrayForEach(nh, nhs)
                    {
                        if (e->n_nh >= JN_MAX_NH) {
                            e->nh_overflow = true;
                            break;
                        }
                        jnh *h = &e->nh[e->n_nh++];
                        h->to = jr(jdata(nh, "to"));
                        h->via = jr(jdata(nh, "via"));
                        h->local_if = jr(jdata(nh, "nh-local-interface"));
                        h->selected =
                            cJSON_GetObjectItemCaseSensitive(nh, "selected-next-hop") != NULL;
                    }
                    st = w->nomem ? ER_ERR_NOMEM : emit_entry(w, e);
                    free(e);
                    if (st != ER_OK)
                        return st;
                }
            }
        }
    }
    return ER_OK;
}

static er_status json_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    ctx->stats->lines = er_routes_count_all_lines(buf, len);
    const char *s = buf, *e = buf + len;
    /* An <rpc-reply> wrapper around the JSON text. */
    const char *open = memchr(s, '{', len);
    if (!open) {
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 0, "no json object found");
        ctx->stats->skipped = ctx->stats->lines;
        return ER_ERR_PARSE;
    }
    const char *js = open, *je = e;
    const char *pre = sc_skip_ws(s, open);
    while (pre < open && (*pre == '\n' || *pre == '\r' || sc_is_space(*pre)))
        pre++;
    if (pre < open) {
        const char *tag = pre;
        while (tag < open && (*tag == '\n' || *tag == '\r' || sc_is_space(*tag)))
            tag++;
        if (!sc_starts(tag, open, "<rpc-reply")) {
            er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 1,
                         "text before the json document");
            ctx->stats->skipped = ctx->stats->lines;
            return ER_ERR_PARSE;
        }
        const char *close = NULL;
        for (const char *q = e; q > open;) {
            q--;
            if (*q == '<') {
                close = q;
                break;
            }
            if (*q == '}')
                break;
        }
        if (!close || !sc_starts(close, e, "</rpc-reply>")) {
            er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path,
                         (uint32_t)ctx->stats->lines, 0, "<rpc-reply> is not closed");
            ctx->stats->skipped = ctx->stats->lines;
            return ER_ERR_PARSE;
        }
        je = close;
    }
    cJSON *doc = NULL;
    er_status st = er_routes_json_parse(ctx, buf, len, js, je, &doc);
    if (st != ER_OK)
        return st;
    ctx->stats->understood = ctx->stats->lines;
    jwalk w;
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    er_jline jl;
    er_routes_jline_init(&jl, buf, len);
    if (!cJSON_GetObjectItemCaseSensitive(doc, "route-information")) {
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 0,
                     "json document has no \"route-information\"");
        cJSON_Delete(doc);
        return ER_ERR_PARSE;
    }
    st = json_walk(&w, doc, &jl);
    cJSON_Delete(doc);
    free(w.comm);
    if (st != ER_OK)
        return st;
    return w.failed ? ER_ERR_PARSE : ER_OK;
}

/* ---------------- XML ---------------- */

static bool tag_is(const xs_token *t, const char *n)
{
    return sc_eq(t->name, t->name_end, n);
}

static er_status xml_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    ctx->stats->lines = er_routes_count_all_lines(buf, len);
    xs_scanner x;
    er_xs_init(&x, buf, len);
    jwalk w;
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    jentry *en = calloc(1, sizeof *en);
    if (!en)
        return ER_ERR_NOMEM;
    bool in_entry = false, in_nh = false, in_rt = false, seen_info = false;
    jnh *cur_nh = NULL;
    const char *elem = NULL, *elem_e = NULL; /* innermost open element */
    int elem_depth = 0;
    er_status st = ER_OK;
    for (;;) {
        xs_token t = er_xs_next(&x);
        if (t.kind == XS_ERROR) {
            er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, t.line, t.col,
                         "invalid xml document: %s", t.msg);
            ctx->stats->understood = 0;
            ctx->stats->skipped = ctx->stats->lines;
            st = ER_ERR_PARSE;
            break;
        }
        if (t.kind == XS_EOF)
            break;
        if (t.kind == XS_START) {
            elem = t.name;
            elem_e = t.name_end;
            elem_depth = er_xs_depth(&x);
            if (tag_is(&t, "route-information")) {
                seen_info = true;
            } else if (tag_is(&t, "rt")) {
                in_rt = true;
                w.dest.s = w.dest.e = NULL;
                w.plen.s = w.plen.e = NULL;
            } else if (tag_is(&t, "rt-entry") && in_rt) {
                memset(en, 0, sizeof *en);
                en->line = t.line;
                in_entry = true;
                w.comm_len = 0;
            } else if (tag_is(&t, "nh") && in_entry) {
                if (en->n_nh >= JN_MAX_NH) {
                    en->nh_overflow = true;
                    cur_nh = NULL;
                } else {
                    cur_nh = &en->nh[en->n_nh++];
                }
                in_nh = true;
            } else if (tag_is(&t, "selected-next-hop") && in_nh && cur_nh) {
                cur_nh->selected = true;
            }
            continue;
        }
        if (t.kind == XS_END) {
            if (tag_is(&t, "rt-entry") && in_entry) {
                in_entry = false;
                if ((st = emit_entry(&w, en)) != ER_OK)
                    break;
            } else if (tag_is(&t, "nh")) {
                in_nh = false;
                cur_nh = NULL;
            } else if (tag_is(&t, "rt")) {
                in_rt = false;
            }
            elem = NULL;
            continue;
        }
        /* Text of the innermost element (only when it is a leaf we know). */
        if (!elem || er_xs_depth(&x) != elem_depth)
            continue;
        jrange r = {t.text, t.text_end};
        if (sc_eq(elem, elem_e, "table-name")) {
            set_table(&w, r.s, r.e);
            if (w.nomem) {
                st = ER_ERR_NOMEM;
                break;
            }
        } else if (in_rt && !in_entry && sc_eq(elem, elem_e, "rt-destination")) {
            w.dest = r;
        } else if (in_rt && !in_entry && sc_eq(elem, elem_e, "rt-prefix-length")) {
            w.plen = r;
        } else if (in_nh && cur_nh) {
            if (sc_eq(elem, elem_e, "to"))
                cur_nh->to = r;
            else if (sc_eq(elem, elem_e, "via"))
                cur_nh->via = r;
            else if (sc_eq(elem, elem_e, "nh-local-interface"))
                cur_nh->local_if = r;
        } else if (in_entry) {
            if (sc_eq(elem, elem_e, "active-tag"))
                en->active = r;
            else if (sc_eq(elem, elem_e, "protocol-name"))
                en->proto = r;
            else if (sc_eq(elem, elem_e, "preference"))
                en->pref = r;
            else if (sc_eq(elem, elem_e, "metric"))
                en->metric = r;
            else if (sc_eq(elem, elem_e, "local-preference"))
                en->locpref = r;
            else if (sc_eq(elem, elem_e, "as-path"))
                en->aspath = r;
            else if (sc_eq(elem, elem_e, "nh-type"))
                en->nhtype = r;
            else if (sc_eq(elem, elem_e, "community")) {
                jrange c = r;
                rtrim_range(&c);
                if (c.s < c.e && !comm_add(&w, c.s, c.e)) {
                    st = ER_ERR_NOMEM;
                    break;
                }
            }
        }
    }
    free(en);
    free(w.comm);
    if (st != ER_OK)
        return st;
    ctx->stats->understood = ctx->stats->lines;
    if (!seen_info) {
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 0,
                     "xml document has no <route-information>");
        return ER_ERR_PARSE;
    }
    return w.failed ? ER_ERR_PARSE : ER_OK;
}

static int json_detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    const char *o = memchr(buf, '{', len);
    if (!o)
        return 0;
    const char *pre = buf;
    while (pre < o && (sc_is_space(*pre) || *pre == '\n' || *pre == '\r'))
        pre++;
    if (pre < o && !sc_starts(pre, o, "<rpc-reply"))
        return 0;
    if (sc_find(o, e, "\"route-information\"") && sc_find(o, e, "\"route-table\""))
        return 95;
    return 0;
}

static int xml_detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    const char *p = buf;
    while (p < e && (sc_is_space(*p) || *p == '\n' || *p == '\r'))
        p++;
    if (p >= e || *p != '<')
        return 0;
    if (sc_find(p, e, "<route-information") && sc_find(p, e, "<route-table"))
        return 95;
    return 0;
}

const er_parser er_parser_junos_json = {
    "junos-json",
    "Juniper Junos show route | display json",
    "a JSON object with \"route-information\" / \"route-table\" (an <rpc-reply> wrapper is ok)",
    json_detect,
    json_parse,
};

const er_parser er_parser_junos_xml = {
    "junos-xml",
    "Juniper Junos show route | display xml",
    "XML with <route-information><route-table>",
    xml_detect,
    xml_parse,
};
