/* Arista EOS "show ip route | json" and "show ip bgp | json" (also the ipv6 and vrf forms).
 *
 * How it works: the document is parsed whole with cJSON (this file is the cJSON adapter of
 * the EOS parsers). Routes: {"vrfs": {VRF: {"routes": {PREFIX: {"routeType", "preference",
 * "metric", "vias": [{"nexthopAddr", "interface"} | {"vtepAddr"}], "routeAction",
 * "hardwareProgrammed"}}}}}, one route per via; every route of "show ip route" is
 * installed, so it is best unless "hardwareProgrammed" is false. BGP: {"vrfs": {VRF:
 * {"bgpRouteEntries": {PREFIX: {"bgpRoutePaths": [{"nextHop", "asPathEntry": {"asPath",
 * "asPathType"}, "med", "localPreference", "routeType": {"valid", "active", "ecmp",
 * "ecmpHead", ...}, "routeDetail": {"communityList"}}]}}}}}, one route per path, best
 * when valid and active or part of the ECMP set.
 *
 * Line conventions: when the document parses, every line counts as understood (prompt
 * and blank lines around the document included); a syntax error is reported at the line
 * where cJSON stopped, and then every line counts as skipped. Each route carries the line
 * of its prefix key, found by scanning the text forward in document order. */
#include <cjson/cJSON.h>
#include <string.h>

#include "routes/ca_common.h"
#include "routes/internal.h"

typedef struct ej {
    ca_state st;
    const char *buf, *end;
    const char *cursor; /* where the last located key ended */
    uint32_t cursor_line;
} ej;

static uint32_t line_at(const char *buf, const char *p)
{
    uint32_t n = 1;
    for (const char *q = buf; q < p; q++) {
        q = memchr(q, '\n', (size_t)(p - q));
        if (!q)
            break;
        n++;
    }
    return n;
}

/* Line of the next occurrence of "key" (quoted) after the cursor; the cursor moves there. */
static uint32_t locate(ej *x, const char *key)
{
    char pat[96];
    size_t n = strlen(key);
    if (n + 3 > sizeof pat)
        return x->cursor_line;
    pat[0] = '"';
    memcpy(pat + 1, key, n);
    pat[n + 1] = '"';
    pat[n + 2] = '\0';
    const char *f = sc_find(x->cursor, x->end, pat);
    if (!f)
        return x->cursor_line;
    x->cursor_line += line_at(x->cursor, f) - 1;
    x->cursor = f + n + 2;
    return x->cursor_line;
}

/* Lines before '{' and after the document must be noise (prompt, blank, timestamp). */
static bool outside_is_noise(const char *s, const char *e)
{
    er_lines it;
    er_lines_init(&it, s, (size_t)(e - s));
    const char *ls, *le;
    while (er_lines_next(&it, &ls, &le))
        if (!ca_is_noise(ls, le))
            return false;
    return true;
}

static uint32_t count_lines(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e))
        ;
    return it.lineno;
}

/* Parse the document; NULL after an error diagnostic. */
static cJSON *load(ej *x, const char *buf, size_t len)
{
    x->buf = buf;
    x->end = buf + len;
    uint32_t lines = count_lines(buf, len);
    const char *open = memchr(buf, '{', len);
    const char *stop = NULL;
    cJSON *root = NULL;
    if (open && outside_is_noise(buf, open))
        root = cJSON_ParseWithLengthOpts(open, len - (size_t)(open - buf), &stop, 0);
    er_parse_stats *ps = x->st.ctx->stats;
    if (!root || !outside_is_noise(stop, x->end)) {
        const char *at = stop ? stop : (open ? open : buf);
        if (root && stop)
            while (at < x->end && (sc_is_space(*at) || *at == '\n' || *at == '\r'))
                at++;
        if (at >= x->end) /* the end of input: report the last line */
            at = x->end > buf ? x->end - 1 : buf;
        er_diags_add(x->st.ctx->diags, ER_DIAG_ERROR, x->st.ctx->path, line_at(buf, at), 0,
                     root ? "unexpected text after the json document"
                          : (open ? "invalid or truncated json document"
                                  : "no json document found"));
        cJSON_Delete(root);
        ps->lines += lines;
        ps->skipped += lines;
        x->st.out.st = ER_ERR_PARSE;
        return NULL;
    }
    ps->lines += lines;
    ps->understood += lines;
    x->cursor = open;
    x->cursor_line = line_at(buf, open);
    return root;
}

