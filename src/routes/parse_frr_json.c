/* FRRouting JSON: `show ip|ipv6 route [vrf all] json` ("frr-route-json") and
 * `show bgp [vrf all] ipv4|ipv6 [unicast] json` ("frr-bgp-json").
 *
 * How it works: the document is read with cJSON and walked in document order; the line of
 * each route is found by a forward search for its prefix key in the raw text.
 *
 * Selection rule. Real FRR output writes "selected", "installed", "fib", "active" and
 * "bestpath" only when true, and always writes "uptime"/"internalStatus" on a route, so
 * in such a "complete" route object a missing flag means false. FRR's topotest reference
 * files are subsets (a field is left out when the test does not compare it); for route
 * objects without "uptime"/"internalStatus":
 *   - selected: "selected" if present, else "installed" if present, else true only when it
 *     is the prefix's only entry;
 *   - "installed": false (if present) vetoes;
 *   - a next hop forwards per "fib" if present, else "active" if present, else yes.
 * A BGP path is best when "valid" is not false and "bestpath" (true or {"overall":true})
 * or "multipath" is true. A path with "weight", "peerId", "origin" and "pathFrom" is
 * complete (real output): a missing "bestpath" is false. Otherwise, when no path of a
 * prefix carries "bestpath"/"multipath" at all, a single path is taken as best and several
 * are all kept as non-best (one note per file counts them). */
#include "erready/routes.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "routes/parse_util.h"

typedef struct jctx {
    pu_state pu;
    pu_jline jl;
    unsigned long ambiguous; /* BGP prefixes with several paths and no bestpath info */
} jctx;

/* Line of the next occurrence of the JSON key for prefix text pfx ("10.0.0.0/8" may be
 * written "10.0.0.0\/8"). */
static uint32_t seek_prefix(jctx *j, const char *pfx)
{
    const char *slash = strchr(pfx, '/');
    size_t alen = slash ? (size_t)(slash - pfx) : strlen(pfx);
    char n1[80], n2[80];
    if (alen > 60)
        return j->jl.line;
    snprintf(n1, sizeof n1, "\"%.*s/", (int)alen, pfx);
    snprintf(n2, sizeof n2, "\"%.*s\\/", (int)alen, pfx);
    pu_jline a = j->jl, b = j->jl;
    bool fa = pu_jline_find(&a, n1), fb = pu_jline_find(&b, n2);
    if (fa && (!fb || a.p <= b.p))
        j->jl = a;
    else if (fb)
        j->jl = b;
    uint32_t line = j->jl.line;
    if (j->jl.p < j->jl.end)
        j->jl.p++;
    return line;
}

/* The member of prefix key: its line, and its prefix when its value is an array (of
 * routes or paths, as `what` says) to read; false when there is nothing to read (null, the
 * topotest mark of an absent prefix) or after a diagnostic. */
static bool prefix_head(jctx *j, const char *key, const cJSON *val, const char *what,
                        uint32_t *line, er_prefix *pf, uint8_t *fl)
{
    *line = seek_prefix(j, key);
    if (cJSON_IsNull(val))
        return false;
    if (!cJSON_IsArray(val)) {
        char q[PU_QUOTE + 4];
        pu_skipf(&j->pu, *line, "value of '%s' is not an array of %s", PU_QUOTED(q, key), what);
        return false;
    }
    const char *e = key + strlen(key);
    er_addr_err err = pu_prefix(&j->pu, *line, 0, key, e, true, pf, fl);
    if (err != ER_ADDR_OK) {
        pu_bad_addr(&j->pu, *line, 0, "prefix", err, key, e);
        return false;
    }
    return true;
}

static bool is_complete(const cJSON *r)
{
    return cJSON_GetObjectItemCaseSensitive(r, "uptime") ||
           cJSON_GetObjectItemCaseSensitive(r, "internalStatus");
}

static er_proto route_proto(const char *p)
{
    if (!p)
        return ER_PROTO_UNKNOWN;
    if (strcmp(p, "sharp") == 0 || strcmp(p, "table") == 0)
        return ER_PROTO_OTHER;
    return pu_proto_word(p, p + strlen(p));
}

