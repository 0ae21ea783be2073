/* Azure route tables as JSON: az network express-route list-route-tables, az network
 * nic show-effective-route-table, vWAN hub effective routes (az network vhub
 * get-effective-routes); as the REST body {"value": [...], "nextLink": ...} or as a
 * bare array.
 *
 * How it works: cJSON parses the whole document (an invalid or truncated one is one
 * error at the line where it broke). Each element of the array is recognised by its
 * keys: "network" + "nextHop" is an ExpressRoute row (locPrf, weight, path; a '*'
 * after the next hop marks the best path, see parse_azure_common.h), "addressPrefix" +
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

#include "routes/parse_azure_common.h"

typedef struct azjson_state {
    er_parse_ctx *ctx;
    bool failed;
    const char *buf, *end;
    /* forward cursor for element lines */
    const char *cur;
    uint32_t cur_line;
    az_er_group group;
    uint64_t skipped_elems;
} azjson_state;

static uint32_t line_of(const char *buf, const char *at, uint32_t *col)
{
    uint32_t line = 1;
    const char *ls = buf;
    for (const char *p = buf; p < at; p++) {
        if (*p == '\n') {
            line++;
            ls = p + 1;
        }
    }
    if (col)
        *col = (uint32_t)(at - ls) + 1;
    return line;
}

/* Line of the next `"key"` followed by ':' after the cursor; the cursor moves past it.
 * Falls back to the cursor's line if the key is not found. */
