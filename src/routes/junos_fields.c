/* Junos fields shared by the text, JSON and XML parsers: tables, protocols, AS paths. */
#include "routes/junos_fields.h"

#include <string.h>

bool junos_unicast_table(const char *s, const char *e, const char **vs, const char **ve)
{
    size_t n = (size_t)(e - s);
    const char *suf = NULL;
    if (n >= 6 && memcmp(e - 6, "inet.0", 6) == 0)
        suf = e - 6;
    else if (n >= 7 && memcmp(e - 7, "inet6.0", 7) == 0)
        suf = e - 7;
    if (!suf)
        return false;
    if (suf == s) {
        *vs = *ve = NULL;
        return true;
    }
    /* "bgp.l3vpn.0"-like names never end in inet.0; a dotted instance name is fine. */
    if (suf[-1] != '.' || suf - 1 == s)
        return false;
    *vs = s;
    *ve = suf - 1;
    return true;
}

er_proto junos_proto(const char *s, const char *e)
{
    if (sc_eq(s, e, "Direct"))
        return ER_PROTO_CONNECTED;
    if (sc_eq(s, e, "Local"))
        return ER_PROTO_LOCAL;
    if (sc_eq(s, e, "OSPF") || sc_eq(s, e, "OSPF3"))
        return ER_PROTO_OSPF;
    if (sc_eq(s, e, "IS-IS"))
        return ER_PROTO_ISIS;
    if (sc_eq(s, e, "Access-internal") || sc_eq(s, e, "Aggregate") || sc_eq(s, e, "Access"))
        return ER_PROTO_STATIC;
    return pu_proto_word(s, e);
}

/* Trim blanks and line ends at both ends of [*s,*e). */
static void trim_all(const char **s, const char **e)
{
    while (*s < *e && (sc_is_space(**s) || **s == '\n' || **s == '\r'))
        (*s)++;
    while (*e > *s && (sc_is_space((*e)[-1]) || (*e)[-1] == '\n' || (*e)[-1] == '\r'))
        (*e)--;
}

void junos_aspath(const char *s, const char *e, const char **os, const char **oe)
{
    trim_all(&s, &e);
    if (sc_starts(s, e, "AS path:"))
        s += 8;
    const char *c = memchr(s, ',', (size_t)(e - s));
    if (c)
        e = c;
    const char *nl = memchr(s, '\n', (size_t)(e - s));
    if (nl)
        e = nl;
    trim_all(&s, &e);
    /* Drop the origin letter. */
    const char *t = e;
    while (t > s && t[-1] != ' ')
        t--;
    if (sc_eq(t, e, "I") || sc_eq(t, e, "E") || sc_eq(t, e, "?")) {
        e = t;
        trim_all(&s, &e);
    }
    *os = s;
    *oe = e;
}
