/* libcidr adapter: netmask value to prefix length (the only file that includes libcidr.h).
 * libcidr is lenient about text (it reads "010" as octal), so callers hand it a value they
 * validated themselves, and the answer is checked against the mask before it is used. */
#include "addr/cidr_adapter.h"

#include "erready/addr.h"

#include <libcidr.h>
#include <stdio.h>

bool er_addr_cidr_mask_len(uint32_t mask, uint8_t *len)
{
    char text[48];
    snprintf(text, sizeof text, "0.0.0.0/%u.%u.%u.%u", (unsigned)(mask >> 24),
             (unsigned)(mask >> 16) & 0xffu, (unsigned)(mask >> 8) & 0xffu,
             (unsigned)mask & 0xffu);
    CIDR *c = cidr_from_str(text);
    if (!c)
        return false; /* libcidr refuses non-contiguous masks */
    int pf = cidr_get_pflen(c);
    cidr_free(c);
    if (pf < 0 || pf > 32 || er_prefix_mask(ER_AF_V4, pf) != (er_u128)mask)
        return false;
    if (len)
        *len = (uint8_t)pf;
    return true;
}
