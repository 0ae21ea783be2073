/* Benchmark input generator: a synthetic internet-scale Cisco `show ip bgp` table.
 *
 * Writes an IPv4 table and an IPv6 table (`show ip bgp` then `show bgp ipv6 unicast`, one
 * after the other in one file) with the requested numbers of distinct best routes. Every
 * Microsoft prefix of the Service Tags feed given with --data is in it, alternately over
 * ExpressRoute (AS path 12076, next hop on the MSEE link) and over internet transit
 * (AS path "<transit> 8075"); the rest are random public prefixes with realistic lengths
 * and AS paths. A share of prefixes (--extra-paths, default 30%) carries a second, non-best
 * path. Output is deterministic for a given --seed.
 *
 * usage: er_gen_fulltable [--v4 N] [--v6 N] [--seed S] [--extra-paths PCT] [--data FEED.json]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/addr.h"
#include "erready/catalog.h"

typedef struct gen_route {
    er_prefix p;
    unsigned char kind; /* 0 random, 1 Microsoft via ER, 2 Microsoft via internet */
} gen_route;

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long rnd(void)
{
    unsigned long long x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int cmp_route(const void *a, const void *b)
{
    return er_prefix_cmp(&((const gen_route *)a)->p, &((const gen_route *)b)->p);
}

/* IPv4 length distribution roughly like today's table: ~60% /24. */
static int v4_len(void)
{
    unsigned r = (unsigned)(rnd() % 100);
    if (r < 60)
        return 24;
    if (r < 72)
        return 23;
    if (r < 82)
        return 22;
    if (r < 88)
        return 21;
    if (r < 92)
        return 20;
    return 8 + (int)(rnd() % 12);
}

static int v6_len(void)
{
    unsigned r = (unsigned)(rnd() % 100);
    if (r < 45)
        return 48;
    if (r < 60)
        return 32;
    if (r < 75)
        return 44;
    if (r < 85)
        return 40;
    return 29 + (int)(rnd() % 35);
}

static er_prefix random_prefix(int family)
{
    er_prefix p;
    p.family = (uint8_t)family;
    if (family == ER_AF_V4) {
        p.len = (uint8_t)v4_len();
        p.addr = (er_u128)(uint32_t)(rnd() & 0xffffffffu);
        /* stay in unicast space 1.0.0.0 - 223.255.255.255 */
        p.addr = (p.addr % (223u << 24)) + (1u << 24);
    } else {
        p.len = (uint8_t)v6_len();
        er_u128 hi = (er_u128)rnd() << 64 | rnd();
        /* 2000::/3 */
        hi &= ~((er_u128)0x7 << 125);
        hi |= (er_u128)1 << 125;
        p.addr = hi;
    }
    er_prefix_mask_host(&p);
    return p;
}

static const unsigned transit_asn[] = {3356, 1299, 174, 2914, 6939, 3257, 6762, 6453};

static void print_path(FILE *f, const gen_route *r, bool best, bool alternate)
{
    char pfx[ER_PREFIX_STRLEN];
    er_prefix_format(&r->p, pfx, sizeof pfx);
    bool v6 = r->p.family == ER_AF_V6;
    const char *msee = v6 ? "2001:db8:ffff::2" : "203.0.113.2";
    const char *transit = v6 ? "2001:db8:fffe::1" : "198.51.100.1";
    unsigned t = transit_asn[(r->p.addr >> 8) % 8];
    char path[96];
    const char *nh;
    bool er = (r->kind == 1) != alternate; /* the alternate of an ER route is internet */
    if (r->kind == 0 && !alternate) {
        nh = transit;
        snprintf(path, sizeof path, "%u %u %u", t, 10000u + (unsigned)(r->p.addr % 50000u),
                 20000u + (unsigned)((r->p.addr >> 16) % 40000u));
    } else if (r->kind == 0) {
        nh = v6 ? "2001:db8:fffd::1" : "192.0.2.1";
        snprintf(path, sizeof path, "%u %u %u %u", transit_asn[(t + 1) % 8], t,
                 10000u + (unsigned)(r->p.addr % 50000u),
                 20000u + (unsigned)((r->p.addr >> 16) % 40000u));
    } else if (er) {
        nh = msee;
        snprintf(path, sizeof path, "12076");
    } else {
        nh = transit;
        snprintf(path, sizeof path, "%u 8075", t);
    }
    const char *status = best ? "*>" : "* ";
    if (!alternate && strlen(pfx) <= 16)
        fprintf(f, " %-3s%-17s%-16s%10s%7s%7s %s i\n", status, pfx, nh, "", "", "0", path);
    else if (!alternate)
        fprintf(f, " %-3s%s\n%20s %-16s%10s%7s%7s %s i\n", status, pfx, "", nh, "", "", "0", path);
    else
        fprintf(f, " %-3s%-17s%-16s%10s%7s%7s %s i\n", status, "", nh, "", "", "0", path);
}

static void header(FILE *f, const char *cmd)
{
    fprintf(f, "bench-edge#%s\n", cmd);
    fprintf(f, "BGP table version is 92233720, local router ID is 10.255.0.1\n");
    fprintf(f, "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n");
    fprintf(f, "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter,\n");
    fprintf(f, "              x best-external, a additional-path, c RIB-compressed,\n");
    fprintf(f, "Origin codes: i - IGP, e - EGP, ? - incomplete\n");
    fprintf(f, "RPKI validation codes: V valid, I invalid, N Not found\n\n");
    fprintf(f, "    Network          Next Hop            Metric LocPrf Weight Path\n");
}

static gen_route *build(int family, size_t want, const er_catalog *cat, size_t *n_out)
{
    size_t cap = want + want / 4 + 16, n = 0;
    gen_route *v = malloc(cap * sizeof *v);
    if (!v)
        return NULL;
    size_t ms = 0;
    for (size_t i = 0; cat && i < er_catalog_count(cat); i++) {
        const er_service *s = er_catalog_service(cat, i);
        if (strcmp(s->family, "AzureCloud") != 0)
            continue;
        for (size_t k = 0; k < s->n_prefixes && n < want / 2; k++) {
            if (s->prefixes[k].family != family)
                continue;
            v[n].p = s->prefixes[k];
            v[n].kind = (unsigned char)(1 + (ms++ % 2));
            n++;
        }
    }
    for (;;) {
        while (n < cap) {
            v[n].p = random_prefix(family);
            if (er_prefix_is_private(&v[n].p))
                continue;
            v[n].kind = 0;
            n++;
        }
        qsort(v, n, sizeof *v, cmp_route);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (k && er_prefix_cmp(&v[k - 1].p, &v[i].p) == 0) {
                if (v[i].kind)
                    v[k - 1] = v[i]; /* keep the Microsoft entry */
                continue;
            }
            v[k++] = v[i];
        }
        n = k;
        if (n >= want)
            break;
    }
    /* Drop random entries (never Microsoft ones) evenly until exactly `want` remain. */
    size_t excess = n - want, k = 0;
    size_t step = excess ? n / excess : 0;
    for (size_t i = 0; i < n; i++) {
        if (excess && v[i].kind == 0 && step && i % step == 0) {
            excess--;
            continue;
        }
        v[k++] = v[i];
    }
    while (k > want) /* rounding leftovers */
        k--;
    *n_out = k;
    return v;
}