/* One prefix of a route JSON: an array of route objects. */
static er_status route_prefix(jctx *j, const char *key, const cJSON *arr, const char *vrf_outer)
{
    pu_state *pu = &j->pu;
    uint32_t line;
    er_prefix pf;
    uint8_t pfl = 0;
    if (!prefix_head(j, key, arr, "routes", &line, &pf, &pfl))
        return ER_OK;
    int entries = cJSON_GetArraySize(arr);
    const cJSON *r;
    cJSON_ArrayForEach(r, arr)
    {
        if (!cJSON_IsObject(r)) {
            char q[PU_QUOTE + 4];
            pu_skipf(&j->pu, line, "route entry of '%s' is not an object", PU_QUOTED(q, key));
            continue;
        }
        bool complete = is_complete(r);
        int sel = pu_json_bool(r, "selected");
        int inst = pu_json_bool(r, "installed");
        bool selected;
        if (sel >= 0)
            selected = sel == 1;
        else if (complete)
            selected = false;
        else if (inst >= 0)
            selected = inst == 1;
        else
            selected = entries == 1;
        if (inst == 0 || (complete && inst != 1))
            selected = false;
        const char *vrf = pu_json_str(r, "vrfName");
        if (!vrf)
            vrf = vrf_outer;
        pu_set_vrf(pu, vrf, vrf ? vrf + strlen(vrf) : NULL);
        if (!pu->vrf_keep)
            continue;
        er_route base;
        pu_route_init(&base, line);
        base.prefix = pf;
        base.flags = pfl;
        base.proto = (uint8_t)route_proto(pu_json_str(r, "protocol"));
        if (pu_json_u32(r, "distance", &base.distance))
            base.flags |= ER_RF_HAS_DISTANCE;
        if (pu_json_u32(r, "metric", &base.metric))
            base.flags |= ER_RF_HAS_METRIC;
        const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(r, "nexthops");
        int n = cJSON_IsArray(nhs) ? cJSON_GetArraySize(nhs) : 0;
        for (int i = 0; i < (n ? n : 1); i++) {
            er_route x = base;
            const cJSON *nh = n ? cJSON_GetArrayItem(nhs, i) : NULL;
            bool fwd = true;
            if (nh) {
                int fib = pu_json_bool(nh, "fib");
                int act = pu_json_bool(nh, "active");
                if (fib >= 0)
                    fwd = fib == 1;
                else if (act >= 0)
                    fwd = act == 1;
                else if (complete)
                    fwd = false;
                const char *ip = pu_json_str(nh, "ip");
                if (ip) {
                    er_prefix g;
                    if (!pu_addr(ip, ip + strlen(ip), &g)) {
                        pu_bad_addr(pu, line, 0, "next hop", ER_ADDR_BAD, ip, ip + strlen(ip));
                        continue;
                    }
                    pu_set_nh(&x, &g);
                }
                const char *ifn = pu_json_str(nh, "interfaceName");
                if (ifn)
                    x.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ifn, ifn + strlen(ifn));
                if (pu_json_bool(nh, "unreachable") == 1 || pu_json_bool(nh, "blackhole") == 1 ||
                    pu_json_bool(nh, "reject") == 1 || pu_json_bool(nh, "admin-prohibited") == 1)
                    x.flags |= ER_RF_DISCARD;
            }
            if (pu->nomem)
                return ER_ERR_NOMEM;
            if (selected && fwd)
                x.flags |= ER_RF_BEST;
            er_status st = pu_push(pu, &x);
            if (st != ER_OK)
                return st;
        }
    }
    return ER_OK;
}

/* Is this object a map of prefixes (first key parses as a prefix)? */
static bool looks_prefix_map(const cJSON *o)
{
    const cJSON *c = o ? o->child : NULL;
    if (!c || !c->string)
        return false;
    er_prefix pf;
    er_addr_err e = er_prefix_parse(c->string, true, &pf);
    return e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS;
}

