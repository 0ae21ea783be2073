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

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct ej {
    pu_state pu;
    pu_jline cursor; /* where the last located key ended */
} ej;

/* Line of the next occurrence of "key" (quoted) after the cursor; the cursor moves past it. */
static uint32_t locate(ej *x, const char *key)
{
    char pat[96];
    size_t n = strlen(key);
    if (n + 3 > sizeof pat)
        return x->cursor.line;
    pat[0] = '"';
    memcpy(pat + 1, key, n);
    pat[n + 1] = '"';
    pat[n + 2] = '\0';
    if (pu_jline_find(&x->cursor, pat))
        x->cursor.p += n + 2;
    return x->cursor.line;
}

/* Parse the document (prompt, blank and timestamp lines may stand around it); NULL after
 * the error. */
static cJSON *load(ej *x, er_parse_ctx *ctx, const char *buf, size_t len)
{
    memset(x, 0, sizeof *x);
    pu_init(&x->pu, ctx, buf, len);
    const char *open = memchr(buf, '{', len);
    cJSON *root = NULL;
    if (pu_json_parse(&x->pu, buf, len, open ? open : buf + len, buf + len, cisco_is_noise,
                      &root) != ER_OK)
        return NULL;
    pu_jline_init(&x->cursor, buf, len);
    pu_jline_find(&x->cursor, "{");
    return root;
}

static bool get_bool(const cJSON *o, const char *k, bool dflt)
{
    int b = pu_json_bool(o, k);
    return b < 0 ? dflt : b == 1;
}

/* Prefix key of a routes/bgpRouteEntries object. False after an error. */
static bool key_prefix(ej *x, const char *key, uint32_t line, er_prefix *p, uint8_t *flags)
{
    const char *e = key + strlen(key);
    if (pu_prefix(&x->pu, line, 1, key, e, true, p, flags) != ER_ADDR_OK) {
        pu_diag(&x->pu, ER_DIAG_ERROR, line, 0, "invalid prefix '%.64s'", key);
        x->pu.failed = true;
        return false;
    }
    return true;
}

/* An address string; false after an error (empty strings are "no address": *has=false). */
static bool str_addr(ej *x, const char *s, uint32_t line, er_route *r)
{
    if (!s || !*s)
        return true;
    er_prefix a;
    if (!pu_addr(s, s + strlen(s), &a)) {
        pu_diag(&x->pu, ER_DIAG_ERROR, line, 0, "invalid next hop '%.64s'", s);
        x->pu.failed = true;
        return false;
    }
    if (a.addr == 0)
        return true;
    pu_set_nh(r, &a);
    return true;
}

static const cJSON *vrfs_of(ej *x, const cJSON *root)
{
    const cJSON *vrfs = cJSON_GetObjectItemCaseSensitive(root, "vrfs");
    if (!cJSON_IsObject(vrfs)) {
        pu_diag(&x->pu, ER_DIAG_ERROR, 0, 0, "no \"vrfs\" object: not an EOS json document");
        x->pu.failed = true;
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
    r.proto = (uint8_t)route_proto(pu_json_str(rt, "routeType"));
    if (get_bool(rt, "hardwareProgrammed", true))
        r.flags |= ER_RF_BEST;
    uint32_t v;
    if (pu_json_u32(rt, "preference", &v)) {
        r.distance = v;
        r.flags |= ER_RF_HAS_DISTANCE;
    }
    if (pu_json_u32(rt, "metric", &v)) {
        r.metric = v;
        r.flags |= ER_RF_HAS_METRIC;
    }
    const char *act = pu_json_str(rt, "routeAction");
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
        const char *nh = pu_json_str(via, "nexthopAddr");
        if (!nh)
            nh = pu_json_str(via, "vtepAddr");
        if (!str_addr(x, nh, r.line, &p))
            continue;
        const char *ifn = pu_json_str(via, "interface");
        if (ifn && *ifn)
            pu_set_iface(&x->pu, &p, ifn, ifn + strlen(ifn));
        pu_push(&x->pu, &p);
        n++;
    }
    if (n == 0)
        pu_push(&x->pu, &r);
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
        if (pu_origin_code(t, e)) {
            e = t;
            sc_trim(&s, &e);
            continue;
        }
        break;
    }
    if (!pu_as_path_chars(s, e))
        return (er_strref){0, 0}; /* "Local" and other words: no AS path */
    return pu_intern_slot(&x->pu, PU_SLOT_ASPATH, s, e);
}