static bool get_bool(const cJSON *o, const char *k, bool dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v);
    return dflt;
}

static bool get_u32(const cJSON *o, const char *k, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4294967295.0)
        return false;
    *out = (uint32_t)v->valuedouble;
    return true;
}

static const char *get_str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Bytes of a JSON string quoted in a diagnostic: up to a control character (a message is
 * one line; JSON strings may hold raw or escaped line breaks), at most 64. */
static int shown(const char *s)
{
    int n = 0;
    while (n < 64 && (unsigned char)s[n] >= 0x20)
        n++;
    return n;
}

/* Prefix key of a routes/bgpRouteEntries object. False after an error. */
static bool key_prefix(ej *x, const char *key, uint32_t line, er_prefix *p, bool *hostbits)
{
    const char *e = key + strlen(key);
    ca_pfx r = ca_prefix_token(&x->st, line, key, key, e, p);
    if (r == CA_PFX_BAD) {
        er_diags_add(x->st.ctx->diags, ER_DIAG_ERROR, x->st.ctx->path, line, 0,
                     "invalid prefix '%.*s'", shown(key), key);
        x->st.out.st = ER_ERR_PARSE;
        return false;
    }
    *hostbits = r == CA_PFX_HOSTBITS;
    return true;
}

/* An address string; false after an error (empty strings are "no address": *has=false). */
static bool str_addr(ej *x, const char *s, uint32_t line, er_route *r)
{
    if (!s || !*s)
        return true;
    er_prefix a;
    if (!ca_addr_token(s, s + strlen(s), &a)) {
        er_diags_add(x->st.ctx->diags, ER_DIAG_ERROR, x->st.ctx->path, line, 0,
                     "invalid next hop '%.*s'", shown(s), s);
        x->st.out.st = ER_ERR_PARSE;
        return false;
    }
    if (a.addr == 0)
        return true;
    r->next_hop = a.addr;
    r->nh_family = a.family;
    r->flags |= ER_RF_HAS_NH;
    return true;
}

static const cJSON *vrfs_of(ej *x, const cJSON *root)
{
    const cJSON *vrfs = cJSON_GetObjectItemCaseSensitive(root, "vrfs");
    if (!cJSON_IsObject(vrfs)) {
        er_diags_add(x->st.ctx->diags, ER_DIAG_ERROR, x->st.ctx->path, 0, 0,
                     "no \"vrfs\" object: not an EOS json document");
        x->st.out.st = ER_ERR_PARSE;
        return NULL;
    }
    return vrfs;
}

/* ---- show ip route | json ---- */

static er_proto route_proto(const char *t)
{
    if (!t)
        return ER_PROTO_UNKNOWN;
    size_t n = strlen(t);
    if (strcmp(t, "eBGP") == 0)
        return ER_PROTO_EBGP;
    if (strcmp(t, "iBGP") == 0)
        return ER_PROTO_IBGP;
    if (strcmp(t, "connected") == 0)
        return ER_PROTO_CONNECTED;
    if (strcmp(t, "static") == 0 || strcmp(t, "staticNexthopGroup") == 0)
        return ER_PROTO_STATIC;
    if (strcmp(t, "kernel") == 0)
        return ER_PROTO_KERNEL;
    if (n >= 4 && (strncmp(t, "ospf", 4) == 0 || strncmp(t, "OSPF", 4) == 0))
        return ER_PROTO_OSPF;
    if (n >= 4 && (strncmp(t, "isis", 4) == 0 || strncmp(t, "ISIS", 4) == 0))
        return ER_PROTO_ISIS;
    if (strcmp(t, "rip") == 0 || strcmp(t, "RIP") == 0)
        return ER_PROTO_RIP;
    if (strstr(t, "BGP") || strstr(t, "bgp"))
        return ER_PROTO_BGP;
    return ER_PROTO_OTHER;
}

