/* A growable byte buffer for writers: append text, formatted text, JSON strings. */
#ifndef ER_UTIL_STRBUF_H
#define ER_UTIL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "erready/common.h"

typedef struct er_sb {
    char *buf;
    size_t len, cap;
    bool failed;      /* an allocation failed or the sink refused: contents are incomplete */
    bool sink_failed; /* it was the sink */
    /* With a sink, the buffer is handed to it whenever it is full, and holds only what
     * was not handed on yet: a report of any size streams through one small buffer. */
    bool (*sink)(void *ctx, const char *buf, size_t len);
    void *sink_ctx;
} er_sb;

/* Send everything appended to b to sink(ctx, bytes, len), in pieces of about 1 MiB (the
 * rest at er_sb_flush). sink returns false on failure, which marks b failed. */
void er_sb_init_sink(er_sb *b, bool (*sink)(void *ctx, const char *buf, size_t len), void *ctx);
/* Hand what the buffer holds to the sink; false if b failed at any point. */
bool er_sb_flush(er_sb *b);

void er_sb_init(er_sb *b);
void er_sb_free(er_sb *b);
void er_sb_putn(er_sb *b, const char *s, size_t n);
void er_sb_puts(er_sb *b, const char *s);
void er_sb_putc(er_sb *b, char c);
void er_sb_printf(er_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Length of the valid UTF-8 sequence at s (1-4 bytes), or 0 if it is invalid (overlong,
 * surrogate, out of range, truncated at n). */
size_t er_utf8_seq(const unsigned char *s, size_t n);
/* The key of a name for spelling-blind matching: its letters lowercased and its digits into
 * key (size bytes with the NUL), the characters of `ignore` dropped. False when empty, too
 * long, or any other character appears. */
bool er_name_key(const char *s, const char *ignore, char *key, size_t size);
/* A JSON string literal with quotes; invalid UTF-8 bytes become U+FFFD. */
void er_sb_json_str(er_sb *b, const char *s, size_t n);
/* A 128-bit count: a JSON number when <= 2^53, else a JSON string of decimal digits. */
void er_sb_json_u128(er_sb *b, er_u128 v);
/* Detach the NUL-terminated contents (caller frees); NULL if an allocation failed. */
char *er_sb_take(er_sb *b, size_t *len);

#endif
