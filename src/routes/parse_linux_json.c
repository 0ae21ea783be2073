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

#include "routes/internal.h"
#include "routes/scan.h"

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
        er_proto p = er_routes_proto_word(proto, proto + strlen(proto));
        if (p == ER_PROTO_KERNEL)
            return gw ? ER_PROTO_KERNEL : ER_PROTO_CONNECTED;
        if (p != ER_PROTO_OTHER)
            return p;
        if (strcmp(proto, "boot") != 0 && strcmp(proto, "dhcp") != 0)
            return ER_PROTO_OTHER;
    }
    return gw ? ER_PROTO_STATIC : ER_PROTO_CONNECTED;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    size_t first = er_rtable_count(ctx->table);
    ctx->stats->lines = er_routes_count_all_lines(buf, len);
    cJSON *doc = NULL;
    er_status st = er_routes_json_parse(ctx, buf, len, buf, buf + len, &doc);
    if (st != ER_OK)
        return st;
    if (!cJSON_IsArray(doc)) {
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 0,
                     "ip -j route output must be a json array");
        ctx->stats->skipped = ctx->stats->lines;
        cJSON_Delete(doc);
        return ER_ERR_PARSE;
    }
    ctx->stats->understood = ctx->stats->lines;
    er_jline jl;
    er_routes_jline_init(&jl, buf, len);
    bool failed = false;
    int fam_hint = 0;
    const cJSON *o;
    /* Family for "default": from the first explicit destination. */
    cJSON_ArrayForEach(o, doc)
    {
        const char *dst = er_routes_json_str(o, "dst");
        er_prefix pf;
        if (dst && strcmp(dst, "default") != 0 &&
            er_prefix_parse(dst, false, &pf) != ER_ADDR_BAD) {
            fam_hint = strchr(dst, ':') ? ER_AF_V6 : ER_AF_V4;
            break;
        }
    }
    cJSON_ArrayForEach(o, doc)
    {
        uint32_t line = er_routes_jline_seek(&jl, "\"dst\"", 5);
        if (jl.p < jl.end)
            jl.p++;
        const char *dst = er_routes_json_str(o, "dst");
        if (!cJSON_IsObject(o) || !dst) {
            er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 0,
                         "not understood: array element without a \"dst\" string");
            ctx->stats->understood--;
            ctx->stats->skipped++;
            continue;
        }
        const char *type = er_routes_json_str(o, "type");
        if (type && (strcmp(type, "broadcast") == 0 || strcmp(type, "multicast") == 0 ||
                     strcmp(type, "anycast") == 0 || strcmp(type, "throw") == 0 ||
                     strcmp(type, "nat") == 0))
            continue;
        bool discard = type && (strcmp(type, "blackhole") == 0 ||
                                strcmp(type, "unreachable") == 0 ||
                                strcmp(type, "prohibit") == 0);
        if (type && !discard && strcmp(type, "unicast") != 0 && strcmp(type, "local") != 0) {
            int shown = 0; /* quoted up to a control character: a message is one line */
            while (shown < 64 && (unsigned char)type[shown] >= 0x20)
                shown++;
            er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, line, 0,
                         "not understood: route type '%.*s'", shown, type);
            ctx->stats->understood--;
            ctx->stats->skipped++;
            continue;
        }
        er_route r;
        memset(&r, 0, sizeof r);
        if (strcmp(dst, "default") == 0) {
            const char *gw = er_routes_json_str(o, "gateway");
            r.prefix.family = (uint8_t)(gw ? (strchr(gw, ':') ? ER_AF_V6 : ER_AF_V4)
                                           : (fam_hint ? fam_hint : ER_AF_V4));
        } else {
            er_addr_err err = er_routes_prefix(ctx, line, NULL, dst, dst + strlen(dst), false,
                                               &r.prefix, &r.flags);
            if (err != ER_ADDR_OK) {
                er_routes_bad_addr(ctx, line, NULL, dst, dst + strlen(dst), "destination",
                                   err);
                ctx->stats->understood--; /* counted understood with the document */
                failed = true;
                continue;
            }
        }
        const char *table = er_routes_json_str(o, "table");
        bool dflt = is_default_table(table);
        if (!er_routes_vrf_wanted(ctx, dflt ? "" : table, dflt ? 0 : strlen(table)))
            continue;
        bool ok = true;
        if (!dflt)
            r.vrf = er_routes_intern(ctx, table, strlen(table), &ok);
        if (er_routes_json_u32(o, "metric", &r.metric))
            r.flags |= ER_RF_HAS_METRIC;
        if (discard)
            r.flags |= ER_RF_DISCARD;
        const char *proto = er_routes_json_str(o, "protocol");
        bool down = has_flag(o, "linkdown") || has_flag(o, "dead");
        const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(o, "nexthops");
        int count = cJSON_IsArray(nhs) ? cJSON_GetArraySize(nhs) : 0;
        for (int i = 0; i < (count ? count : 1); i++) {
            const cJSON *nh = count ? cJSON_GetArrayItem(nhs, i) : o;
            er_route x = r;
            const char *gw = er_routes_json_str(nh, "gateway");
            if (gw) {
                er_prefix g;
                if (!er_routes_addr(gw, gw + strlen(gw), &g)) {
                    er_routes_bad_addr(ctx, line, NULL, gw, gw + strlen(gw), "gateway",
                                       ER_ADDR_BAD);
                    ctx->stats->understood--;
                    failed = true;
                    continue;
                }
                x.next_hop = g.addr;
                x.nh_family = g.family;
                x.flags |= ER_RF_HAS_NH;
            }
            const char *dev = er_routes_json_str(nh, "dev");
            if (dev)
                x.iface = er_routes_intern(ctx, dev, strlen(dev), &ok);
            if (!ok) {
                cJSON_Delete(doc);
                return ER_ERR_NOMEM;
            }
            x.proto = (uint8_t)map_proto(proto, type, gw != NULL);
            bool nh_down = count && (has_flag(nh, "linkdown") || has_flag(nh, "dead"));
            if (!down && !nh_down)
                x.flags |= ER_RF_BEST;
            if ((st = er_routes_push(ctx, &x, line)) != ER_OK) {
                cJSON_Delete(doc);
                return st;
            }
        }
    }
    cJSON_Delete(doc);
    if ((st = er_routes_linux_metric_pass(ctx, first)) != ER_OK)
        return st;
    return failed ? ER_ERR_PARSE : ER_OK;
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
