/* Module-private: the libcidr adapter used by the netmask and wildcard forms. */
#ifndef ER_ADDR_CIDR_ADAPTER_H
#define ER_ADDR_CIDR_ADAPTER_H

#include <stdbool.h>
#include <stdint.h>

/* Length of a contiguous IPv4 netmask (host-order value), computed by libcidr and
 * cross-checked; false when the mask is not contiguous. */
bool er_addr_cidr_mask_len(uint32_t mask, uint8_t *len);

#endif