int main(int argc, char **argv)
{
    size_t n4 = 1000000, n6 = 200000;
    unsigned extra = 30;
    const char *data = NULL;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "gen_fulltable: '%s' needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--v4") == 0)
            n4 = strtoull(v, NULL, 10);
        else if (strcmp(a, "--v6") == 0)
            n6 = strtoull(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            rng_state = strtoull(v, NULL, 10) * 2654435761ULL + 1;
        else if (strcmp(a, "--extra-paths") == 0)
            extra = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(a, "--data") == 0)
            data = v;
        else {
            fprintf(stderr, "usage: er_gen_fulltable [--v4 N] [--v6 N] [--seed S] "
                            "[--extra-paths PCT] [--data FEED.json]\n");
            return 2;
        }
    }
    er_catalog *cat = NULL;
    if (data) {
        cat = er_catalog_new();
        er_diags *d = er_diags_new(0);
        if (!cat || !d || er_catalog_load_file(cat, data, d) != ER_OK) {
            fprintf(stderr, "gen_fulltable: cannot load %s\n", data);
            return 1;
        }
        er_diags_free(d);
    }
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    for (int fam = 0; fam < 2; fam++) {
        size_t want = fam ? n6 : n4, n = 0;
        if (!want)
            continue;
        gen_route *v = build(fam ? ER_AF_V6 : ER_AF_V4, want, cat, &n);
        if (!v) {
            fprintf(stderr, "gen_fulltable: out of memory\n");
            return 1;
        }
        header(stdout, fam ? "show bgp ipv6 unicast" : "show ip bgp");
        for (size_t i = 0; i < n; i++) {
            bool alt = rnd() % 100 < extra;
            if (alt && rnd() % 2) {
                /* the non-best path printed first, like IOS does for older paths */
                print_path(stdout, &v[i], false, false);
                gen_route best = v[i];
                print_path(stdout, &best, true, true);
            } else {
                print_path(stdout, &v[i], true, false);
                if (alt)
                    print_path(stdout, &v[i], false, true);
            }
        }
        printf("\n");
        free(v);
    }
    er_catalog_free(cat);
    return 0;
}