/* Parse the document, which must be an object; NULL after the error. */
static cJSON *open_doc(jctx *j, er_parse_ctx *ctx, const char *buf, size_t len, const char *what)
{
    memset(j, 0, sizeof *j);
    pu_init(&j->pu, ctx, buf, len);
    pu_jline_init(&j->jl, buf, len);
    cJSON *doc = NULL;
    if (pu_json_parse(&j->pu, buf, len, buf, buf + len, NULL, &doc) != ER_OK)
        return NULL;
    if (!cJSON_IsObject(doc)) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s json must be a json object", what);
        pu_doc_reject(&j->pu, 1, 0, msg);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static er_status route_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    jctx j;
    cJSON *doc = open_doc(&j, ctx, buf, len, "show ip route");
    if (!doc)
        return ER_ERR_PARSE;
    er_status st = ER_OK;
    const cJSON *m;
    cJSON_ArrayForEach(m, doc)
    {
        if (cJSON_IsObject(m) && !looks_prefix_map(doc)) {
            /* vrf all: {"vrfname": {prefix: [...]}} */
            const cJSON *p;
            cJSON_ArrayForEach(p, m)
            {
                if ((st = route_prefix(&j, p->string, p, m->string)) != ER_OK)
                    goto out;
            }
            continue;
        }
        if ((st = route_prefix(&j, m->string, m, NULL)) != ER_OK)
            goto out;
    }
out:
    cJSON_Delete(doc);
    return st != ER_OK ? st : pu_finish(&j.pu);
}

/* ---- BGP ---- */

static const char *sub_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsObject(v))
        return pu_json_str(v, "string");
    return NULL;
}

static int path_best(const cJSON *p)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(p, "bestpath");
    if (!b)
        return -1;
    if (cJSON_IsBool(b))
        return cJSON_IsTrue(b);
    if (cJSON_IsObject(b))
        return pu_json_bool(b, "overall") == 1;
    return 0;
}

