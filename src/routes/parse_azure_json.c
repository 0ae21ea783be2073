/* Azure route tables as JSON: az network express-route list-route-tables, az network
 * nic show-effective-route-table, vWAN hub effective routes (az network vhub
 * get-effective-routes); as the REST body {"value": [...], "nextLink": ...} or as a
 * bare array.
 *
 * How it works: cJSON parses the whole document (an invalid or truncated one is one
 * error at the line where it broke). Each element of the array is recognised by its
 * keys: "network" + "nextHop" is an ExpressRoute row (locPrf, weight, path; a '*'
 * after the next hop marks the best path, see azure_routes.h), "addressPrefix" +
 * "nextHopType" is an effective route (one route per prefix and next hop address;
 * state Active = best, nextHopType None = discard, the next hop type is kept as the
 * interface), "addressPrefixes" + "nextHopType" is a vWAN effective route (all best,
 * dash-separated asPath). An element that is none of these is one warning. Line
 * accounting: when the document parses, all its lines count as understood except one
 * per element not understood. A route's line is the line of its element's prefix key,
 * found by walking the raw text forward to the next occurrence of that key. A
 * non-empty nextLink means the service paged the answer: a warning says routes are
 * missing. */
#include <cjson/cJSON.h>
#include <string.h>

#include "routes/azure_routes.h"

typedef struct azjson_state {
    pu_state pu;
    pu_jline cur; /* forward cursor for element lines */
    az_group group;
} azjson_state;

static bool str_item(const cJSON *o, const char *key, const char **s, const char **e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return false;
    *s = v->valuestring;
    *e = v->valuestring + strlen(v->valuestring);
    return true;
}

/* A number given as a JSON number or a decimal string; "" and null are absent. */
static int num_item(const cJSON *o, const char *key, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble < 0 || v->valuedouble > 4294967295.0 ||
            v->valuedouble != (double)(uint32_t)v->valuedouble)
            return -1;
        *out = (uint32_t)v->valuedouble;
        return 1;
    }
    if (cJSON_IsString(v) && v->valuestring) {
        const char *s = v->valuestring, *e = s + strlen(s);
        if (s == e)
            return 0;
        return sc_u32(s, e, out) ? 1 : -1;
    }
    return -1;
}

static er_status er_elem(azjson_state *st, const cJSON *o, size_t idx)
{
    pu_state *pu = &st->pu;
    uint32_t line = pu_jline_key(&st->cur, "network");
    const char *ns, *ne, *hs, *he, *ps, *pe;
    if (!str_item(o, "network", &ns, &ne) || !str_item(o, "nextHop", &hs, &he)) {
        pu_skipf(pu, line, "element %zu: network and nextHop must be strings", idx);
        return ER_OK;
    }
    er_route r;
    pu_route_init(&r, line);
    r.proto = ER_PROTO_BGP;
    if (pu_prefix(pu, line, 1, ns, ne, true, &r.prefix, &r.flags) != ER_ADDR_OK) {
        pu_error(pu, line, 0, "bad network prefix", ns, ne);
        return ER_OK;
    }
    er_prefix nh;
    bool starred = false, bad = false;
    if (hs != he) {
        if (!az_next_hop(hs, he, &nh, &starred, &bad)) {
            if (bad)
                pu_error(pu, line, 0, "bad next hop", hs, he);
            else
                pu_skipf(pu, line, "element %zu: nextHop is not an address", idx);
            return ER_OK;
        }
        pu_set_nh(&r, &nh);
    }
    uint32_t v;
    int k = num_item(o, "locPrf", &v);
    if (k < 0) {
        pu_skipf(pu, line, "element %zu: locPrf is not a number", idx);
        return ER_OK;
    }
    if (k > 0) {
        r.locpref = v;
        r.flags |= ER_RF_HAS_LOCPREF;
    }
    if (num_item(o, "weight", &v) < 0) {
        pu_skipf(pu, line, "element %zu: weight is not a number", idx);
        return ER_OK;
    }
    if (str_item(o, "path", &ps, &pe) && !az_read_as_path(pu, line, 1, ps, pe, &r))
        return ER_ERR_NOMEM;
    return az_group_push(pu, &st->group, &r, starred, NULL);
}

