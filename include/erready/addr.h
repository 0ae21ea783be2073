/* IPv4/IPv6 prefixes: a strict scanner and a formatter.
 * Strict means: dotted-quad IPv4 with decimal octets 0-255 and no leading zeros,
 * RFC 4291 IPv6 text (with ::, and a trailing dotted quad), lengths without leading
 * zeros, nothing after the prefix unless the caller asks for a prefix inside text. */
#ifndef ERREADY_ADDR_H
#define ERREADY_ADDR_H

#include "erready/common.h"

#define ER_AF_V4 4
#define ER_AF_V6 6

/* An address or prefix of either family. IPv4 sits in the low 32 bits of addr. */
typedef struct er_prefix {
    er_u128 addr;
    uint8_t len;    /* 0-32 or 0-128 */
    uint8_t family; /* ER_AF_V4 or ER_AF_V6 */
} er_prefix;

typedef enum er_addr_err {
    ER_ADDR_OK = 0,
    ER_ADDR_EMPTY,      /* nothing to scan */
    ER_ADDR_BAD,        /* not an address */
    ER_ADDR_BAD_LEN,    /* length missing, out of range or malformed */
    ER_ADDR_HOST_BITS,  /* scanned, but bits below the length are set (value kept as written) */
    ER_ADDR_TRAILING    /* a valid prefix followed by garbage */
} er_addr_err;

/* Scan an address from [s, end). On success *next points just past it.
 * Stops at the first character that cannot continue an address. */
er_addr_err er_addr_scan(const char *s, const char *end, er_prefix *out, const char **next);

/* Scan "addr/len" from [s, end); *next past it. require_len: a bare address is an
 * error; otherwise it becomes a host prefix (/32 or /128). HOST_BITS is returned
 * with *out filled (host bits kept); callers decide whether to mask. */
er_addr_err er_prefix_scan(const char *s, const char *end, bool require_len, er_prefix *out,
                           const char **next);

/* Parse a whole NUL-terminated string as a prefix (or bare address when !require_len);
 * trailing characters are ER_ADDR_TRAILING. */
er_addr_err er_prefix_parse(const char *s, bool require_len, er_prefix *out);

/* Message text for an error code. */
const char *er_addr_err_str(er_addr_err e);

/* Dotted netmask ("255.255.255.0") to a length; false if not contiguous/invalid. */
bool er_netmask_to_len(const char *s, const char *end, uint8_t *len);

/* Format: "10.0.0.0/8", "2001:db8::/32" (RFC 5952 canonical). buf >= ER_PREFIX_STRLEN.
 * er_addr_format prints the address only. Both return the number of chars written. */
#define ER_PREFIX_STRLEN 64
int er_prefix_format(const er_prefix *p, char *buf, size_t size);
int er_addr_format(er_u128 addr, int family, char *buf, size_t size);

/* Helpers on values. */
static inline int er_family_bits(int family) { return family == ER_AF_V4 ? 32 : 128; }
/* Mask with the top len bits of a family-width value set. */
er_u128 er_prefix_mask(int family, int len);
/* First and last address of a prefix. */
er_u128 er_prefix_first(const er_prefix *p);
er_u128 er_prefix_last(const er_prefix *p);
/* True if a contains b (same family, a.len <= b.len, b inside a). */
bool er_prefix_contains(const er_prefix *a, const er_prefix *b);
/* Clear host bits; returns true if any were set. */
bool er_prefix_mask_host(er_prefix *p);
/* Total order: family, address, length. */
int er_prefix_cmp(const er_prefix *a, const er_prefix *b);
/* True for RFC 1918, RFC 6598 (100.64/10), loopback, link-local, ULA fc00::/7,
 * fe80::/10, ::1, and other non-global special-purpose blocks. A prefix counts when it
 * lies entirely inside one of: IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
 * 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4
 * (multicast), 240/4 (reserved, incl. broadcast), so also 224/3 as a whole; IPv6 ::/128, ::1/128, fc00::/7,
 * fe80::/10, 2001:db8::/32, ff00::/8. Covering prefixes (0.0.0.0/0) are not private. */
bool er_prefix_is_private(const er_prefix *p);
/* Number of addresses in [first,last] as u128 (caller ensures last>=first;
 * the whole IPv6 space saturates to UINT128 max). */
er_u128 er_range_size(er_u128 first, er_u128 last);

/* Split [first,last] of a family into the minimal list of CIDR prefixes.
 * Calls cb for each in ascending order; stops early if cb returns false. */
void er_range_to_prefixes(er_u128 first, er_u128 last, int family,
                          bool (*cb)(const er_prefix *p, void *ctx), void *ctx);

/* Additions (h1). */

/* Scanning inside text (er_addr_scan, er_prefix_scan): an address or prefix may be
 * followed only by the end of the range or one of these delimiters: whitespace (space,
 * \t \r \n \v \f) and , ; ( ) [ ] { } < > " ' | % * - # !  (er_addr_scan also stops at
 * '/'). Anything else right after it is ER_ADDR_TRAILING ("10.0.0.0/8x"), and a longer
 * run of address characters is ER_ADDR_BAD ("1.2.3.4.5"). A NUL inside [s,end) is not a
 * delimiter. '%' lets callers take "fe80::1%eth0" or NX-OS "10.1.1.1%vrf" apart; the
 * zone or VRF is never part of the address, and er_prefix_parse rejects it. On errors
 * *next points at the offending character (start of the address for ER_ADDR_BAD, the
 * first length character for ER_ADDR_BAD_LEN, the garbage for ER_ADDR_TRAILING). */

/* Cisco wildcard mask ("0.0.0.255") to a length (24); all of [s,end) must be a strict
 * dotted quad whose complement is a contiguous netmask. */
bool er_wildcard_to_len(const char *s, const char *end, uint8_t *len);

#endif
