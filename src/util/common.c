/* Status names and 128-bit decimal formatting. */
#include "erready/common.h"

const char *er_status_str(er_status st)
{
    switch (st) {
    case ER_OK: return "ok";
    case ER_ERR_NOMEM: return "out of memory";
    case ER_ERR_IO: return "input/output error";
    case ER_ERR_PARSE: return "malformed input";
    case ER_ERR_ARG: return "invalid argument";
    case ER_ERR_NOTFOUND: return "not found";
    }
    return "unknown error";
}

char *er_u128_to_dec(er_u128 v, char *buf, size_t size)
{
    char tmp[48];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v && n < sizeof tmp);
    if (size == 0)
        return buf;
    size_t i = 0;
    while (n && i + 1 < size)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return buf;
}
