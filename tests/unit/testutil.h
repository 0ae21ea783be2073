/* Helpers shared by the unit tests: locating ../shared, reading files, seeded randomness. */
#ifndef ER_TESTUTIL_H
#define ER_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Path of ../shared (from $ERREADY_SHARED), or NULL when it is absent. */
const char *tu_shared_dir(void);
/* Path of the source tree (from $ERREADY_SRC, else "."). */
const char *tu_src_dir(void);
/* Join into a static rotating buffer: tu_path("%s/data/x", dir). */
const char *tu_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Read a whole file (malloc'd, NUL-terminated); NULL if unreadable. */
char *tu_read_file(const char *path, size_t *len);
/* xorshift64* generator. */
uint64_t tu_rand(uint64_t *state);
/* Exit code the test registration treats as "skipped". Prints why. */
#define TU_SKIP 77
int tu_skip(const char *why);

#endif