static void bgp_path(ej *x, const cJSON *p, const er_route *base)
{
    er_route r = *base;
    const char *nh = pu_json_str(p, "nextHop");
    if (!str_addr(x, nh, r.line, &r))
        return;
    const cJSON *ape = cJSON_GetObjectItemCaseSensitive(p, "asPathEntry");
    const char *apt = pu_json_str(ape, "asPathType");
    r.proto = ER_PROTO_BGP;
    if (apt && strcmp(apt, "External") == 0)
        r.proto = ER_PROTO_EBGP;
    else if (apt && strcmp(apt, "Internal") == 0)
        r.proto = ER_PROTO_IBGP;
    r.as_path = as_path(x, pu_json_str(ape, "asPath"));
    uint32_t v;
    if (pu_json_u32(p, "med", &v)) {
        r.metric = v;
        r.flags |= ER_RF_HAS_METRIC;
    }
    if (pu_json_u32(p, "localPreference", &v)) {
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
        r.communities = pu_intern_slot(&x->pu, PU_SLOT_COMM, comm, comm + n);
    pu_push(&x->pu, &r);
}

static void bgp_entry(ej *x, const cJSON *en, const er_route *base)
{
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(en, "bgpRoutePaths"), *p;
    cJSON_ArrayForEach(p, paths)
    {
        if (cJSON_IsObject(p))
            bgp_path(x, p, base);
    }
}

/* ---- both documents ---- */

/* Walk {"vrfs": {VRF: {member: {PREFIX: entry}}}}, one call of fn per prefix. */
static er_status walk(er_parse_ctx *ctx, const char *buf, size_t len, const char *member,
                      void (*fn)(ej *, const cJSON *, const er_route *))
{
    ej x;
    cJSON *root = load(&x, ctx, buf, len);
    if (!root)
        return pu_finish(&x.pu);
    const cJSON *vrfs = vrfs_of(&x, root), *vrf;
    cJSON_ArrayForEach(vrf, vrfs)
    {
        if (!cJSON_IsObject(vrf))
            continue;
        locate(&x, vrf->string);
        pu_set_vrf(&x.pu, vrf->string, vrf->string + strlen(vrf->string));
        const cJSON *entries = cJSON_GetObjectItemCaseSensitive(vrf, member), *en;
        if (!cJSON_IsObject(entries))
            continue;
        cJSON_ArrayForEach(en, entries)
        {
            er_route base;
            pu_route_init(&base, locate(&x, en->string));
            if (key_prefix(&x, en->string, base.line, &base.prefix, &base.flags))
                fn(&x, en, &base);
        }
    }
    cJSON_Delete(root);
    return pu_finish(&x.pu);
}

static er_status parse_route(er_parse_ctx *ctx, const char *buf, size_t len)
{
    return walk(ctx, buf, len, "routes", route_entry);
}

static er_status parse_bgp(er_parse_ctx *ctx, const char *buf, size_t len)
{
    return walk(ctx, buf, len, "bgpRouteEntries", bgp_entry);
}

/* ---- detection ---- */

/* A '{' with only noise lines (prompt, blank, timestamp) before it. */
static bool json_start(const char *buf, size_t len)
{
    const char *open = memchr(buf, '{', len);
    if (!open)
        return false;
    er_lines it;
    er_lines_init(&it, buf, (size_t)(open - buf));
    const char *s, *e;
    while (er_lines_next(&it, &s, &e))
        if (!cisco_is_noise(s, e))
            return false;
    return true;
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