/* Effective route (NIC) or vWAN effective route. */
static er_status eff_elem(azjson_state *st, const cJSON *o, size_t idx, bool vwan)
{
    pu_state *pu = &st->pu;
    const char *key = vwan ? "addressPrefixes" : "addressPrefix";
    uint32_t line = pu_jline_key(&st->cur, key);
    const cJSON *pfx = cJSON_GetObjectItemCaseSensitive(o, key);
    const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(o, "nextHopIpAddress");
    const char *ts, *te, *ss = "", *se = ss, *xs, *xe;
    if (!cJSON_IsArray(pfx) || !str_item(o, "nextHopType", &ts, &te) || ts == te) {
        pu_skipf(pu, line, "element %zu: %s must be an array and nextHopType a string", idx, key);
        return ER_OK;
    }
    if (!vwan && nhs && !cJSON_IsNull(nhs) && !cJSON_IsArray(nhs)) {
        pu_skipf(pu, line, "element %zu: nextHopIpAddress must be an array", idx);
        return ER_OK;
    }
    er_route r;
    pu_route_init(&r, line);
    bool best = true;
    if (!vwan) {
        str_item(o, "source", &ss, &se);
        if (str_item(o, "state", &xs, &xe)) {
            if (sc_eq(xs, xe, "Active")) {
                best = true;
            } else if (sc_eq(xs, xe, "Invalid")) {
                best = false;
            } else {
                pu_skipf(pu, line, "element %zu: state is neither Active nor Invalid", idx);
                return ER_OK;
            }
        }
        r.proto = (uint8_t)az_effective_proto(ss, se, ts, te);
    } else {
        const char *as, *ae;
        if (str_item(o, "asPath", &as, &ae) && !az_read_as_path(pu, line, 1, as, ae, &r))
            return ER_ERR_NOMEM;
        r.proto = r.as_path.len ? ER_PROTO_BGP : ER_PROTO_OTHER;
    }
    if (az_nht_is_discard(ts, te))
        r.flags |= ER_RF_DISCARD;
    if (best)
        r.flags |= ER_RF_BEST;
    /* validate everything before adding */
    const cJSON *it;
    cJSON_ArrayForEach(it, pfx)
    {
        er_prefix p;
        uint8_t fl = 0;
        if (!cJSON_IsString(it) || !it->valuestring) {
            pu_skipf(pu, line, "element %zu: a prefix is not a string", idx);
            return ER_OK;
        }
        const char *s = it->valuestring, *e = s + strlen(s);
        if (pu_prefix(pu, line, 1, s, e, true, &p, &fl) != ER_ADDR_OK) {
            pu_error(pu, line, 0, "bad address prefix", s, e);
            return ER_OK;
        }
    }
    size_t nnh = 0;
    if (!vwan && cJSON_IsArray(nhs)) {
        cJSON_ArrayForEach(it, nhs)
        {
            er_prefix a;
            if (!cJSON_IsString(it) || !it->valuestring) {
                pu_skipf(pu, line, "element %zu: a next hop is not a string", idx);
                return ER_OK;
            }
            const char *s = it->valuestring, *e = s + strlen(s);
            if (!pu_addr(s, e, &a)) {
                pu_error(pu, line, 0, "bad next hop ip", s, e);
                return ER_OK;
            }
            nnh++;
        }
    }
    r.iface = pu_intern(pu, ts, te);
    cJSON_ArrayForEach(it, pfx)
    {
        er_route x = r;
        const char *s = it->valuestring;
        az_quiet_prefix(s, s + strlen(s), &x);
        if (!nnh) {
            pu_push(pu, &x);
            continue;
        }
        const cJSON *h;
        cJSON_ArrayForEach(h, nhs)
        {
            er_route y = x;
            er_prefix a;
            pu_addr(h->valuestring, h->valuestring + strlen(h->valuestring), &a);
            pu_set_nh(&y, &a);
            pu_push(pu, &y);
        }
    }
    return pu->nomem ? ER_ERR_NOMEM : ER_OK;
}