static er_status bgp_prefix(jctx *j, const char *key, const cJSON *paths, const char *vrf)
{
    pu_state *pu = &j->pu;
    uint32_t line;
    er_prefix pf;
    uint8_t pfl = 0;
    if (!prefix_head(j, key, paths, "paths", &line, &pf, &pfl))
        return ER_OK;
    pu_set_vrf(pu, vrf, vrf ? vrf + strlen(vrf) : NULL);
    if (!pu->vrf_keep)
        return ER_OK;
    int n = cJSON_GetArraySize(paths);
    bool any_info = false;
    const cJSON *p;
    cJSON_ArrayForEach(p, paths)
    {
        if (path_best(p) >= 0 || pu_json_bool(p, "multipath") >= 0)
            any_info = true;
    }
    if (!any_info && n > 1)
        j->ambiguous++;
    cJSON_ArrayForEach(p, paths)
    {
        if (!cJSON_IsObject(p)) {
            char q[PU_QUOTE + 4];
            pu_skipf(&j->pu, line, "path of '%s' is not an object", PU_QUOTED(q, key));
            continue;
        }
        er_route r;
        pu_route_init(&r, line);
        r.prefix = pf;
        r.flags = pfl;
        int valid = pu_json_bool(p, "valid");
        bool best;
        /* Real FRR output always has these; then a missing "bestpath" means false. */
        bool complete = cJSON_GetObjectItemCaseSensitive(p, "weight") &&
                        cJSON_GetObjectItemCaseSensitive(p, "peerId") &&
                        cJSON_GetObjectItemCaseSensitive(p, "origin") &&
                        cJSON_GetObjectItemCaseSensitive(p, "pathFrom");
        if (any_info || complete)
            best = path_best(p) == 1 || pu_json_bool(p, "multipath") == 1;
        else
            best = n == 1;
        if (valid == 0 || valid == -2)
            best = false;
        if (best)
            r.flags |= ER_RF_BEST;
        const char *from = pu_json_str(p, "pathFrom");
        const cJSON *peer = cJSON_GetObjectItemCaseSensitive(p, "peer");
        if (!from && peer)
            from = pu_json_str(peer, "type");
        r.proto = from && strcmp(from, "internal") == 0   ? ER_PROTO_IBGP
                  : from && strcmp(from, "external") == 0 ? ER_PROTO_EBGP
                                                          : ER_PROTO_BGP;
        if (pu_json_u32(p, "metric", &r.metric))
            r.flags |= ER_RF_HAS_METRIC;
        if (pu_json_u32(p, "locPrf", &r.locpref))
            r.flags |= ER_RF_HAS_LOCPREF;
        /* Next hop: the one marked "used", else the first global one, else the first. */
        const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(p, "nexthops");
        const cJSON *nh = NULL, *x;
        cJSON_ArrayForEach(x, nhs)
        {
            if (pu_json_bool(x, "used") == 1) {
                nh = x;
                break;
            }
        }
        if (!nh)
            cJSON_ArrayForEach(x, nhs)
            {
                const char *sc = pu_json_str(x, "scope");
                if (!sc || strcmp(sc, "global") == 0) {
                    nh = x;
                    break;
                }
            }
        const char *ip = nh ? pu_json_str(nh, "ip") : NULL;
        if (ip) {
            er_prefix g;
            if (!pu_addr(ip, ip + strlen(ip), &g)) {
                pu_bad_addr(pu, line, 0, "next hop", ER_ADDR_BAD, ip, ip + strlen(ip));
                continue;
            }
            if (g.addr != 0) {
                pu_set_nh(&r, &g);
            } else {
                r.proto = ER_PROTO_BGP; /* 0.0.0.0 / :: = originated by this router */
            }
        }
        const char *ifn = nh ? pu_json_str(nh, "interface") : NULL;
        if (ifn)
            r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ifn, ifn + strlen(ifn));
        const char *asp = pu_json_str(p, "path");
        if (!asp)
            asp = sub_string(p, "aspath");
        if (asp && strcmp(asp, "Local") != 0)
            r.as_path = pu_intern_slot(pu, PU_SLOT_ASPATH, asp, asp + strlen(asp));
        const char *comm = sub_string(p, "community");
        if (comm)
            r.communities = pu_intern_slot(pu, PU_SLOT_COMM, comm, comm + strlen(comm));
        if (pu->nomem)
            return ER_ERR_NOMEM;
        er_status st = pu_push(pu, &r);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

/* A table object {"vrfName", "routes": {...}}. */
static er_status bgp_table(jctx *j, const cJSON *t, const char *vrf_default)
{
    const char *vrf = pu_json_str(t, "vrfName");
    if (!vrf)
        vrf = vrf_default;
    const cJSON *routes = cJSON_GetObjectItemCaseSensitive(t, "routes");
    const cJSON *rds = cJSON_GetObjectItemCaseSensitive(routes, "routeDistinguishers");
    er_status st;
    const cJSON *m;
    if (rds) {
        /* VPN tables: the routes of each RD, kept in a VRF named "rd:<RD>". */
        cJSON_ArrayForEach(m, rds)
        {
            char name[96];
            snprintf(name, sizeof name, "rd:%s", m->string ? m->string : "");
            const cJSON *p;
            cJSON_ArrayForEach(p, m)
            {
                if ((st = bgp_prefix(j, p->string, p, name)) != ER_OK)
                    return st;
            }
        }
        return ER_OK;
    }
    cJSON_ArrayForEach(m, routes)
    {
        if ((st = bgp_prefix(j, m->string, m, vrf)) != ER_OK)
            return st;
    }
    return ER_OK;
}

static er_status bgp_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    jctx j;
    cJSON *doc = open_doc(&j, ctx, buf, len, "show bgp");
    if (!doc)
        return ER_ERR_PARSE;
    er_status st = ER_OK;
    if (cJSON_GetObjectItemCaseSensitive(doc, "routes")) {
        st = bgp_table(&j, doc, NULL);
    } else if (cJSON_GetObjectItemCaseSensitive(doc, "paths")) {
        /* One prefix in detail: {"prefix": ..., "paths": [...]} */
        const char *pfx = pu_json_str(doc, "prefix");
        if (!pfx) {
            pu_skipf(&j.pu, 1, "detail form without a \"prefix\"");
        } else {
            st = bgp_prefix(&j, pfx, cJSON_GetObjectItemCaseSensitive(doc, "paths"), NULL);
        }
    } else {
        const cJSON *m;
        cJSON_ArrayForEach(m, doc)
        {
            if (cJSON_GetObjectItemCaseSensitive(m, "routes")) {
                /* vrf all: {"vrf": {"vrfName":..., "routes": ...}} */
                if ((st = bgp_table(&j, m, m->string)) != ER_OK)
                    break;
            } else if (cJSON_GetObjectItemCaseSensitive(m, "paths")) {
                /* VPN detail: {"RD": {"prefix": ..., "paths": [...]}} */
                const char *pfx = pu_json_str(m, "prefix");
                char name[96];
                snprintf(name, sizeof name, "rd:%s", m->string ? m->string : "");
                if (pfx &&
                    (st = bgp_prefix(&j, pfx, cJSON_GetObjectItemCaseSensitive(m, "paths"),
                                     name)) != ER_OK)
                    break;
            } else if (m->string && (strcmp(m->string, "ipv4Unicast") == 0 ||
                                     strcmp(m->string, "ipv6Unicast") == 0)) {
                pu_diag(&j.pu, ER_DIAG_NOTE, 1, 0,
                        "this is a bgp summary (neighbors), it holds no routes");
            } else {
                char q[PU_QUOTE + 4];
                pu_skipf(&j.pu, 1, "member '%s' is not a bgp table",
                         m->string ? PU_QUOTED(q, m->string) : "?");
            }
        }
    }
    if (j.ambiguous)
        pu_diag(&j.pu, ER_DIAG_NOTE, 0, 0,
                "%lu prefixes have several paths and no bestpath field; none of their "
                "paths is taken as best",
                j.ambiguous);
    cJSON_Delete(doc);
    return st != ER_OK ? st : pu_finish(&j.pu);
}

