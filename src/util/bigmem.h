/* Allocation of big arrays that are filled once (route tables, LPM build arrays). */
#ifndef ER_UTIL_BIGMEM_H
#define ER_UTIL_BIGMEM_H

#include <stddef.h>

/* malloc for an array about to be written front to back. Filling hundreds of MB of fresh
 * memory with 4 KiB pages costs a page fault per page, as much as the work itself, so on
 * Linux blocks of 2 MiB and more are 2 MiB aligned and advised to use transparent huge
 * pages. Freed (and grown) with free() and realloc(); NULL on no memory. */
void *er_big_alloc(size_t size);

/* The size from which er_big_alloc's blocks may have huge pages. */
#define ER_BIG_ALLOC_MIN ((size_t)2 << 20)

#endif
