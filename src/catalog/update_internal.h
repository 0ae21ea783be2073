/* Module-private helpers of src/catalog shared by store.c and update.c. */
#ifndef ER_CATALOG_UPDATE_INTERNAL_H
#define ER_CATALOG_UPDATE_INTERNAL_H

#include "erready/common.h"

/* Read a whole regular file of at most max bytes into a NUL-terminated malloc'd buffer.
 * ER_ERR_NOTFOUND when absent, ER_ERR_IO when unreadable or too large. */
er_status er_file_read_capped(const char *path, size_t max, char **buf, size_t *len);
/* FNV-1a 64 of a buffer (the cache's integrity check). */
uint64_t er_fnv1a64(const char *p, size_t n);

#endif
