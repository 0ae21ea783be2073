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

#include "routes/junos_fields.h"
#include "routes/parse_util.h"
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
    pu_state pu;
    bool table_ok;
    jrange table;
    jrange dest, plen;
    /* Communities of the current entry, space-joined (one buffer reused per file). */
    char *comm;
    size_t comm_len, comm_cap;
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
            w->pu.nomem = true;
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
    const char *vs = NULL, *ve = NULL;
    w->table_ok = junos_unicast_table(r.s, r.e, &vs, &ve);
    pu_set_vrf(&w->pu, vs, ve);
    if (!w->table_ok) {
        /* The name as a snippet: a JSON or XML value may span lines, a message does not. */
        char q[PU_QUOTE + 4];
        pu_diag(&w->pu, ER_DIAG_NOTE, 0, 0,
                "table %s is not a unicast forwarding table; its routes are not read",
                pu_snippet(q, sizeof q, r.s, r.e));
    }
}

static er_proto jproto(const jrange *p)
{
    return p->s ? junos_proto(p->s, p->e) : ER_PROTO_UNKNOWN;
}

/* Emit the routes of one entry. */
static er_status emit_entry(jwalk *w, jentry *en)
{
    pu_state *pu = &w->pu;
    if (!w->table_ok) {
        w->comm_len = 0;
        return ER_OK;
    }
    jrange d = w->dest, pl = w->plen, act = en->active;
    rtrim_range(&d);
    rtrim_range(&pl);
    rtrim_range(&act);
    if (!d.s || d.s == d.e) {
        pu_diag(pu, ER_DIAG_WARNING, en->line, 0,
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
            pu_bad_addr(pu, en->line, 0, "destination", ER_ADDR_BAD, d.s, d.e);
            w->comm_len = 0;
            return ER_OK;
        }
        ps = buf;
        pe = buf + n;
    }
    er_prefix pf;
    uint8_t pfl = 0;
    er_addr_err err = pu_prefix(pu, en->line, 0, ps, pe, true, &pf, &pfl);
    if (err != ER_ADDR_OK) {
        pu_bad_addr(pu, en->line, 0, "destination", err, ps, pe);
        w->comm_len = 0;
        return ER_OK;
    }
    if (!pu->vrf_keep) {
        w->comm_len = 0;
        return ER_OK;
    }
    bool active = act.s && act.s < act.e && (*act.s == '*' || *act.s == '+');
    er_route base;
    pu_route_init(&base, en->line);
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
    /* AS path: "AS path: 6939 4637 I" (detail) or "6939 4637 I" (brief). */
    if (en->aspath.s) {
        const char *as, *ae;
        junos_aspath(en->aspath.s, en->aspath.e, &as, &ae);
        base.as_path = pu_intern_slot(pu, PU_SLOT_ASPATH, as, ae);
    }
    if (w->comm_len)
        base.communities = pu_intern_slot(pu, PU_SLOT_COMM, w->comm, w->comm + w->comm_len);
    w->comm_len = 0;
    if (pu->nomem)
        return ER_ERR_NOMEM;
    jrange nt = en->nhtype;
    rtrim_range(&nt);
    bool discard = nt.s && (sc_eq(nt.s, nt.e, "Discard") || sc_eq(nt.s, nt.e, "Reject"));
    if (discard)
        base.flags |= ER_RF_DISCARD;
    if (en->nh_overflow)
        pu_diag(pu, ER_DIAG_WARNING, en->line, 0, "more than %d next hops; the others are not read",
                JN_MAX_NH);
    if (en->n_nh == 0) {
        if (active)
            base.flags |= ER_RF_BEST;
        return pu_push(pu, &base);
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
            if (!pu_addr(to.s, to.e, &g)) {
                pu_bad_addr(pu, en->line, 0, "next hop", ER_ADDR_BAD, to.s, to.e);
                continue;
            }
            pu_set_nh(&x, &g);
        }
        const jrange *ifr = via.s && via.s < via.e ? &via : lif.s && lif.s < lif.e ? &lif : NULL;
        if (ifr)
            x.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ifr->s, ifr->e);
        if (pu->nomem)
            return ER_ERR_NOMEM;
        bool sel = h->selected || (en->n_nh == 1 && !h->to.s) || lif.s;
        if (active && sel)
            x.flags |= ER_RF_BEST;
        er_status st = pu_push(pu, &x);
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

