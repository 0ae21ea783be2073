/* Shared basic types for every erready module: 128-bit integers, status codes. */
#ifndef ERREADY_COMMON_H
#define ERREADY_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Unsigned 128-bit integer: IPv6 addresses and address counts. IPv4 values
 * live in the low 32 bits. __extension__ keeps -Wpedantic quiet. Aligned to 8 bytes,
 * not 16: x86-64 moves it as two 64-bit halves anyway, and structs holding one (a
 * prefix, a route) lose their padding: a route takes 96 bytes instead of 112. */
__extension__ typedef unsigned __int128 er_u128 __attribute__((aligned(8)));

/* Result of a fallible library call. Details go to an er_diags sink. */
typedef enum er_status {
    ER_OK = 0,
    ER_ERR_NOMEM,   /* allocation failed */
    ER_ERR_IO,      /* cannot read or write a file */
    ER_ERR_PARSE,   /* input is malformed (details in diagnostics) */
    ER_ERR_ARG,     /* caller passed something invalid */
    ER_ERR_NOTFOUND /* a named thing does not exist */
} er_status;

/* Human-readable name of a status, never NULL. */
const char *er_status_str(er_status st);

/* Decimal text of a 128-bit value into buf (at least 40 bytes). Returns buf. */
char *er_u128_to_dec(er_u128 v, char *buf, size_t size);

#define ER_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