/* First non-blank character is '{' and the window holds FRR route/bgp member names. */
static const char *json_start(const char *buf, size_t len)
{
    const char *p = buf, *e = buf + len;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p < e && *p == '{' ? p : NULL;
}

/* The first member name of the object at p, unescaped into out (a prefix key?). */
static bool first_key_is_prefix(const char *p, const char *e)
{
    p++;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p >= e || *p != '"')
        return false;
    char key[64];
    size_t n = 0;
    for (p++; p < e && *p != '"'; p++) {
        if (*p == '\\' && p + 1 < e)
            p++;
        if (n + 1 >= sizeof key)
            return false;
        key[n++] = *p;
    }
    key[n] = '\0';
    er_prefix pf;
    er_addr_err err = er_prefix_parse(key, true, &pf);
    return err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS;
}

static int route_detect(const char *buf, size_t len)
{
    const char *p = json_start(buf, len);
    if (!p)
        return 0;
    const char *e = buf + len;
    if (sc_find(p, e, "\"route-information\"") || sc_find(p, e, "\"routes\""))
        return 0;
    if (!sc_find(p, e, "\"nexthops\""))
        return 0;
    if (first_key_is_prefix(p, e))
        return 85;
    if (sc_find(p, e, "\"protocol\"") &&
        (sc_find(p, e, "\"selected\"") || sc_find(p, e, "\"installed\"")))
        return 70;
    return 0;
}

static int bgp_detect(const char *buf, size_t len)
{
    const char *p = json_start(buf, len);
    if (!p)
        return 0;
    const char *e = buf + len;
    if (sc_find(p, e, "\"route-information\""))
        return 0;
    if (sc_find(p, e, "\"routes\"") &&
        (sc_find(p, e, "\"localAS\"") || sc_find(p, e, "\"routerId\"") ||
         sc_find(p, e, "\"vrfName\"") || sc_find(p, e, "\"nexthops\"")))
        return 85;
    if (sc_find(p, e, "\"paths\"") && sc_find(p, e, "\"prefix\"") &&
        (sc_find(p, e, "\"aspath\"") || sc_find(p, e, "\"bestpath\"")))
        return 80;
    if (sc_find(p, e, "\"ipv4Unicast\"") || sc_find(p, e, "\"ipv6Unicast\""))
        if (sc_find(p, e, "\"peers\"") || sc_find(p, e, "\"routerId\"") ||
            sc_find(p, e, "\"totalPeers\""))
            return 60;
    return 0;
}

const er_parser er_parser_frr_route_json = {
    "frr-route-json",
    "FRRouting show ip route / show ipv6 route json",
    "a JSON object of prefixes whose entries have \"protocol\", \"selected\", \"nexthops\"",
    route_detect,
    route_parse,
};

const er_parser er_parser_frr_bgp_json = {
    "frr-bgp-json",
    "FRRouting show bgp ipv4|ipv6 [unicast] json",
    "a JSON object with \"routes\" and \"localAS\"/\"routerId\"/\"vrfName\"",
    bgp_detect,
    bgp_parse,
};
