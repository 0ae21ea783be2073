/* Tests for the strict prefix scanner/formatter: vectors, inet_pton/inet_ntop differential,
 * netmasks, special-purpose blocks and the CIDR cover of ranges. */
#include "erready/addr.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ONES (~(er_u128)0)

static er_u128 v6_from_bytes(const unsigned char b[16])
{
    er_u128 v = 0;
    for (int i = 0; i < 16; i++)
        v = (v << 8) | b[i];
    return v;
}

static void v6_to_bytes(er_u128 v, unsigned char b[16])
{
    for (int i = 15; i >= 0; i--) {
        b[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static const char *fmt_prefix(const er_prefix *p)
{
    static char buf[4][ER_PREFIX_STRLEN];
    static int k;
    char *b = buf[k++ & 3];
    er_prefix_format(p, b, ER_PREFIX_STRLEN);
    return b;
}

/* ---- whole-string vectors ---- */

typedef struct {
    const char *in;
    bool require_len;
    er_addr_err err;
    const char *canon; /* formatted result when OK/HOST_BITS */
} parse_vec;

static const parse_vec parse_vectors[] = {
    {"10.0.0.0/8", true, ER_ADDR_OK, "10.0.0.0/8"},
    {"0.0.0.0/0", true, ER_ADDR_OK, "0.0.0.0/0"},
    {"255.255.255.255/32", true, ER_ADDR_OK, "255.255.255.255/32"},
    {"1.2.3.4", false, ER_ADDR_OK, "1.2.3.4/32"},
    {"1.2.3.4", true, ER_ADDR_BAD_LEN, NULL},
    {"192.168.1.0/24", true, ER_ADDR_OK, "192.168.1.0/24"},
    {"192.168.1.1/24", true, ER_ADDR_HOST_BITS, "192.168.1.1/24"},
    {"11.0.0.0/7", true, ER_ADDR_HOST_BITS, "11.0.0.0/7"},
    {"0.0.0.1/0", true, ER_ADDR_HOST_BITS, "0.0.0.1/0"},
    {"2001:db8::/32", true, ER_ADDR_OK, "2001:db8::/32"},
    {"2001:DB8::/32", true, ER_ADDR_OK, "2001:db8::/32"},
    {"2001:0db8:0000:0000:0000:0000:0000:0000/32", true, ER_ADDR_OK, "2001:db8::/32"},
    {"::/0", true, ER_ADDR_OK, "::/0"},
    {"::", false, ER_ADDR_OK, "::/128"},
    {"::1", false, ER_ADDR_OK, "::1/128"},
    {"1::", false, ER_ADDR_OK, "1::/128"},
    {"1:2:3:4:5:6:7::", false, ER_ADDR_OK, "1:2:3:4:5:6:7:0/128"},
    {"::2:3:4:5:6:7:8", false, ER_ADDR_OK, "0:2:3:4:5:6:7:8/128"},
    {"1:2:3:4:5:6:7:8", false, ER_ADDR_OK, "1:2:3:4:5:6:7:8/128"},
    {"::ffff:1.2.3.4", false, ER_ADDR_OK, "::ffff:1.2.3.4/128"},
    {"::ffff:1.2.3.0/120", true, ER_ADDR_OK, "::ffff:1.2.3.0/120"},
    {"1:2:3:4:5:6:1.2.3.4", false, ER_ADDR_OK, "1:2:3:4:5:6:102:304/128"},
    {"::1.2.3.4", false, ER_ADDR_OK, "::102:304/128"},
    {"fe80::/10", true, ER_ADDR_OK, "fe80::/10"},
    {"fe80::1/10", true, ER_ADDR_HOST_BITS, "fe80::1/10"},
    {"2001:db8::/128", true, ER_ADDR_OK, "2001:db8::/128"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", true, ER_ADDR_OK,
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"},
    /* hostile */
    {"", true, ER_ADDR_EMPTY, NULL},
    {"", false, ER_ADDR_EMPTY, NULL},
    {"1.2.3", false, ER_ADDR_BAD, NULL},
    {"1.2.3.4/33", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/", false, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/08", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/00", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/0032", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/-1", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/+8", true, ER_ADDR_BAD_LEN, NULL},
    {"1.2.3.4/99999999999999999999", true, ER_ADDR_BAD_LEN, NULL},
    {"::/129", true, ER_ADDR_BAD_LEN, NULL},
    {"::/1280", true, ER_ADDR_BAD_LEN, NULL},
    {"01.2.3.4", false, ER_ADDR_BAD, NULL},
    {"010.1.1.1", false, ER_ADDR_BAD, NULL},
    {"1.2.3.00", false, ER_ADDR_BAD, NULL},
    {"256.1.1.1", false, ER_ADDR_BAD, NULL},
    {"1.2.3.1000", false, ER_ADDR_BAD, NULL},
    {" 1.2.3.4", false, ER_ADDR_BAD, NULL},
    {"1.2.3.4 ", false, ER_ADDR_TRAILING, NULL},
    {"1.2.3.4,", false, ER_ADDR_TRAILING, NULL},
    {"10/8", true, ER_ADDR_BAD, NULL},
    {"10.1/16", true, ER_ADDR_BAD, NULL},
    {"10", false, ER_ADDR_BAD, NULL},
    {"1.2.3.4.5", false, ER_ADDR_BAD, NULL},
    {"1..2.3", false, ER_ADDR_BAD, NULL},
    {".1.2.3.4", false, ER_ADDR_BAD, NULL},
    {"1.2.3.4.", false, ER_ADDR_BAD, NULL},
    {"1.2.3.4x", false, ER_ADDR_TRAILING, NULL},
    {"10.0.0.0/8x", true, ER_ADDR_TRAILING, NULL},
    {"10.0.0.0/8/8", true, ER_ADDR_TRAILING, NULL},
    {"10.0.0.0/8.0", true, ER_ADDR_TRAILING, NULL},
    {"1.2.3.4:80", false, ER_ADDR_BAD, NULL},
    {"0x1.2.3.4", false, ER_ADDR_BAD, NULL},
    {"1:2:3:4:5:6:7:8:9", false, ER_ADDR_BAD, NULL},
    {"1:2:3:4:5:6:7", false, ER_ADDR_BAD, NULL},
    {"1:2:3:4:5:6:7:8::", false, ER_ADDR_BAD, NULL},
    {"::1:2:3:4:5:6:7:8", false, ER_ADDR_BAD, NULL},
    {"1::2::3", false, ER_ADDR_BAD, NULL},
    {":::", false, ER_ADDR_BAD, NULL},
    {"1:::2", false, ER_ADDR_BAD, NULL},
    {":1::", false, ER_ADDR_BAD, NULL},
    {"1::2:", false, ER_ADDR_BAD, NULL},
    {"1:2:3:4:5:6:7:8:", false, ER_ADDR_BAD, NULL},
    {":", false, ER_ADDR_BAD, NULL},
    {"::ffff:1.2.3.256", false, ER_ADDR_BAD, NULL},
    {"::ffff:1.2.3", false, ER_ADDR_BAD, NULL},
    {"::ffff:01.2.3.4", false, ER_ADDR_BAD, NULL},
    {"::1.2.3.4:5", false, ER_ADDR_BAD, NULL},
    {"1:2:3:4:5:6:7:1.2.3.4", false, ER_ADDR_BAD, NULL},
    {"::1:2:3:4:5:6:1.2.3.4", false, ER_ADDR_BAD, NULL},
    {"12345::", false, ER_ADDR_BAD, NULL},
    {"00000::", false, ER_ADDR_BAD, NULL},
    {"g::", false, ER_ADDR_BAD, NULL},
    {"::g", false, ER_ADDR_TRAILING, NULL},
    {"fe80::1%eth0", false, ER_ADDR_TRAILING, NULL},
    {"[::1]", false, ER_ADDR_BAD, NULL},
    {"2001:db8::/32 ", true, ER_ADDR_TRAILING, NULL},
    {"-1.2.3.4", false, ER_ADDR_BAD, NULL},
};

static void test_parse_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(parse_vectors); i++) {
        const parse_vec *v = &parse_vectors[i];
        er_prefix p = {0};
        er_addr_err e = er_prefix_parse(v->in, v->require_len, &p);
        if (e != v->err)
            fail_msg("'%s' (require_len=%d): got %s, want %s", v->in, v->require_len,
                     er_addr_err_str(e), er_addr_err_str(v->err));
        if (v->canon)
            assert_string_equal(fmt_prefix(&p), v->canon);
    }
}

/* ---- scanning inside text ---- */

typedef struct {
    const char *in;
    size_t len;   /* explicit length (embedded NULs); 0 = strlen */
    bool require_len;
    er_addr_err err;
    int consumed; /* *next - s expected */
} scan_vec;

static const scan_vec scan_vectors[] = {
    {"10.0.0.0/8, via x", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8 is subnetted", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8\tx", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8\r\n", 0, true, ER_ADDR_OK, 10},
    {"\"10.0.0.0/8\"", 0, true, ER_ADDR_BAD, 0},
    {"10.0.0.0/8\"", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8)", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8]", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8}", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8;", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8|65000", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8<", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8>", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8(", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8[", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8{", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8'", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8#comment", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8!", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8\v", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8\f", 0, true, ER_ADDR_OK, 10},
    {"10.0.0.0/8+", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8@", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8&", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8?", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8~", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8$", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8\x80", 0, true, ER_ADDR_TRAILING, 10},
    {"10.1.100.1%management", 0, false, ER_ADDR_OK, 10},
    {"10.11.16.13*", 0, false, ER_ADDR_OK, 11},
    {"1.2.3.4-1.2.3.9", 0, false, ER_ADDR_OK, 7},
    {"10.0.0.0/8x", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8.", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8:", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8_", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8\\", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8/", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/8=", 0, true, ER_ADDR_TRAILING, 10},
    {"10.0.0.0/88", 0, true, ER_ADDR_BAD_LEN, 9},
    {"10.0.0.0/ 8", 0, true, ER_ADDR_BAD_LEN, 9},
    {"1.2.3.4.5", 0, false, ER_ADDR_BAD, 0},
    {"1.2.3.4.5 x", 0, false, ER_ADDR_BAD, 0},
    {"1.2.3.4z", 0, false, ER_ADDR_TRAILING, 7},
    {"1.2.3.4 next", 0, false, ER_ADDR_OK, 7},
    {"1.2.3.4 next", 0, true, ER_ADDR_BAD_LEN, 7},
    {"10.0.0.1/8 x", 0, true, ER_ADDR_HOST_BITS, 10},
    {"2001:db8::/32,", 0, true, ER_ADDR_OK, 13},
    {"2001:db8::/32 via fe80::1", 0, true, ER_ADDR_OK, 13},
    {"2001:db8::/32:", 0, true, ER_ADDR_TRAILING, 13},
    {"fe80::1%eth0", 0, false, ER_ADDR_OK, 7},
    {"::ffff:1.2.3.4 ", 0, false, ER_ADDR_OK, 14},
    /* explicit ends: the scan sees only the first len bytes */
    {"1.2.3.4/24", 7, false, ER_ADDR_OK, 7},
    {"1.2.3.4/24", 7, true, ER_ADDR_BAD_LEN, 7},
    {"1.2.3.0/24", 9, true, ER_ADDR_HOST_BITS, 9}, /* sees "/2" */
    {"1.2.3.0/24", 10, true, ER_ADDR_OK, 10},
    {"1.2.3.4/24", 8, true, ER_ADDR_BAD_LEN, 8},
    {"1.2.3.4\0/24", 11, true, ER_ADDR_BAD_LEN, 7},
    {"1.2.3.4\0", 8, false, ER_ADDR_TRAILING, 7},
    {"1.2\0.3.4", 8, false, ER_ADDR_BAD, 0},
    {"\0""1.2.3.4", 8, false, ER_ADDR_BAD, 0},
    {"10.0.0.0/8\0", 11, true, ER_ADDR_TRAILING, 10},
    {"1.2.3.4", 3, false, ER_ADDR_BAD, 0},
    {"x", 0, false, ER_ADDR_BAD, 0},
    {"", 0, false, ER_ADDR_EMPTY, 0},
};

static void test_scan_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(scan_vectors); i++) {
        const scan_vec *v = &scan_vectors[i];
        size_t n = v->len ? v->len : strlen(v->in);
        char *copy = malloc(n ? n : 1); /* exact size: ASan catches any read past end */
        assert_non_null(copy);
        memcpy(copy, v->in, n);
        const char *next = NULL;
        er_prefix p;
        er_addr_err e = er_prefix_scan(copy, copy + n, v->require_len, &p, &next);
        if (e != v->err || next - copy != v->consumed)
            fail_msg("scan vector %zu '%s': got %s at %d, want %s at %d", i, v->in,
                     er_addr_err_str(e), (int)(next - copy), er_addr_err_str(v->err),
                     v->consumed);
        free(copy);
    }
}

static void test_addr_scan(void **state)
{
    (void)state;
    const char *s = "192.0.2.1/24 rest";
    const char *next;
    er_prefix p;
    assert_int_equal(er_addr_scan(s, s + strlen(s), &p, &next), ER_ADDR_OK);
    assert_int_equal(next - s, 9);
    assert_int_equal(p.family, ER_AF_V4);
    assert_int_equal(p.len, 32);
    assert_true(p.addr == 0xc0000201u);
    s = "2001:db8::1 x";
    assert_int_equal(er_addr_scan(s, s + strlen(s), &p, &next), ER_ADDR_OK);
    assert_int_equal(next - s, 11);
    assert_int_equal(p.family, ER_AF_V6);
    s = "1.2.3.4y";
    assert_int_equal(er_addr_scan(s, s + strlen(s), &p, &next), ER_ADDR_TRAILING);
    s = "1.2.3";
    assert_int_equal(er_addr_scan(s, s + strlen(s), &p, &next), ER_ADDR_BAD);
    assert_int_equal(er_addr_scan(s, s, &p, &next), ER_ADDR_EMPTY);
    assert_int_equal(er_addr_scan(NULL, NULL, &p, &next), ER_ADDR_EMPTY);
    for (int e = ER_ADDR_OK; e <= ER_ADDR_TRAILING; e++)
        assert_true(strlen(er_addr_err_str((er_addr_err)e)) > 0);
}

static void test_long_strings(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *s = malloc(n + 1);
    assert_non_null(s);
    const char *fills[] = {"1", "1.", ":", "a:", "0", "ff", "1:"};
    for (size_t f = 0; f < ER_ARRAY_LEN(fills); f++) {
        size_t fl = strlen(fills[f]);
        for (size_t i = 0; i < n; i++)
            s[i] = fills[f][i % fl];
        s[n] = '\0';
        er_prefix p;
        assert_int_equal(er_prefix_parse(s, false, &p), ER_ADDR_BAD);
    }
    /* a valid prefix followed by a megabyte of length digits */
    memcpy(s, "10.0.0.0/", 9);
    for (size_t i = 9; i < n; i++)
        s[i] = '8';
    assert_int_equal(er_prefix_parse(s, true, NULL), ER_ADDR_BAD_LEN);
    free(s);
}

/* ---- formatter ---- */

typedef struct {
    uint16_t w[8];
    const char *text;
} fmt_vec;

static const fmt_vec fmt_vectors[] = {
    {{0, 0, 0, 0, 0, 0, 0, 0}, "::"},
    {{0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
    {{1, 0, 0, 0, 0, 0, 0, 0}, "1::"},
    {{0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}, "2001:db8::1"},
    {{0x2001, 0xdb8, 0, 1, 0, 0, 0, 1}, "2001:db8:0:1::1"},
    {{0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}, "2001:db8::1:0:0:1"},
    {{0x2001, 0xdb8, 1, 1, 1, 1, 0, 1}, "2001:db8:1:1:1:1:0:1"},
    {{0x2001, 0, 0, 1, 0, 0, 1, 1}, "2001::1:0:0:1:1"},
    {{1, 0, 0, 1, 0, 0, 0, 1}, "1:0:0:1::1"},
    {{0, 0, 1, 0, 0, 0, 0, 0}, "0:0:1::"},
    {{0xABCD, 0xEF01, 0, 0, 0, 0, 0, 0}, "abcd:ef01::"},
    {{0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304}, "::ffff:1.2.3.4"},
    {{0, 0, 0, 0, 0, 0xffff, 0, 0}, "::ffff:0.0.0.0"},
    {{0, 0, 0, 0, 0, 0, 0x0102, 0x0304}, "::102:304"},
    {{0, 0, 0, 0, 1, 0xffff, 1, 2}, "::1:ffff:1:2"},
    {{0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff},
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
};

static er_u128 words(const uint16_t w[8])
{
    er_u128 v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 16) | w[i];
    return v;
}

static void test_format_vectors(void **state)
{
    (void)state;
    char buf[ER_PREFIX_STRLEN];
    for (size_t i = 0; i < ER_ARRAY_LEN(fmt_vectors); i++) {
        int n = er_addr_format(words(fmt_vectors[i].w), ER_AF_V6, buf, sizeof buf);
        assert_string_equal(buf, fmt_vectors[i].text);
        assert_int_equal(n, (int)strlen(fmt_vectors[i].text));
    }
    assert_int_equal(er_addr_format(0xffffffffu, ER_AF_V4, buf, sizeof buf), 15);
    assert_string_equal(buf, "255.255.255.255");
    er_addr_format(0x0a000001u, ER_AF_V4, buf, sizeof buf);
    assert_string_equal(buf, "10.0.0.1");
    er_addr_format(0, ER_AF_V4, buf, sizeof buf);
    assert_string_equal(buf, "0.0.0.0");
    /* truncation and bad family */
    char small[5];
    assert_int_equal(er_addr_format(0x0a000001u, ER_AF_V4, small, sizeof small), 4);
    assert_string_equal(small, "10.0");
    assert_int_equal(er_addr_format(1, 5, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(er_addr_format(1, ER_AF_V4, buf, 0), 0);
    er_prefix p = {words(fmt_vectors[3].w), 128, ER_AF_V6};
    assert_int_equal(er_prefix_format(&p, buf, sizeof buf), (int)strlen("2001:db8::1/128"));
    assert_string_equal(buf, "2001:db8::1/128");
    /* the longest possible text fits */
    er_prefix big = {words(fmt_vectors[15].w), 128, ER_AF_V6};
    assert_int_equal(er_prefix_format(&big, buf, sizeof buf), 43);
}

/* ---- differential against inet_pton / inet_ntop ---- */

#define DIFF_N 100000

static void test_diff_v4(void **state)
{
    (void)state;
    uint64_t rs = 0x5eed0004;
    char mine[ER_PREFIX_STRLEN], ref[INET_ADDRSTRLEN], text[64];
    static const char alphabet[] = "0123456789.:/ax% 0.";
    int mutated_accepted = 0;
    for (int i = 0; i < DIFF_N; i++) {
        uint32_t a = (uint32_t)tu_rand(&rs);
        if (i % 7 == 0)
            a &= 0xff00ff00u; /* zero octets */
        struct in_addr ia = {htonl(a)};
        assert_non_null(inet_ntop(AF_INET, &ia, ref, sizeof ref));
        er_addr_format(a, ER_AF_V4, mine, sizeof mine);
        assert_string_equal(mine, ref);
        er_prefix p;
        assert_int_equal(er_prefix_parse(ref, false, &p), ER_ADDR_OK);
        assert_true(p.addr == a && p.family == ER_AF_V4 && p.len == 32);

        /* random text mutations: accept exactly what inet_pton accepts */
        size_t n = strlen(ref);
        memcpy(text, ref, n + 1);
        int muts = 1 + (int)(tu_rand(&rs) % 3);
        for (int m = 0; m < muts; m++) {
            uint64_t r = tu_rand(&rs);
            size_t pos = (size_t)(r >> 8) % (n + 1);
            char c = alphabet[(r >> 40) % (sizeof alphabet - 1)];
            switch (r % 4) {
            case 0: /* replace */
                if (pos < n)
                    text[pos] = c;
                break;
            case 1: /* insert */
                if (n + 1 < sizeof text) {
                    memmove(text + pos + 1, text + pos, n - pos + 1);
                    text[pos] = c;
                    n++;
                }
                break;
            case 2: /* delete */
                if (pos < n) {
                    memmove(text + pos, text + pos + 1, n - pos);
                    n--;
                }
                break;
            default: /* leading zero before an octet */
                if (n + 1 < sizeof text) {
                    size_t q = pos;
                    while (q > 0 && text[q - 1] != '.')
                        q--;
                    memmove(text + q + 1, text + q, n - q + 1);
                    text[q] = '0';
                    n++;
                }
                break;
            }
        }
        if (strchr(text, '/'))
            continue; /* inet_pton knows no lengths */
        unsigned char b4[4], b6[16];
        int ref4 = inet_pton(AF_INET, text, b4) == 1;
        int ref6 = inet_pton(AF_INET6, text, b6) == 1;
        er_addr_err e = er_prefix_parse(text, false, &p);
        int ok4 = e == ER_ADDR_OK && p.family == ER_AF_V4;
        int ok6 = e == ER_ADDR_OK && p.family == ER_AF_V6;
        if (ok4 != ref4 || ok6 != ref6)
            fail_msg("'%s': ours %s family %d, inet_pton v4=%d v6=%d", text,
                     er_addr_err_str(e), p.family, ref4, ref6);
        if (ok4) {
            uint32_t want = (uint32_t)b4[0] << 24 | (uint32_t)b4[1] << 16 |
                            (uint32_t)b4[2] << 8 | b4[3];
            assert_true(p.addr == want);
            mutated_accepted++;
        }
        if (ok6)
            assert_true(p.addr == v6_from_bytes(b6));
    }
    assert_true(mutated_accepted > 100); /* the mutations do not only produce garbage */
}

/* A random IPv6 value with zero runs of random length and position. */
static er_u128 rand_v6(uint64_t *rs)
{
    uint16_t w[8];
    uint64_t r1 = tu_rand(rs), r2 = tu_rand(rs), r3 = tu_rand(rs);
    for (int i = 0; i < 8; i++) {
        uint64_t r = i < 4 ? r1 >> (16 * i) : r2 >> (16 * (i - 4));
        w[i] = (uint16_t)r;
        switch ((r3 >> (3 * i)) & 7) { /* small values and sparse zeros */
        case 0: w[i] = 0; break;
        case 1: w[i] &= 0xf; break;
        case 2: w[i] &= 0xff; break;
        default: break;
        }
    }
    int kind = (int)((r3 >> 32) % 8);
    if (kind < 4) { /* one zero run */
        int start = (int)((r3 >> 40) % 8), len = 1 + (int)((r3 >> 48) % 8);
        for (int i = start; i < 8 && i < start + len; i++)
            w[i] = 0;
    } else if (kind == 4) { /* two runs, maybe of equal length */
        int l = 1 + (int)((r3 >> 40) % 3);
        int a = (int)((r3 >> 44) % 3), b = a + l + 1 + (int)((r3 >> 48) % 2);
        for (int i = 0; i < l; i++) {
            w[a + i] = 0;
            if (b + i < 8)
                w[b + i] = 0;
        }
    } else if (kind == 5) { /* IPv4-mapped */
        for (int i = 0; i < 5; i++)
            w[i] = 0;
        w[5] = 0xffff;
    } else if (kind == 6) { /* only the low 32 bits: IPv4-compatible form */
        for (int i = 0; i < 6; i++)
            w[i] = 0;
    }
    return words(w);
}

static void test_diff_v6(void **state)
{
    (void)state;
    uint64_t rs = 0x5eed0006;
    char mine[ER_PREFIX_STRLEN], ref[INET6_ADDRSTRLEN], text[96];
    static const char alphabet[] = "0123456789abcdefABCDEFg.:::/% ";
    int compat_seen = 0, mutated_accepted = 0;
    for (int i = 0; i < DIFF_N; i++) {
        er_u128 a = rand_v6(&rs);
        unsigned char b[16];
        v6_to_bytes(a, b);
        assert_non_null(inet_ntop(AF_INET6, b, ref, sizeof ref));
        er_addr_format(a, ER_AF_V6, mine, sizeof mine);
        unsigned w6 = (unsigned)(a >> 16) & 0xffff;
        if ((a >> 32) == 0 && w6 != 0) {
            /* Known difference: glibc prints ::a.b.c.d for the deprecated IPv4-compatible
             * form; RFC 5952 leaves it to context and we print hex groups. */
            compat_seen++;
            char want[64];
            snprintf(want, sizeof want, "::%x:%x", w6, (unsigned)a & 0xffff);
            assert_string_equal(mine, want);
        } else if (strcmp(mine, ref) != 0) {
            fail_msg("format: ours '%s', inet_ntop '%s'", mine, ref);
        }
        /* both directions of parsing */
        er_prefix p;
        assert_int_equal(er_prefix_parse(ref, false, &p), ER_ADDR_OK);
        assert_true(p.addr == a && p.family == ER_AF_V6 && p.len == 128);
        unsigned char back[16];
        assert_int_equal(inet_pton(AF_INET6, mine, back), 1);
        assert_memory_equal(back, b, 16);

        /* a full, uncompressed, upper-case spelling parses too */
        char full[48];
        snprintf(full, sizeof full, "%04X:%04x:%X:%x:%04X:%x:%x:%04x", b[0] << 8 | b[1],
                 b[2] << 8 | b[3], b[4] << 8 | b[5], b[6] << 8 | b[7], b[8] << 8 | b[9],
                 b[10] << 8 | b[11], b[12] << 8 | b[13], b[14] << 8 | b[15]);
        assert_int_equal(er_prefix_parse(full, false, &p), ER_ADDR_OK);
        assert_true(p.addr == a);

        /* mutations of either spelling */
        const char *src = (i & 1) ? ref : full;
        size_t n = strlen(src);
        memcpy(text, src, n + 1);
        int muts = 1 + (int)(tu_rand(&rs) % 3);
        for (int m = 0; m < muts; m++) {
            uint64_t r = tu_rand(&rs);
            size_t pos = (size_t)(r >> 8) % (n + 1);
            char c = alphabet[(r >> 40) % (sizeof alphabet - 1)];
            switch (r % 3) {
            case 0:
                if (pos < n)
                    text[pos] = c;
                break;
            case 1:
                if (n + 1 < sizeof text) {
                    memmove(text + pos + 1, text + pos, n - pos + 1);
                    text[pos] = c;
                    n++;
                }
                break;
            default:
                if (pos < n) {
                    memmove(text + pos, text + pos + 1, n - pos);
                    n--;
                }
                break;
            }
        }
        if (strchr(text, '/'))
            continue;
        unsigned char r4[4], r6[16];
        int ref4 = inet_pton(AF_INET, text, r4) == 1;
        int ref6 = inet_pton(AF_INET6, text, r6) == 1;
        er_addr_err e = er_prefix_parse(text, false, &p);
        int ok4 = e == ER_ADDR_OK && p.family == ER_AF_V4;
        int ok6 = e == ER_ADDR_OK && p.family == ER_AF_V6;
        if (ok4 != ref4 || ok6 != ref6)
            fail_msg("'%s': ours %s, inet_pton v4=%d v6=%d", text, er_addr_err_str(e), ref4,
                     ref6);
        if (ok6) {
            assert_true(p.addr == v6_from_bytes(r6));
            mutated_accepted++;
        }
    }
    assert_true(compat_seen > 100);
    assert_true(mutated_accepted > 1000);
}

/* The scanning rules for an IPv4 prefix inside text, written out plainly: the token is
 * the run of address characters; it must be a dotted quad inet_pton accepts; "/len" is
 * a run of one to three digits, no leading zero, at most 32; a delimiter or the end must
 * follow. Returns the error and sets *consumed like er_prefix_scan's *next. */
static er_addr_err ref_scan_v4(const char *s, size_t n, bool require_len, er_prefix *out,
                               size_t *consumed)
{
    size_t t = 0;
    while (t < n && (strchr("0123456789abcdefABCDEF.:", s[t]) && s[t]))
        t++;
    char tok[64];
    unsigned char b4[4];
    *consumed = 0;
    if (t == 0)
        return n ? ER_ADDR_BAD : ER_ADDR_EMPTY;
    if (t >= sizeof tok)
        return ER_ADDR_BAD;
    memcpy(tok, s, t);
    tok[t] = '\0';
    if (inet_pton(AF_INET, tok, b4) != 1)
        return ER_ADDR_BAD;
    uint32_t a = (uint32_t)b4[0] << 24 | (uint32_t)b4[1] << 16 | (uint32_t)b4[2] << 8 | b4[3];
    unsigned len = 32;
    size_t p = t;
    if (p < n && s[p] == '/') {
        size_t d = ++p;
        while (p < n && s[p] >= '0' && s[p] <= '9')
            p++;
        size_t nd = p - d;
        unsigned v = 0;
        for (size_t i = d; i < p && i < d + 4; i++)
            v = v * 10 + (unsigned)(s[i] - '0');
        if (nd == 0 || nd > 3 || (nd > 1 && s[d] == '0') || v > 32) {
            *consumed = d;
            return ER_ADDR_BAD_LEN;
        }
        len = v;
    } else if (require_len) {
        *consumed = p;
        return ER_ADDR_BAD_LEN;
    }
    *consumed = p;
    if (p < n && !strchr(" \t\r\n\v\f,;()[]{}<>\"'|%*-#!", s[p]))
        return ER_ADDR_TRAILING;
    out->addr = a;
    out->family = ER_AF_V4;
    out->len = (uint8_t)len;
    return len < 32 && (uint32_t)(a << len) != 0 ? ER_ADDR_HOST_BITS : ER_ADDR_OK;
}

/* er_prefix_scan on random IPv4 prefixes in text (lengths of every width, leading zeros,
 * what follows, mutations) against the plain rules above. */
static void test_scan_v4_oracle(void **state)
{
    (void)state;
    uint64_t rs = 0x5eed0005;
    static const char follow[] = " ,x:./9a\t)-";
    int accepted = 0, host_bits = 0;
    for (int i = 0; i < DIFF_N; i++) {
        char text[96];
        uint32_t a = (uint32_t)tu_rand(&rs);
        if (i % 5 == 0)
            a &= 0xffff0000u;
        int n = snprintf(text, sizeof text, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
                         (a >> 8) & 255, a & 255);
        uint64_t r = tu_rand(&rs);
        switch (r % 6) {
        case 0: break;
        case 1: n += snprintf(text + n, sizeof text - (size_t)n, "/%u", (unsigned)(r >> 8) % 40); break;
        case 2: n += snprintf(text + n, sizeof text - (size_t)n, "/0%u", (unsigned)(r >> 8) % 40); break;
        case 3: n += snprintf(text + n, sizeof text - (size_t)n, "/%u", (unsigned)(r >> 8) % 1200); break;
        case 4: n += snprintf(text + n, sizeof text - (size_t)n, "/"); break;
        default: n += snprintf(text + n, sizeof text - (size_t)n, "/%u", (unsigned)(r >> 8) % 33); break;
        }
        if ((r >> 20) % 3 == 0)
            text[n++] = follow[(r >> 24) % (sizeof follow - 1)];
        if ((r >> 27) % 2 == 0) { /* more of a line after it: the scan reads no copy */
            static const char rest[] = "   198.51.100.1          0 3356 i";
            memcpy(text + n, rest, sizeof rest - 1);
            n += (int)sizeof rest - 1;
        }
        if ((r >> 30) % 8 == 0) { /* one random change */
            size_t pos = (size_t)(r >> 34) % (size_t)n;
            text[pos] = "0123456789./ :"[(r >> 44) % 14];
        }
        bool require_len = (r >> 50) & 1;
        char *copy = malloc((size_t)n); /* exact size: ASan catches a read past the end */
        assert_non_null(copy);
        memcpy(copy, text, (size_t)n);
        er_prefix got = {0}, want = {0};
        const char *next = NULL;
        size_t want_next;
        er_addr_err e = er_prefix_scan(copy, copy + n, require_len, &got, &next);
        er_addr_err we = ref_scan_v4(copy, (size_t)n, require_len, &want, &want_next);
        bool v6ish = memchr(copy, ':', (size_t)n) != NULL;
        if (!v6ish && (e != we || (size_t)(next - copy) != want_next))
            fail_msg("'%.*s' require_len=%d: got %s at %d, want %s at %d", n, copy, require_len,
                     er_addr_err_str(e), (int)(next - copy), er_addr_err_str(we), (int)want_next);
        if (!v6ish && (e == ER_ADDR_OK || e == ER_ADDR_HOST_BITS)) {
            assert_true(got.addr == want.addr && got.len == want.len && got.family == ER_AF_V4);
            accepted++;
            host_bits += e == ER_ADDR_HOST_BITS;
        }
        free(copy);
    }
    /* the generator reaches both outcomes often */
    assert_true(accepted > DIFF_N / 4);
    assert_true(host_bits > DIFF_N / 20);
}

/* ---- netmasks ---- */

static void test_netmask(void **state)
{
    (void)state;
    char buf[32];
    uint8_t len;
    for (int l = 0; l <= 32; l++) {
        uint32_t m = (uint32_t)er_prefix_mask(ER_AF_V4, l);
        er_addr_format(m, ER_AF_V4, buf, sizeof buf);
        len = 99;
        assert_true(er_netmask_to_len(buf, buf + strlen(buf), &len));
        assert_int_equal(len, l);
        er_addr_format(~m, ER_AF_V4, buf, sizeof buf);
        len = 99;
        assert_true(er_wildcard_to_len(buf, buf + strlen(buf), &len));
        assert_int_equal(len, l);
    }
    /* every non-contiguous value is refused, in both forms */
    uint64_t rs = 0x5eed00aa;
    for (int i = 0; i < 20000; i++) {
        uint32_t m = (uint32_t)tu_rand(&rs);
        if (i % 3 == 0) /* near-contiguous: one stray bit */
            m = (uint32_t)er_prefix_mask(ER_AF_V4, (int)(tu_rand(&rs) % 33)) ^
                (1u << (tu_rand(&rs) % 32));
        bool contiguous = (~m & (~m + 1)) == 0;
        er_addr_format(m, ER_AF_V4, buf, sizeof buf);
        assert_int_equal(er_netmask_to_len(buf, buf + strlen(buf), &len), contiguous);
        bool wild_ok = (m & (m + 1)) == 0;
        assert_int_equal(er_wildcard_to_len(buf, buf + strlen(buf), &len), wild_ok);
    }
    static const char *bad[] = {"255.255.255.0 ", " 255.255.255.0", "255.255.255",
                                "0255.255.255.0", "255.255.255.00", "255.255.255.0/24",
                                "255.255.255.256", "ffff::", "", "255.255.255.0.0",
                                "255.0.255.0", "255.255.255.1", "1.0.0.0"};
    for (size_t i = 0; i < ER_ARRAY_LEN(bad); i++)
        assert_false(er_netmask_to_len(bad[i], bad[i] + strlen(bad[i]), &len));
    static const char *badw[] = {"0.0.0.255 ", "0.0.0.0255", "0.0.255", "0.0.0.254",
                                 "0.255.0.255", "00.0.0.255"};
    for (size_t i = 0; i < ER_ARRAY_LEN(badw); i++)
        assert_false(er_wildcard_to_len(badw[i], badw[i] + strlen(badw[i]), &len));
    const char *w = "0.0.0.255";
    assert_true(er_wildcard_to_len(w, w + strlen(w), &len));
    assert_int_equal(len, 24);
    /* the range is exact: a mask followed by text in the buffer is fine if end stops */
    const char *t = "255.255.0.0 x";
    assert_true(er_netmask_to_len(t, t + 11, &len));
    assert_int_equal(len, 16);
    assert_false(er_netmask_to_len(NULL, NULL, &len));
}

/* ---- special-purpose blocks ---- */

typedef struct {
    const char *p;
    bool priv;
} priv_vec;

static const priv_vec priv_vectors[] = {
    {"10.0.0.0/8", true},        {"10.1.2.0/24", true},      {"9.255.255.255/32", false},
    {"11.0.0.0/8", false},       {"10.0.0.0/7", false},      {"172.16.0.0/12", true},
    {"172.31.255.255/32", true}, {"172.32.0.0/16", false},   {"172.15.0.0/16", false},
    {"192.168.0.0/16", true},    {"192.169.0.0/16", false},  {"100.64.0.0/10", true},
    {"100.128.0.0/10", false},   {"127.0.0.1/32", true},     {"169.254.1.0/24", true},
    {"0.0.0.0/8", true},         {"0.0.0.0/0", false},       {"192.0.0.0/24", true},
    {"192.0.2.0/24", true},      {"192.0.3.0/24", false},    {"198.18.0.0/15", true},
    {"198.20.0.0/15", false},    {"198.51.100.0/24", true},  {"203.0.113.7/32", true},
    {"224.0.0.0/4", true},       {"239.1.1.1/32", true},     {"240.0.0.0/4", true},
    {"255.255.255.255/32", true}, {"224.0.0.0/3", true},     {"192.0.0.0/3", false},
    {"8.8.8.8/32", false},       {"20.0.0.0/8", false},      {"52.96.0.0/14", false},
    {"::/128", true},            {"::1/128", true},          {"::2/128", false},
    {"::/0", false},             {"fc00::/7", true},         {"fd12:3456::/48", true},
    {"fe00::/7", false},         {"fe80::/10", true},        {"febf::/16", true},
    {"fec0::/10", false},        {"2001:db8::/32", true},    {"2001:db8:1::/48", true},
    {"2001:db9::/32", false},    {"2001::/16", false},       {"ff02::1/128", true},
    {"ff00::/8", true},          {"2603:1000::/24", false},  {"::ffff:10.0.0.0/104", false},
};

static void test_private(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(priv_vectors); i++) {
        er_prefix p;
        assert_int_equal(er_prefix_parse(priv_vectors[i].p, true, &p), ER_ADDR_OK);
        if (er_prefix_is_private(&p) != priv_vectors[i].priv)
            fail_msg("%s: want private=%d", priv_vectors[i].p, priv_vectors[i].priv);
    }
    assert_false(er_prefix_is_private(NULL));
}

/* ---- value helpers ---- */

static void test_helpers(void **state)
{
    (void)state;
    assert_true(er_prefix_mask(ER_AF_V4, 0) == 0);
    assert_true(er_prefix_mask(ER_AF_V4, 8) == 0xff000000u);
    assert_true(er_prefix_mask(ER_AF_V4, 32) == 0xffffffffu);
    assert_true(er_prefix_mask(ER_AF_V4, 40) == 0xffffffffu);
    assert_true(er_prefix_mask(ER_AF_V6, 0) == 0);
    assert_true(er_prefix_mask(ER_AF_V6, 128) == ONES);
    assert_true(er_prefix_mask(ER_AF_V6, 1) == (er_u128)1 << 127);
    assert_true(er_prefix_mask(ER_AF_V6, 64) == ONES << 64);
    er_prefix p;
    assert_int_equal(er_prefix_parse("10.1.2.3/8", true, &p), ER_ADDR_HOST_BITS);
    assert_true(er_prefix_first(&p) == 0x0a000000u);
    assert_true(er_prefix_last(&p) == 0x0affffffu);
    assert_true(er_prefix_mask_host(&p));
    assert_false(er_prefix_mask_host(&p));
    assert_true(p.addr == 0x0a000000u);
    er_prefix all4 = {0, 0, ER_AF_V4}, all6 = {0, 0, ER_AF_V6};
    assert_true(er_prefix_last(&all4) == 0xffffffffu);
    assert_true(er_prefix_last(&all6) == ONES);
    assert_true(er_prefix_contains(&all4, &p));
    assert_false(er_prefix_contains(&p, &all4));
    assert_false(er_prefix_contains(&all6, &p));
    assert_true(er_prefix_contains(&p, &p));
    er_prefix q;
    assert_int_equal(er_prefix_parse("10.0.0.0/9", true, &q), ER_ADDR_OK);
    assert_true(er_prefix_contains(&p, &q));
    assert_true(er_prefix_cmp(&p, &q) < 0);
    assert_true(er_prefix_cmp(&q, &p) > 0);
    assert_true(er_prefix_cmp(&p, &p) == 0);
    assert_true(er_prefix_cmp(&p, &all6) < 0);
    assert_true(er_range_size(0, ONES) == ONES);
    assert_true(er_range_size(1, ONES) == ONES);
    assert_true(er_range_size(0, ONES - 1) == ONES);
    assert_true(er_range_size(5, 5) == 1);
    assert_true(er_range_size(0, 0xffffffffu) == (er_u128)1 << 32);
}

/* ---- range to prefixes ---- */

typedef struct {
    er_prefix p[300];
    int n;
    int stop_after;
} pfx_list;

static bool collect(const er_prefix *p, void *ctx)
{
    pfx_list *l = ctx;
    if (l->n < (int)ER_ARRAY_LEN(l->p))
        l->p[l->n] = *p;
    l->n++;
    return l->stop_after == 0 || l->n < l->stop_after;
}

/* Independent cover: grow each block while aligned and inside, one bit at a time. */
static int greedy_count(er_u128 first, er_u128 last, int bits)
{
    int n = 0;
    for (;;) {
        int k = 0;
        while (k < bits) {
            if (k + 1 == 128) { /* the whole IPv6 space */
                if (first != 0 || last != ONES)
                    break;
            } else {
                er_u128 size = (er_u128)1 << (k + 1);
                if (first % size != 0 || last - first < size - 1)
                    break;
            }
            k++;
        }
        n++;
        er_u128 blast = k == 128 ? ONES : first + (((er_u128)1 << k) - 1);
        if (blast >= last)
            return n;
        first = blast + 1;
    }
}

static void check_cover(er_u128 first, er_u128 last, int family)
{
    pfx_list l = {0};
    er_range_to_prefixes(first, last, family, collect, &l);
    int bits = er_family_bits(family);
    assert_true(l.n >= 1 && l.n <= 2 * bits);
    er_u128 at = first;
    for (int i = 0; i < l.n; i++) {
        const er_prefix *p = &l.p[i];
        assert_int_equal(p->family, family);
        assert_true(er_prefix_first(p) == p->addr); /* aligned */
        assert_true(p->addr == at);                 /* contiguous */
        er_u128 pl = er_prefix_last(p);
        assert_true(pl <= last);
        if (p->len > 0) { /* maximal: the parent block is not inside the range */
            er_prefix up = *p;
            up.len--;
            er_prefix_mask_host(&up);
            assert_true(er_prefix_first(&up) < first || er_prefix_last(&up) > last);
        }
        if (i == l.n - 1)
            assert_true(pl == last);
        else
            at = pl + 1;
    }
    assert_int_equal(l.n, greedy_count(first, last, bits));
}

static void test_range_to_prefixes(void **state)
{
    (void)state;
    uint64_t rs = 0x5eed0011;
    const er_u128 m4 = 0xffffffffu;
    /* edges */
    er_u128 e4[][2] = {{0, m4}, {0, 0}, {m4, m4}, {1, m4}, {0, m4 - 1}, {1, m4 - 1},
                       {0x0a000000u, 0x0affffffu}, {0x0a000001u, 0x0a000001u}};
    for (size_t i = 0; i < ER_ARRAY_LEN(e4); i++)
        check_cover(e4[i][0], e4[i][1], ER_AF_V4);
    er_u128 e6[][2] = {{0, ONES}, {0, 0}, {ONES, ONES}, {1, ONES}, {0, ONES - 1},
                       {1, ONES - 1}, {ONES << 64, ONES}};
    for (size_t i = 0; i < ER_ARRAY_LEN(e6); i++)
        check_cover(e6[i][0], e6[i][1], ER_AF_V6);
    pfx_list l = {0};
    er_range_to_prefixes(0, m4, ER_AF_V4, collect, &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(fmt_prefix(&l.p[0]), "0.0.0.0/0");
    memset(&l, 0, sizeof l);
    er_range_to_prefixes(0, ONES, ER_AF_V6, collect, &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(fmt_prefix(&l.p[0]), "::/0");
    memset(&l, 0, sizeof l);
    er_range_to_prefixes(1, ONES, ER_AF_V6, collect, &l);
    assert_int_equal(l.n, 128);
    /* invalid ranges produce nothing */
    memset(&l, 0, sizeof l);
    er_range_to_prefixes(5, 4, ER_AF_V4, collect, &l);
    er_range_to_prefixes(0, m4 + 1, ER_AF_V4, collect, &l);
    er_range_to_prefixes(0, 1, 5, collect, &l);
    assert_int_equal(l.n, 0);
    /* early stop */
    memset(&l, 0, sizeof l);
    l.stop_after = 3;
    er_range_to_prefixes(1, ONES, ER_AF_V6, collect, &l);
    assert_int_equal(l.n, 3);
    /* random small ranges, checked address by address */
    for (int i = 0; i < 3000; i++) {
        er_u128 a = tu_rand(&rs) % 4096, b = tu_rand(&rs) % 4096;
        if (a > b) {
            er_u128 t = a;
            a = b;
            b = t;
        }
        pfx_list s = {0};
        er_range_to_prefixes(a, b, ER_AF_V4, collect, &s);
        static unsigned char seen[4096];
        memset(seen, 0, sizeof seen);
        for (int k = 0; k < s.n; k++)
            for (er_u128 x = er_prefix_first(&s.p[k]); x <= er_prefix_last(&s.p[k]); x++)
                seen[x]++;
        for (int x = 0; x < 4096; x++)
            assert_int_equal(seen[x], (er_u128)x >= a && (er_u128)x <= b ? 1 : 0);
        check_cover(a, b, ER_AF_V4);
    }
    /* random large ranges, both families */
    for (int i = 0; i < 3000; i++) {
        er_u128 a = ((er_u128)tu_rand(&rs) << 64) | tu_rand(&rs);
        er_u128 b = ((er_u128)tu_rand(&rs) << 64) | tu_rand(&rs);
        if (i % 3 == 0)
            b = a + (tu_rand(&rs) % 100000);
        if (a > b) {
            er_u128 t = a;
            a = b;
            b = t;
        }
        check_cover(a, b, ER_AF_V6);
        check_cover(a & m4, (a & m4) + ((b - a) % (m4 - (a & m4) + 1)), ER_AF_V4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_vectors),  cmocka_unit_test(test_scan_vectors),
        cmocka_unit_test(test_addr_scan),      cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_format_vectors), cmocka_unit_test(test_diff_v4),
        cmocka_unit_test(test_diff_v6),        cmocka_unit_test(test_netmask),
        cmocka_unit_test(test_private),        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_range_to_prefixes), cmocka_unit_test(test_scan_v4_oracle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