static er_status json_walk(jwalk *w, const cJSON *doc, pu_jline *jl)
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
                pu_skipf(&w->pu, jl->line, "route-table without table-name");
                continue;
            }
            set_table(w, tn, tn + strlen(tn));
            if (w->pu.nomem)
                return ER_ERR_NOMEM;
            const cJSON *rts = cJSON_GetObjectItemCaseSensitive(tb, "rt");
            const cJSON *rt;
            cJSON_ArrayForEach(rt, rts)
            {
                pu_jline_find(jl, "\"rt-destination\"");
                uint32_t line = jl->line;
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
                    st = w->pu.nomem ? ER_ERR_NOMEM : emit_entry(w, e);
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
    jwalk w;
    memset(&w, 0, sizeof w);
    pu_state *pu = &w.pu;
    pu_init(pu, ctx, buf, len);
    const char *s = buf, *e = buf + len;
    /* An <rpc-reply> wrapper around the JSON text. */
    const char *open = memchr(s, '{', len);
    const char *js = open, *je = e;
    const char *pre = open ? sc_skip_ws(s, open) : NULL;
    while (pre && pre < open && (*pre == '\n' || *pre == '\r' || sc_is_space(*pre)))
        pre++;
    const char *why = open ? NULL : "no json object found";
    if (pre && pre < open) {
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
        if (!sc_starts(pre, open, "<rpc-reply"))
            why = "text before the json document";
        else if (!close || !sc_starts(close, e, "</rpc-reply>"))
            why = "<rpc-reply> is not closed"; /* reported on the last line */
        else
            je = close;
    }
    if (why) {
        pu_doc_begin(pu, buf, len);
        bool at_end = why[0] == '<';
        pu_doc_reject(pu, at_end ? (uint32_t)ctx->stats->lines : 1, 0, why);
        return ER_ERR_PARSE;
    }
    cJSON *doc = NULL;
    if (pu_json_parse(pu, buf, len, js, je, NULL, &doc) != ER_OK)
        return ER_ERR_PARSE;
    pu_jline jl;
    pu_jline_init(&jl, buf, len);
    er_status st = ER_OK;
    if (!cJSON_GetObjectItemCaseSensitive(doc, "route-information")) {
        pu_diag(pu, ER_DIAG_ERROR, 1, 0, "json document has no \"route-information\"");
        pu->failed = true;
    } else {
        st = json_walk(&w, doc, &jl);
    }
    cJSON_Delete(doc);
    free(w.comm);
    return st != ER_OK ? st : pu_finish(pu);
}

/* ---------------- XML ---------------- */

static bool tag_is(const xs_token *t, const char *n)
{
    return sc_eq(t->name, t->name_end, n);
}

static er_status xml_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    xs_scanner x;
    er_xs_init(&x, buf, len);
    jwalk w;
    memset(&w, 0, sizeof w);
    pu_state *pu = &w.pu;
    pu_init(pu, ctx, buf, len);
    pu_doc_begin(pu, buf, len);
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
            char msg[160];
            snprintf(msg, sizeof msg, "invalid xml document: %s", t.msg);
            pu_doc_reject(pu, t.line, t.col, msg);
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
            if (pu->nomem) {
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
    if (!seen_info && !pu->failed) {
        pu_diag(pu, ER_DIAG_ERROR, 1, 0, "xml document has no <route-information>");
        pu->failed = true;
    }
    return pu_finish(pu);
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