static er_status azjson_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    azjson_state st;
    memset(&st, 0, sizeof st);
    pu_init(&st.pu, ctx, buf, len);
    pu_jline_init(&st.cur, buf, len);
    az_group_init(&st.group);
    cJSON *root = NULL;
    if (pu_json_parse(&st.pu, buf, len, buf, buf + len, NULL, &root) != ER_OK)
        return ER_ERR_PARSE;
    const cJSON *arr = root;
    if (cJSON_IsObject(root)) {
        arr = cJSON_GetObjectItemCaseSensitive(root, "value");
        const cJSON *next = cJSON_GetObjectItemCaseSensitive(root, "nextLink");
        if (cJSON_IsString(next) && next->valuestring && next->valuestring[0])
            pu_diag(&st.pu, ER_DIAG_WARNING, 0, 0,
                    "the answer has a nextLink: routes on further pages are missing");
    }
    if (!cJSON_IsArray(arr)) {
        pu_doc_reject(&st.pu, 1, 1,
                      "expected a json array of routes or an object with a \"value\" array");
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    er_status rc = ER_OK;
    size_t idx = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, arr)
    {
        if (!cJSON_IsObject(el)) {
            pu_skipf(&st.pu, st.cur.line, "element %zu: not an object", idx);
        } else if (cJSON_GetObjectItemCaseSensitive(el, "network") &&
                   cJSON_GetObjectItemCaseSensitive(el, "nextHop")) {
            rc = er_elem(&st, el, idx);
        } else if (cJSON_GetObjectItemCaseSensitive(el, "addressPrefix") &&
                   cJSON_GetObjectItemCaseSensitive(el, "nextHopType")) {
            rc = eff_elem(&st, el, idx, false);
        } else if (cJSON_GetObjectItemCaseSensitive(el, "addressPrefixes") &&
                   cJSON_GetObjectItemCaseSensitive(el, "nextHopType")) {
            rc = eff_elem(&st, el, idx, true);
        } else {
            pu_skipf(&st.pu, st.cur.line,
                     "element %zu: not a route (no network/nextHop or "
                     "addressPrefix/nextHopType)",
                     idx);
        }
        if (rc != ER_OK)
            break;
        idx++;
    }
    cJSON_Delete(root);
    if (rc != ER_OK)
        return rc;
    az_group_close(&st.pu, &st.group);
    return pu_finish(&st.pu);
}

/* JSON whose first keys name route fields of one of the three forms. */
static int azjson_detect(const char *buf, size_t len)
{
    const char *end = buf + len, *p = buf;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p == end || (*p != '{' && *p != '['))
        return 0;
    bool er = sc_find(p, end, "\"network\"") && sc_find(p, end, "\"nextHop\"") &&
              (sc_find(p, end, "\"locPrf\"") || sc_find(p, end, "\"weight\""));
    bool nic = sc_find(p, end, "\"addressPrefix\"") && sc_find(p, end, "\"nextHopType\"");
    bool vwan = sc_find(p, end, "\"addressPrefixes\"") && sc_find(p, end, "\"nextHopType\"");
    return er || nic || vwan ? 90 : 0;
}

const er_parser er_parser_azure_json = {
    "azure-json",
    "Azure JSON: express-route list-route-tables, nic show-effective-route-table, vWAN "
    "effective routes",
    "a JSON array (or {\"value\": [...]}) of objects with network/nextHop/locPrf or "
    "addressPrefix/nextHopType",
    azjson_detect,
    azjson_parse,
};
