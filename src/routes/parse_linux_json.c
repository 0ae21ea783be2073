/* Linux iproute2 `ip -j route` / `ip -j -6 route` JSON ("linux-ip-json").
 *
 * How it works: the document is an array of route objects {"dst", "gateway", "dev",
 * "protocol", "metric", "type", "table", "flags": [...], "nexthops": [...]} read with
 * cJSON. A multipath route gives one route per element of "nexthops". Types blackhole,
 * unreachable and prohibit are discard routes; broadcast, multicast, anycast, throw and nat
 * are not forwarding routes and are left out. "linkdown"/"dead" flags make a nexthop
 * non-forwarding. Tables main/local/default are the default VRF, others name the VRF. Each
 * route's line is found by a forward search for its "dst" member in the raw text. */
#include "erready/routes.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "routes/linux_metric.h"
#include "routes/parse_util.h"

static bool has_flag(const cJSON *o, const char *flag)
{
    const cJSON *fl = cJSON_GetObjectItemCaseSensitive(o, "flags");
    const cJSON *x;
    cJSON_ArrayForEach(x, fl)
    {
        if (cJSON_IsString(x) && strcmp(x->valuestring, flag) == 0)
            return true;
    }
    return false;
}

static bool is_default_table(const char *t)
{
    return !t || !*t || strcmp(t, "main") == 0 || strcmp(t, "local") == 0 ||
           strcmp(t, "default") == 0 || strcmp(t, "254") == 0 || strcmp(t, "255") == 0 ||
           strcmp(t, "253") == 0;
}

static er_proto map_proto(const char *proto, const char *type, bool gw)
{
    if (type && strcmp(type, "local") == 0)
        return ER_PROTO_LOCAL;
    if (proto) {
        er_proto p = pu_proto_word(proto, proto + strlen(proto));
        if (p == ER_PROTO_KERNEL)
            return gw ? ER_PROTO_KERNEL : ER_PROTO_CONNECTED;
        if (p != ER_PROTO_OTHER)
            return p;
        if (strcmp(proto, "boot") != 0 && strcmp(proto, "dhcp") != 0)
            return ER_PROTO_OTHER;
    }
    return gw ? ER_PROTO_STATIC : ER_PROTO_CONNECTED;
}

