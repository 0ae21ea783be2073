/* Path classes of routes: the default rules of DESIGN.md section 2 plus overrides by next
 * hop from the command line, and by next hop, interface, neighbor ASN or community from
 * the site profile. */
#include <string.h>

#include "erready/analyze.h"

#define MICROSOFT_ASN 12076u

static bool asn_is_private(uint32_t a)
{
    return (a >= 64512 && a <= 65534) || (a >= 4200000000u && a <= 4294967294u) || a == 0 ||
           a == 23456 || (a >= 64496 && a <= 64511) || a == 65535;
}

uint32_t er_as_path_first_public(const char *s, size_t len)
{
    const char *p = s, *e = s + len;
    int depth = 0; /* inside ( ) confederation segments or { } sets */
    while (p < e) {
        char c = *p;
        if (c == '(' || c == '{' || c == '[') {
            depth++;
            p++;
            continue;
        }
        if (c == ')' || c == '}' || c == ']') {
            if (depth)
                depth--;
            p++;
            continue;
        }
        if (c >= '0' && c <= '9') {
            uint64_t v = 0;
            const char *q = p;
            while (q < e && *q >= '0' && *q <= '9' && v <= UINT32_MAX) {
                v = v * 10 + (uint64_t)(*q - '0');
                q++;
            }
            /* asdot "1.10" notation */
            if (q < e && *q == '.' && q + 1 < e && q[1] >= '0' && q[1] <= '9') {
                uint64_t lo = 0;
                q++;
                while (q < e && *q >= '0' && *q <= '9' && lo <= 65535) {
                    lo = lo * 10 + (uint64_t)(*q - '0');
                    q++;
                }
                v = (v << 16) | lo;
            }
            p = q;
            if (depth == 0 && v <= UINT32_MAX && !asn_is_private((uint32_t)v))
                return (uint32_t)v;
            continue;
        }
        p++;
    }
    return 0;
}

static bool nh_matches(const er_route *r, const er_prefix *list, size_t n)
{
    if (!(r->flags & ER_RF_HAS_NH))
        return false;
    int fam = r->nh_family ? r->nh_family : r->prefix.family;
    for (size_t i = 0; i < n; i++)
        if (list[i].family == fam && list[i].addr == r->next_hop)
            return true;
    return false;
}

static bool iface_is(const er_rtable *t, const er_route *r, const char *name)
{
    size_t n = strlen(name);
    return r->iface.len == n && strncmp(er_rtable_str(t, r->iface), name, n) == 0;
}

/* The first ASN of an AS path (any, private included: the neighbor AS), 0 if none. */
static uint32_t first_asn(const char *s, size_t len)
{
    const char *p = s, *e = s + len;
    while (p < e && !(*p >= '0' && *p <= '9')) {
        if (*p == '(' || *p == '{' || *p == '[')
            return 0; /* a set or confederation segment first: no single neighbor AS */
        p++;
    }
    uint64_t v = 0;
    const char *q = p;
    while (q < e && *q >= '0' && *q <= '9' && v <= UINT32_MAX)
        v = v * 10 + (uint64_t)(*q++ - '0');
    return q > p && v <= UINT32_MAX ? (uint32_t)v : 0;
}

/* Does the space-separated community list carry `want` exactly? */
static bool has_community(const char *s, size_t len, const char *want)
{
    size_t n = strlen(want);
    const char *p = s, *e = s + len;
    while (p < e) {
        while (p < e && *p == ' ')
            p++;
        const char *q = p;
        while (q < e && *q != ' ')
            q++;
        if ((size_t)(q - p) == n && memcmp(p, want, n) == 0)
            return true;
        p = q;
    }
    return false;
}

static bool rules_match(const er_rtable *t, const er_route *r, const er_class_rules *cr)
{
    if (nh_matches(r, cr->nexthops, cr->n_nexthops))
        return true;
    for (size_t i = 0; i < cr->n_ifaces; i++)
        if (iface_is(t, r, cr->ifaces[i]))
            return true;
    if (cr->n_asns && r->as_path.len) {
        uint32_t a = first_asn(er_rtable_str(t, r->as_path), r->as_path.len);
        for (size_t i = 0; a && i < cr->n_asns; i++)
            if (cr->asns[i] == a)
                return true;
    }
    for (size_t i = 0; r->communities.len && i < cr->n_communities; i++)
        if (has_community(er_rtable_str(t, r->communities), r->communities.len,
                          cr->communities[i]))
            return true;
    return false;
}

er_pathclass er_classify_route(const er_rtable *t, const er_route *r, const er_classify_opts *o)
{
    if (o) {
        static const er_pathclass order[] = {ER_PC_EXPRESSROUTE, ER_PC_INTERNET, ER_PC_VPN,
                                             ER_PC_INTERNAL, ER_PC_DISCARD};
        for (size_t i = 0; i < ER_ARRAY_LEN(order); i++)
            if (nh_matches(r, o->nexthops[order[i]], o->n_nexthops[order[i]]))
                return order[i];
        if (o->rules)
            for (size_t i = 0; i < ER_ARRAY_LEN(order); i++)
                if (rules_match(t, r, &o->rules[order[i]]))
                    return order[i];
    }
    if (r->flags & ER_RF_DISCARD)
        return ER_PC_DISCARD;
    /* Azure effective routes carry the next-hop type in the interface field. */
    if (r->iface.len) {
        if (iface_is(t, r, "Internet"))
            return ER_PC_INTERNET;
        if (iface_is(t, r, "VirtualNetworkGateway"))
            return ER_PC_EXPRESSROUTE;
        if (iface_is(t, r, "VnetLocal") || iface_is(t, r, "VNetPeering") ||
            iface_is(t, r, "VirtualAppliance") || iface_is(t, r, "VNetGlobalPeering"))
            return ER_PC_INTERNAL;
        if (iface_is(t, r, "None"))
            return ER_PC_DISCARD;
    }
    uint32_t first =
        r->as_path.len ? er_as_path_first_public(er_rtable_str(t, r->as_path), r->as_path.len) : 0;
    if (first == MICROSOFT_ASN)
        return ER_PC_EXPRESSROUTE;
    if (r->prefix.len == 0 || first)
        return ER_PC_INTERNET;
    if (r->proto == ER_PROTO_CONNECTED || r->proto == ER_PROTO_LOCAL)
        return ER_PC_INTERNAL;
    if (er_prefix_is_private(&r->prefix))
        return ER_PC_INTERNAL;
    return ER_PC_INTERNET;
}

void er_classify_all(er_rtable *t, const er_classify_opts *o)
{
    size_t n = er_rtable_count(t);
    for (size_t i = 0; i < n; i++) {
        er_route *r = er_rtable_at(t, i);
        r->path_class = (uint8_t)er_classify_route(t, r, o);
    }
}
