/* Longest-prefix match over one address family, and the range partition.
 * Ownership: an er_lpm owns its entries; pointers it returns are valid until it is freed
 * or modified. Usage: er_lpm_new, er_lpm_add per prefix, er_lpm_build once, then queries. */
#ifndef ERREADY_LPM_H
#define ERREADY_LPM_H

#include "erready/addr.h"

#define ER_LPM_NONE UINT32_MAX

typedef struct er_lpm er_lpm;

/* One segment of a partition: [first,last] is decided by entry `entry`
 * (index for er_lpm_entry, or ER_LPM_NONE when no prefix covers it). */
typedef struct er_lpm_seg {
    er_u128 first;
    er_u128 last;
    uint32_t entry;
} er_lpm_seg;

/* An entry as stored: the prefix (host bits cleared), the caller's value, and the
 * entry of the next shorter prefix that contains it (ER_LPM_NONE if none). */
typedef struct er_lpm_entry {
    er_prefix prefix;
    uint32_t value;
    uint32_t parent;
} er_lpm_entry;

er_lpm *er_lpm_new(int family);
void er_lpm_free(er_lpm *t);

/* Add a prefix with a caller value (e.g. a route index). Host bits are cleared.
 * When the same prefix is added several times, the first added wins and the later
 * ones are dropped (the caller orders its input accordingly). Wrong family: ER_ERR_ARG. */
er_status er_lpm_add(er_lpm *t, const er_prefix *p, uint32_t value);

/* Reserve room for n more entries (optional, avoids regrowth). */
er_status er_lpm_reserve(er_lpm *t, size_t n);

/* Freeze the table: sort, drop duplicates, compute nesting and the flat range map.
 * Must be called once after the last add and before any query. */
er_status er_lpm_build(er_lpm *t);

size_t er_lpm_size(const er_lpm *t);                  /* distinct prefixes */
const er_lpm_entry *er_lpm_entry_at(const er_lpm *t, uint32_t i);
int er_lpm_family(const er_lpm *t);

/* Longest match for one address: entry index or ER_LPM_NONE. */
uint32_t er_lpm_lookup(const er_lpm *t, er_u128 addr);

/* Exact match for a prefix: entry index or ER_LPM_NONE. */
uint32_t er_lpm_find(const er_lpm *t, const er_prefix *p);

/* Partition the range of q into maximal disjoint segments, ascending, each decided by
 * one entry (the longest prefix covering every address in it) or by none. Segments
 * cover q exactly. cb returns false to stop early. */
void er_lpm_partition(const er_lpm *t, const er_prefix *q,
                      bool (*cb)(const er_lpm_seg *seg, void *ctx), void *ctx);

/* Same over an arbitrary address range [first,last]. */
void er_lpm_partition_range(const er_lpm *t, er_u128 first, er_u128 last,
                            bool (*cb)(const er_lpm_seg *seg, void *ctx), void *ctx);

#endif
