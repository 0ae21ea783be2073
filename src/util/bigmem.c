/* Big-array allocation (bigmem.h). */
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE on Linux */
#include "util/bigmem.h"

#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

void *er_big_alloc(size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (size >= ER_BIG_ALLOC_MIN) {
        void *p = NULL;
        if (posix_memalign(&p, (size_t)2 << 20, size) != 0)
            return NULL;
        (void)madvise(p, size, MADV_HUGEPAGE); /* advice only: failure is harmless */
        return p;
    }
#endif
    return malloc(size ? size : 1);
}