static void route_entry(ej *x, const cJSON *rt, const er_route *base)
{
    er_route r = *base;
    r.proto = (uint8_t)route_proto(get_str(rt, "routeType"));
    if (get_bool(rt, "hardwareProgrammed", true))
        r.flags |= ER_RF_BEST;
    uint32_t v;
    if (get_u32(rt, "preference", &v)) {
        r.distance = v;
        r.flags |= ER_RF_HAS_DISTANCE;
    }
    if (get_u32(rt, "metric", &v)) {
        r.metric = v;
        r.flags |= ER_RF_HAS_METRIC;
    }
    const char *act = get_str(rt, "routeAction");
    if (act && strcmp(act, "forward") != 0)
        r.flags |= ER_RF_DISCARD;
    const cJSON *vias = cJSON_GetObjectItemCaseSensitive(rt, "vias");
    int n = 0;
    const cJSON *via;
    cJSON_ArrayForEach(via, vias)
    {
        if (!cJSON_IsObject(via))
            continue;
        er_route p = r;
        const char *nh = get_str(via, "nexthopAddr");
        if (!nh)
            nh = get_str(via, "vtepAddr");
        if (!str_addr(x, nh, r.line, &p))
            continue;
        const char *ifn = get_str(via, "interface");
        if (ifn && *ifn) {
            p.iface = ca_intern(&x->st, CA_SLOT_IFACE, ifn, ifn + strlen(ifn));
            if (strcmp(ifn, "Null0") == 0)
                p.flags |= ER_RF_DISCARD;
        }
        ca_push(&x->st, &p);
        n++;
    }
    if (n == 0)
        ca_push(&x->st, &r);
}

static er_status parse_route(er_parse_ctx *ctx, const char *buf, size_t len)
{
    ej x;
    memset(&x, 0, sizeof x);
    ca_init(&x.st, ctx);
    cJSON *root = load(&x, buf, len);
    if (!root)
        return ca_finish(&x.st);
    const cJSON *vrfs = vrfs_of(&x, root), *vrf;
    cJSON_ArrayForEach(vrf, vrfs)
    {
        if (!cJSON_IsObject(vrf))
            continue;
        locate(&x, vrf->string);
        ca_set_vrf(&x.st, vrf->string, vrf->string + strlen(vrf->string));
        const cJSON *routes = cJSON_GetObjectItemCaseSensitive(vrf, "routes"), *rt;
        if (!cJSON_IsObject(routes))
            continue;
        cJSON_ArrayForEach(rt, routes)
        {
            er_route base;
            memset(&base, 0, sizeof base);
            base.line = locate(&x, rt->string);
            bool hb;
            if (!key_prefix(&x, rt->string, base.line, &base.prefix, &hb))
                continue;
            if (hb)
                base.flags |= ER_RF_HOSTBITS;
            route_entry(&x, rt, &base);
        }
    }
    cJSON_Delete(root);
    return ca_finish(&x.st);
}

/* ---- show ip bgp | json ---- */

/* "65001 65239 e" -> "65001 65239"; NULL/empty -> nothing. */
static er_strref as_path(ej *x, const char *s)
{
    if (!s)
        return (er_strref){0, 0};
    const char *e = s + strlen(s);
    sc_trim(&s, &e);
    while (e > s) {
        const char *t = e;
        while (t > s && !sc_is_space(t[-1]))
            t--;
        if (e - t == 1 && (*t == 'i' || *t == 'e' || *t == '?')) {
            e = t;
            sc_trim(&s, &e);
            continue;
        }
        break;
    }
    for (const char *c = s; c < e; c++)
        if (!sc_is_digit(*c) && !strchr(" .{},()[]", *c))
            return (er_strref){0, 0}; /* "Local" and other words: no AS path */
    return ca_intern(&x->st, CA_SLOT_ASPATH, s, e);
}