static uint32_t next_key_line(azjson_state *st, const char *key)
{
    size_t kn = strlen(key);
    const char *p = st->cur;
    while (p < st->end) {
        const char *q = memchr(p, '"', (size_t)(st->end - p));
        if (!q || (size_t)(st->end - q) < kn + 2)
            break;
        if (memcmp(q + 1, key, kn) == 0 && q[kn + 1] == '"') {
            const char *c = q + kn + 2;
            while (c < st->end && (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n'))
                c++;
            if (c < st->end && *c == ':') {
                for (const char *x = st->cur; x < q; x++)
                    if (*x == '\n')
                        st->cur_line++;
                st->cur = q + kn + 2;
                return st->cur_line;
            }
        }
        p = q + 1;
    }
    return st->cur_line;
}

static void elem_skip(azjson_state *st, uint32_t line, size_t idx, const char *why)
{
    st->skipped_elems++;
    er_diags_add(st->ctx->diags, ER_DIAG_WARNING, st->ctx->path, line, 0,
                 "not understood: element %zu: %s", idx, why);
}

/* An element with a malformed address: one error, the parse fails at the end. */
static void elem_bad(azjson_state *st, uint32_t line, const char *what, const char *s,
                     const char *e)
{
    char q[FW_QUOTE + 4];
    st->skipped_elems++;
    st->failed = true;
    er_diags_add(st->ctx->diags, ER_DIAG_ERROR, st->ctx->path, line, 0, "%s: '%s'", what,
                 fw_quote(q, s, e));
}

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
    er_parse_ctx *ctx = st->ctx;
    uint32_t line = next_key_line(st, "network");
    const char *ns, *ne, *hs, *he, *ps, *pe;
    if (!str_item(o, "network", &ns, &ne) || !str_item(o, "nextHop", &hs, &he)) {
        elem_skip(st, line, idx, "network and nextHop must be strings");
        return ER_OK;
    }
    er_route r;
    fw_route_init(&r, line);
    r.proto = ER_PROTO_BGP;
    if (!fw_prefix(ctx, line, ns, ns, ne, true, &r.prefix, &r.flags)) {
        elem_bad(st, line, "bad network prefix", ns, ne);
        return ER_OK;
    }
    er_prefix nh;
    bool starred = false, bad = false;
    if (hs != he) {
        if (!er_az_next_hop(hs, he, &nh, &starred, &bad)) {
            if (bad) {
                elem_bad(st, line, "bad next hop", hs, he);
            } else {
                elem_skip(st, line, idx, "nextHop is not an address");
            }
            return ER_OK;
        }
        r.next_hop = nh.addr;
        r.nh_family = nh.family;
        r.flags |= ER_RF_HAS_NH;
    }
    uint32_t v;
    int k = num_item(o, "locPrf", &v);
    if (k < 0) {
        elem_skip(st, line, idx, "locPrf is not a number");
        return ER_OK;
    }
    if (k > 0) {
        r.locpref = v;
        r.flags |= ER_RF_HAS_LOCPREF;
    }
    if (num_item(o, "weight", &v) < 0) {
        elem_skip(st, line, idx, "weight is not a number");
        return ER_OK;
    }
    if (str_item(o, "path", &ps, &pe)) {
        int a = er_az_as_path(ctx, ps, pe, &r.as_path);
        if (a < 0)
            return ER_ERR_NOMEM;
        if (a == 0)
            er_az_path_warning(ctx, line, ps, ps, pe);
    }
    return er_az_er_group_push(ctx, &st->group, &r, starred, NULL, fw_vrf_keep(ctx, NULL, NULL));
}

/* Effective route (NIC) or vWAN effective route. */
static er_status eff_elem(azjson_state *st, const cJSON *o, size_t idx, bool vwan)
{
    er_parse_ctx *ctx = st->ctx;
    const char *key = vwan ? "addressPrefixes" : "addressPrefix";
    uint32_t line = next_key_line(st, key);
    const cJSON *pfx = cJSON_GetObjectItemCaseSensitive(o, key);
    const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(o, "nextHopIpAddress");
    const char *ts, *te, *ss = "", *se = ss, *xs, *xe;
    if (!cJSON_IsArray(pfx) || !str_item(o, "nextHopType", &ts, &te) || ts == te) {
        elem_skip(st, line, idx, vwan ? "addressPrefixes must be an array and nextHopType a string"
                                      : "addressPrefix must be an array and nextHopType a string");
        return ER_OK;
    }
    if (!vwan && nhs && !cJSON_IsNull(nhs) && !cJSON_IsArray(nhs)) {
        elem_skip(st, line, idx, "nextHopIpAddress must be an array");
        return ER_OK;
    }
    er_route r;
    fw_route_init(&r, line);
    bool best = true;
    if (!vwan) {
        str_item(o, "source", &ss, &se);
        if (str_item(o, "state", &xs, &xe)) {
            if (sc_eq(xs, xe, "Active"))
                best = true;
            else if (sc_eq(xs, xe, "Invalid"))
                best = false;
            else {
                elem_skip(st, line, idx, "state is neither Active nor Invalid");
                return ER_OK;
            }
        }
        r.proto = (uint8_t)er_az_effective_proto(ss, se, ts, te);
    } else {
        const char *as, *ae;
        if (str_item(o, "asPath", &as, &ae)) {
            int a = er_az_as_path(ctx, as, ae, &r.as_path);
            if (a < 0)
                return ER_ERR_NOMEM;
            if (a == 0)
                er_az_path_warning(ctx, line, as, as, ae);
        }
        r.proto = r.as_path.len ? ER_PROTO_BGP : ER_PROTO_OTHER;
    }
    if (er_az_nht_is_discard(ts, te))
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
            elem_skip(st, line, idx, "a prefix is not a string");
            return ER_OK;
        }
        const char *s = it->valuestring, *e = s + strlen(s);
        if (!fw_prefix(ctx, line, s, s, e, true, &p, &fl)) {
            elem_bad(st, line, "bad address prefix", s, e);
            return ER_OK;
        }
    }
    size_t nnh = 0;
    if (!vwan && cJSON_IsArray(nhs)) {
        cJSON_ArrayForEach(it, nhs)
        {
            er_prefix a;
            if (!cJSON_IsString(it) || !it->valuestring) {
                elem_skip(st, line, idx, "a next hop is not a string");
                return ER_OK;
            }
            const char *s = it->valuestring, *e = s + strlen(s);
            if (!fw_addr(s, e, &a)) {
                elem_bad(st, line, "bad next hop ip", s, e);
                return ER_OK;
            }
            nnh++;
        }
    }
    if (!fw_vrf_keep(ctx, NULL, NULL))
        return ER_OK;
    if (!fw_intern(ctx, ts, te, &r.iface))
        return ER_ERR_NOMEM;
    cJSON_ArrayForEach(it, pfx)
    {
        er_route x = r;
        const char *s = it->valuestring, *e = s + strlen(s), *n2;
        er_prefix_scan(s, e, true, &x.prefix, &n2);
        if (er_prefix_mask_host(&x.prefix))
            x.flags |= ER_RF_HOSTBITS;
        if (!nnh) {
            er_status rc = fw_push(ctx, &x);
            if (rc != ER_OK)
                return rc;
            continue;
        }
        const cJSON *h;
        cJSON_ArrayForEach(h, nhs)
        {
            er_route y = x;
            er_prefix a;
            fw_addr(h->valuestring, h->valuestring + strlen(h->valuestring), &a);
            y.next_hop = a.addr;
            y.nh_family = a.family;
            y.flags |= ER_RF_HAS_NH;
            er_status rc = fw_push(ctx, &y);
            if (rc != ER_OK)
                return rc;
        }
    }
    return ER_OK;
}