/* One route object (and its "nexthops"): routes pushed, or the element skipped. */
static er_status route_obj(pu_state *pu, const cJSON *o, uint32_t line, int fam_hint)
{
    const char *dst = pu_json_str(o, "dst");
    if (!cJSON_IsObject(o) || !dst) {
        pu_skipf(pu, line, "array element without a \"dst\" string");
        return ER_OK;
    }
    const char *type = pu_json_str(o, "type");
    if (type &&
        (strcmp(type, "broadcast") == 0 || strcmp(type, "multicast") == 0 ||
         strcmp(type, "anycast") == 0 || strcmp(type, "throw") == 0 || strcmp(type, "nat") == 0))
        return ER_OK;
    bool discard = type && (strcmp(type, "blackhole") == 0 || strcmp(type, "unreachable") == 0 ||
                            strcmp(type, "prohibit") == 0);
    if (type && !discard && strcmp(type, "unicast") != 0 && strcmp(type, "local") != 0) {
        char q[PU_QUOTE + 4];
        pu_skipf(pu, line, "route type '%s'", PU_QUOTED(q, type));
        return ER_OK;
    }
    er_route r;
    pu_route_init(&r, line);
    const char *de = dst + strlen(dst);
    if (strcmp(dst, "default") == 0) {
        const char *gw = pu_json_str(o, "gateway");
        r.prefix.family = (uint8_t)(gw ? (strchr(gw, ':') ? ER_AF_V6 : ER_AF_V4)
                                       : (fam_hint ? fam_hint : ER_AF_V4));
    } else {
        er_addr_err err = pu_prefix(pu, line, 0, dst, de, false, &r.prefix, &r.flags);
        if (err != ER_ADDR_OK) {
            pu_bad_addr(pu, line, 0, "destination", err, dst, de);
            return ER_OK;
        }
    }
    const char *table = pu_json_str(o, "table");
    if (is_default_table(table))
        pu_set_vrf(pu, NULL, NULL);
    else
        pu_set_vrf(pu, table, table + strlen(table));
    if (!pu->vrf_keep)
        return ER_OK;
    if (pu_json_u32(o, "metric", &r.metric))
        r.flags |= ER_RF_HAS_METRIC;
    if (discard)
        r.flags |= ER_RF_DISCARD;
    const char *proto = pu_json_str(o, "protocol");
    bool down = has_flag(o, "linkdown") || has_flag(o, "dead");
    const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(o, "nexthops");
    int count = cJSON_IsArray(nhs) ? cJSON_GetArraySize(nhs) : 0;
    for (int i = 0; i < (count ? count : 1); i++) {
        const cJSON *nh = count ? cJSON_GetArrayItem(nhs, i) : o;
        er_route x = r;
        const char *gw = pu_json_str(nh, "gateway");
        if (gw) {
            er_prefix g;
            if (!pu_addr(gw, gw + strlen(gw), &g)) {
                pu_bad_addr(pu, line, 0, "gateway", ER_ADDR_BAD, gw, gw + strlen(gw));
                continue;
            }
            pu_set_nh(&x, &g);
        }
        const char *dev = pu_json_str(nh, "dev");
        if (dev)
            x.iface = pu_intern_slot(pu, PU_SLOT_IFACE, dev, dev + strlen(dev));
        x.proto = (uint8_t)map_proto(proto, type, gw != NULL);
        bool nh_down = count && (has_flag(nh, "linkdown") || has_flag(nh, "dead"));
        if (!down && !nh_down)
            x.flags |= ER_RF_BEST;
        er_status st = pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &x);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    pu_state state, *pu = &state;
    pu_init(pu, ctx, buf, len);
    cJSON *doc = NULL;
    er_status st = pu_json_parse(pu, buf, len, buf, buf + len, NULL, &doc);
    if (st != ER_OK)
        return st;
    if (!cJSON_IsArray(doc)) {
        pu_doc_reject(pu, 1, 0, "ip -j route output must be a json array");
        cJSON_Delete(doc);
        return ER_ERR_PARSE;
    }
    pu_jline jl;
    pu_jline_init(&jl, buf, len);
    int fam_hint = 0;
    const cJSON *o;
    /* Family for "default": from the first explicit destination. */
    cJSON_ArrayForEach(o, doc)
    {
        const char *dst = pu_json_str(o, "dst");
        er_prefix pf;
        if (dst && strcmp(dst, "default") != 0 &&
            er_prefix_parse(dst, false, &pf) != ER_ADDR_BAD) {
            fam_hint = strchr(dst, ':') ? ER_AF_V6 : ER_AF_V4;
            break;
        }
    }
    cJSON_ArrayForEach(o, doc)
    {
        pu_jline_find(&jl, "\"dst\"");
        uint32_t line = jl.line;
        if (jl.p < jl.end)
            jl.p++;
        if ((st = route_obj(pu, o, line, fam_hint)) != ER_OK)
            break;
    }
    cJSON_Delete(doc);
    return st != ER_OK ? st : linux_finish(pu);
}

/* A JSON array whose first object has "dst" and one of "dev"/"gateway"/"type". */
static int detect(const char *buf, size_t len)
{
    const char *p = buf, *e = buf + len;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p >= e || *p != '[')
        return 0;
    const char *w = e - p > 4096 ? p + 4096 : e;
    const char *d = sc_find(p, w, "\"dst\"");
    if (!d)
        return 0;
    if (sc_find(p, w, "\"dev\"") || sc_find(p, w, "\"gateway\"") || sc_find(p, w, "\"type\""))
        return 85;
    return 0;
}

const er_parser er_parser_linux_ip_json = {
    "linux-ip-json",
    "Linux iproute2 ip -j route (JSON)",
    "a JSON array of objects with \"dst\" and \"dev\"/\"gateway\" members",
    detect,
    parse,
};