static void bgp_path(ej *x, const cJSON *p, const er_route *base)
{
    er_route r = *base;
    const char *nh = get_str(p, "nextHop");
    if (!str_addr(x, nh, r.line, &r))
        return;
    const cJSON *ape = cJSON_GetObjectItemCaseSensitive(p, "asPathEntry");
    const char *apt = get_str(ape, "asPathType");
    r.proto = ER_PROTO_BGP;
    if (apt && strcmp(apt, "External") == 0)
        r.proto = ER_PROTO_EBGP;
    else if (apt && strcmp(apt, "Internal") == 0)
        r.proto = ER_PROTO_IBGP;
    r.as_path = as_path(x, get_str(ape, "asPath"));
    uint32_t v;
    if (get_u32(p, "med", &v)) {
        r.metric = v;
        r.flags |= ER_RF_HAS_METRIC;
    }
    if (get_u32(p, "localPreference", &v)) {
        r.locpref = v;
        r.flags |= ER_RF_HAS_LOCPREF;
    }
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(p, "routeType");
    bool valid = get_bool(rt, "valid", false);
    bool chosen = get_bool(rt, "active", false) || get_bool(rt, "ecmpHead", false) ||
                  get_bool(rt, "ecmp", false);
    bool dropped = get_bool(rt, "suppressed", false) || get_bool(rt, "notInstalled", false) ||
                   get_bool(rt, "queued", false);
    if (valid && chosen && !dropped)
        r.flags |= ER_RF_BEST;
    const cJSON *det = cJSON_GetObjectItemCaseSensitive(p, "routeDetail");
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(det, "communityList"), *c;
    /* Joined in a small stack buffer; a longer list is cut at a community boundary. */
    char comm[1024];
    size_t n = 0;
    cJSON_ArrayForEach(c, cl)
    {
        if (!cJSON_IsString(c))
            continue;
        size_t l = strlen(c->valuestring);
        if (n + l + 2 > sizeof comm)
            break;
        if (n)
            comm[n++] = ' ';
        memcpy(comm + n, c->valuestring, l);
        n += l;
    }
    if (n)
        r.communities = ca_intern(&x->st, CA_SLOT_COMM, comm, comm + n);
    ca_push(&x->st, &r);
}

static er_status parse_bgp(er_parse_ctx *ctx, const char *buf, size_t len)
{
    ej x;
    memset(&x, 0, sizeof x);
    ca_init(&x.st, ctx);
    cJSON *root = load(&x, buf, len);
    if (!root)
        return ca_finish(&x.st);
    const cJSON *vrfs = vrfs_of(&x, root), *vrf;
    cJSON_ArrayForEach(vrf, vrfs)
    {
        if (!cJSON_IsObject(vrf))
            continue;
        locate(&x, vrf->string);
        ca_set_vrf(&x.st, vrf->string, vrf->string + strlen(vrf->string));
        const cJSON *entries = cJSON_GetObjectItemCaseSensitive(vrf, "bgpRouteEntries"), *en;
        if (!cJSON_IsObject(entries))
            continue;
        cJSON_ArrayForEach(en, entries)
        {
            er_route base;
            memset(&base, 0, sizeof base);
            base.line = locate(&x, en->string);
            bool hb;
            if (!key_prefix(&x, en->string, base.line, &base.prefix, &hb))
                continue;
            if (hb)
                base.flags |= ER_RF_HOSTBITS;
            const cJSON *paths = cJSON_GetObjectItemCaseSensitive(en, "bgpRoutePaths"), *p;
            cJSON_ArrayForEach(p, paths)
            {
                if (cJSON_IsObject(p))
                    bgp_path(&x, p, &base);
            }
        }
    }
    cJSON_Delete(root);
    return ca_finish(&x.st);
}

/* ---- detection ---- */

static bool json_start(const char *buf, size_t len)
{
    const char *open = memchr(buf, '{', len);
    return open && outside_is_noise(buf, open);
}

static int detect_route(const char *buf, size_t len)
{
    const char *e = buf + len;
    if (!json_start(buf, len) || !sc_find(buf, e, "\"vrfs\""))
        return 0;
    if (sc_find(buf, e, "\"bgpRouteEntries\""))
        return 0;
    if (sc_find(buf, e, "\"routes\"") &&
        (sc_find(buf, e, "\"vias\"") || sc_find(buf, e, "\"routeType\"")))
        return 90;
    return 0;
}

static int detect_bgp(const char *buf, size_t len)
{
    const char *e = buf + len;
    if (!json_start(buf, len) || !sc_find(buf, e, "\"vrfs\""))
        return 0;
    if (sc_find(buf, e, "\"bgpRouteEntries\""))
        return 90;
    return 0;
}

const er_parser er_parser_eos_route_json = {
    "eos-route-json",
    "Arista EOS show ip route | json / show ipv6 route | json",
    "a json document with \"vrfs\" -> VRF -> \"routes\" -> prefix -> \"vias\"",
    detect_route,
    parse_route,
};

const er_parser er_parser_eos_bgp_json = {
    "eos-bgp-json",
    "Arista EOS show ip bgp | json / show bgp ipv6 unicast | json",
    "a json document with \"vrfs\" -> VRF -> \"bgpRouteEntries\" -> prefix -> \"bgpRoutePaths\"",
    detect_bgp,
    parse_bgp,
};