static er_status azjson_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    azjson_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.buf = buf;
    st.end = buf + len;
    st.cur = buf;
    st.cur_line = 1;
    st.group.first = SIZE_MAX;
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e))
        ctx->stats->lines++;

    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &stop, false);
    if (!root) {
        uint32_t col = 0;
        const char *at = stop && stop >= buf && stop <= buf + len ? stop : buf + len;
        uint32_t line = line_of(buf, at, &col);
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, line, col,
                     at >= buf + len ? "json document is truncated" : "invalid json");
        ctx->stats->skipped = ctx->stats->lines;
        return ER_ERR_PARSE;
    }
    /* only blanks may follow the document */
    for (const char *p = stop; p && p < buf + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            uint32_t col = 0;
            uint32_t line = line_of(buf, p, &col);
            er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, line, col,
                         "unexpected data after the json document");
            ctx->stats->skipped = ctx->stats->lines;
            cJSON_Delete(root);
            return ER_ERR_PARSE;
        }
    }
    const cJSON *arr = root;
    if (cJSON_IsObject(root)) {
        arr = cJSON_GetObjectItemCaseSensitive(root, "value");
        const cJSON *next = cJSON_GetObjectItemCaseSensitive(root, "nextLink");
        if (cJSON_IsString(next) && next->valuestring && next->valuestring[0])
            er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, 0, 0,
                         "the answer has a nextLink: routes on further pages are missing");
    }
    if (!cJSON_IsArray(arr)) {
        er_diags_add(ctx->diags, ER_DIAG_ERROR, ctx->path, 1, 1,
                     "expected a json array of routes or an object with a \"value\" array");
        ctx->stats->skipped = ctx->stats->lines;
        cJSON_Delete(root);
        return ER_ERR_PARSE;
    }
    er_status rc = ER_OK;
    size_t idx = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, arr)
    {
        if (!cJSON_IsObject(el)) {
            elem_skip(&st, st.cur_line, idx, "not an object");
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
            elem_skip(&st, st.cur_line, idx, "not a route (no network/nextHop or "
                                             "addressPrefix/nextHopType)");
        }
        if (rc != ER_OK)
            break;
        idx++;
    }
    cJSON_Delete(root);
    if (rc != ER_OK)
        return rc;
    er_az_er_group_close(ctx, &st.group);
    uint64_t sk = st.skipped_elems < ctx->stats->lines ? st.skipped_elems : ctx->stats->lines;
    ctx->stats->skipped += sk;
    ctx->stats->understood = ctx->stats->lines - ctx->stats->skipped;
    return st.failed ? ER_ERR_PARSE : ER_OK;
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
