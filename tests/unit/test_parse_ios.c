/* Tests of the Cisco IOS/IOS-XE parsers (ios-bgp, ios-route) and the plain list parser:
 * small fixtures with every feature, hostile inputs, detection and statistics. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "erready/routes.h"
#include "routes/parse_util.h"
#include "routes/internal.h"

/* ---- expectations ---- */

typedef struct xr {
    uint32_t line;
    const char *prefix;
    const char *nh;     /* NULL: no next hop */
    int best;
    int proto;          /* er_proto */
    const char *path;   /* NULL: not checked; "" must be empty */
    const char *vrf;    /* NULL: not checked; "" default */
    uint8_t flags;      /* extra flags that must be set (HOSTBITS, DISCARD) */
    const char *metric; /* NULL: not checked; "-": absent; else the value */
    const char *locpref;
    const char *dist;
    const char *iface;  /* NULL: not checked */
} xr;

typedef struct xd {
    er_diag_level level;
    uint32_t line;
    uint32_t col;       /* 0: not checked */
    const char *text;   /* substring of the message */
} xd;

typedef struct pcase {
    const char *name;
    const char *parser; /* forced parser, or NULL to detect */
    const char *format; /* parser that must read it */
    const char *text;   /* inline input, or NULL with file */
    size_t len;         /* 0: strlen(text) */
    const char *file;   /* under tests/fixtures/ios */
    const char *vrf;    /* vrf filter */
    er_status status;
    uint64_t lines, understood, skipped;
    const xr *routes;
    size_t n_routes;
    const xd *diags;
    size_t n_diags;
} pcase;

#define ROUTES(a) a, ER_ARRAY_LEN(a)
#define DIAGS(a) a, ER_ARRAY_LEN(a)
#define NO_DIAGS NULL, 0

#define W ER_DIAG_WARNING
#define E ER_DIAG_ERROR
enum {
    P_UNK = ER_PROTO_UNKNOWN, P_BGP = ER_PROTO_BGP, P_EBGP = ER_PROTO_EBGP,
    P_IBGP = ER_PROTO_IBGP, P_STATIC = ER_PROTO_STATIC, P_CONN = ER_PROTO_CONNECTED,
    P_LOCAL = ER_PROTO_LOCAL, P_OSPF = ER_PROTO_OSPF, P_ISIS = ER_PROTO_ISIS,
    P_EIGRP = ER_PROTO_EIGRP, P_RIP = ER_PROTO_RIP, P_OTHER = ER_PROTO_OTHER
};
#define GI1 "GigabitEthernet0/1"
#define GI2 "GigabitEthernet0/2"
#define HB ER_RF_HOSTBITS
#define DISC ER_RF_DISCARD

/* ---- inputs ---- */

#define BGP_HDR                                                                          \
    "BGP table version is 5, local router ID is 192.0.2.1\n"                             \
    "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n"  \
    "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter,\n"   \
    "              x best-external, a additional-path, c RIB-compressed,\n"              \
    "Origin codes: i - IGP, e - EGP, ? - incomplete\n"                                   \
    "\n"                                                                                 \
    "     Network          Next Hop            Metric LocPrf Weight Path\n"

#define R_10_1 " *>  10.1.0.0/16      192.0.2.9                0             0 65001 i"
#define R_10_2 " *>  10.2.0.0/16      192.0.2.9                              0 65001 65002 i"
#define R_10_3 " *>  10.3.0.0/16      192.0.2.9                7             0 65003 i"
#define R_CONT " *>                   192.0.2.9                0             0 65001 i"
#define R_10_4 " *>i 10.4.0.0/16      192.0.2.10               0    100      0 i"

static const char bgp_crlf[] =
    "BGP table version is 5, local router ID is 192.0.2.1\r\n"
    "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\r\n"
    "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter,\r\n"
    "              x best-external, a additional-path, c RIB-compressed,\r\n"
    "Origin codes: i - IGP, e - EGP, ? - incomplete\r\n"
    "\r\n"
    "     Network          Next Hop            Metric LocPrf Weight Path\r\n" R_10_1 "\r\n" R_10_4
    "\r\n";

/* The same table with runs of blanks turned into tabs (unexpand -a). */
static const char bgp_tabs[] =
    "BGP table version is 5, local router ID is 192.0.2.1\n"
    "Origin codes: i - IGP, e - EGP, ? - incomplete\n"
    "     Network\t      Next Hop\t\t  Metric LocPrf Weight Path\n"
    " *>  10.1.0.0/16      192.0.2.9\t\t       0\t     0 65001 i\n"
    " *>  10.2.0.0/16      192.0.2.9\t\t\t\t     0 65001 65002 i\n"
    " *>i 10.4.0.0/16      192.0.2.10\t       0    100\t     0 i\n"
    " *>  10.5.0.0/16      192.0.2.9\t\t\t    200\t     0 12076 65020 ?\n";

static const char bgp_truncated[] =
    BGP_HDR R_10_1 "\n"
    " *>  10.9.0.0/16      192.0.2.9                0             0 65001";

static const char bgp_wrapped_eof[] = BGP_HDR R_10_1 "\n *>  2001:DB8:1234:5678::/64";

static const char bgp_wrapped_then_net[] =
    BGP_HDR " *>  2001:DB8:1234:5678::/64\n" R_10_1 "\n";

static const char bgp_attrs_cut[] =
    BGP_HDR " *>  2001:DB8:3::/48  FE80::A8BB:CCFF:FE00:200\n"
    "\n" R_10_1 "\n"
    " *>  2001:DB8:ABCD::/64\n"
    "                      2001:DB8:ABCD:1234:5678:9ABC:DEF0:1\n";

static const char bgp_orphan[] =
    BGP_HDR R_CONT "\n" R_10_1 "\n"
    "Route Distinguisher: 1:1 (default for vrf A)\n" R_CONT "\n";

static const char bgp_pager[] =
    "rtr1#terminal length 0\n"
    "rtr1#show ip bgp\n" BGP_HDR R_10_1 "\n"
    " --More-- \b\b\b\b\b\b\b\b\b         \b\b\b\b\b\b\b\b\b" R_10_3 "\n"
    " --More-- \n" R_10_2 "\n"
    "rtr1#\n";

static const char bgp_bad[] =
    BGP_HDR " *>  10.0.0.256/24    192.0.2.9                0             0 65001 i\n"
    " *>  10.0.1.0/24      192.0.2.300              0             0 65001 i\n"
    " *>  224.0.0.0        192.0.2.9                0             0 65001 i\n" R_10_1 "\n"
    " *>  2001:DB8::       2001:DB8::1              0             0 65001 i\n";

/* NUL bytes inside lines: the length is given explicitly. */
static const char bgp_nul[] =
    BGP_HDR " *>  10.1.0.0/16\0     192.0.2.9                0             0 65001 i\n"
    " *>  10.2.0.0/16      192.0.2.9                              0 65001 65002 i\0\n"
    "BGP\0table version is 6\n" R_10_3 "\n";

static const char bgp_headerless[] = R_10_1 "\n" R_10_2 "\n" R_10_4 "\n";

static const char bgp_device_msg[] = BGP_HDR "% BGP not active\n" R_10_1 "\n";

static const char bgp_attr_errors[] =
    BGP_HDR " *>  10.6.0.0/16      192.0.2.9                0             0 65001 x\n"
    " *>  10.7.0.0/16      192.0.2.9                0             0 65001 {65002 i\n"
    " *>  10.8.0.0/16      192.0.2.9                0       99999999999 65001 i\n"
    " *>  10.9.0.0/16      192.0.2.9                0             0 65001 i\n";

static const char route_vrfs[] =
    "Routing Table: RED\n"
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
    "\n"
    "Gateway of last resort is not set\n"
    "\n"
    "      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\n"
    "C        10.10.0.0/24 is directly connected, Vlan10\n"
    "L        10.10.0.1/32 is directly connected, Vlan10\n"
    "rtr#show ip route vrf BLUE\n"
    "S*    0.0.0.0/0 [1/0] via 192.0.2.1\n"
    "rtr#show ip route\n"
    "B     20.0.0.0/8 [20/0] via 192.0.2.2, 00:00:01\n"
    "Routing Table: default\n"
    "S     30.0.0.0/8 [1/0] via 192.0.2.3\n";

static const char route_subnets[] =
    "     172.16.0.0/24 is subnetted, 2 subnets\n"
    "B       172.16.10.0 [200/0] via 10.0.0.1, 00:00:01\n"
    "B       172.17.0.0 [200/0] via 10.0.0.1\n"
    "     10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\n"
    "O       10.1.1.0 [110/2] via 10.0.0.2, 00:00:01, Gi0/0\n"
    "O       10.1.2.0/24 [110/2] via 10.0.0.2, 00:00:01, Gi0/0\n"
    "S       192.168.1.0 [1/0] via 10.0.0.3\n"
    "S       230.0.0.0 [1/0] via 10.0.0.3\n"
    "S       10.1.3.5/24 [1/0] via 10.0.0.3\n";

static const char route_hostile[] =
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
    "                    [110/20] via 10.0.0.9, 00:00:01, Gi0/0\n"
    "O     10.2.0.0/16 [110/20] via 10.0.0.300, 00:00:01, Gi0/0\n"
    "O     10.3.0.0/16 [110/x] via 10.0.0.1\n"
    "% Invalid input detected at '^' marker.\n"
    " --More-- \b\b\b\b\b\b\b\b\b         \b\b\b\b\b\b\b\b\b"
    "C     10.4.0.0/24 is directly connected, Gi0/1\n"
    "S     10.5.0.0/16 [1/0] via 10.0.0.1 frobnicate!\n"
    "S     10.1.0.0 255.255.0.0 [1/0] via 10.0.0.1\n"
    "B     2001:DB8::/32 [20/0]\n";

static const char route_crlf[] =
    "Gateway of last resort is 10.0.0.1 to network 0.0.0.0\r\n"
    "\r\n"
    "S*    0.0.0.0/0 [1/0] via 10.0.0.1\r\n"
    "C     10.0.0.0/24 is directly connected, Gi0/0\r\n";

static const char route_tabs[] =
    "S*\t0.0.0.0/0\t[1/0] via 10.0.0.1\n"
    "C\t10.0.0.0/24 is directly connected,\tGi0/0\n"
    "O E2\t10.9.0.0/16\t[110/20] via 10.0.0.2,\t00:00:01,\tGi0/0\n";

static const char plain_list[] =
    "# advertised to Microsoft peering\n"
    "203.0.113.0/24\n"
    "198.51.100.0/25 192.0.2.1\n"
    "198.51.100.128/25 192.0.2.1 65010 12076\n"
    "2001:db8:100::/48   # trailing comment\n"
    "2001:db8:200::/48 2001:db8::1 65010 {64512,64513}\n"
    "192.0.2.55\n"
    "\n"
    "  \t\n"
    "100.64.0.0/10 65010\n";

static const char plain_bad[] =
    "10.0.0.0/8\n"
    "10.0.0.0/40\n"
    "10.1.0.0/16 foo\n"
    "10.2.0.1/16\n"
    "10.3.0.0/16 10.0.0.999\n"
    "10.4.0.0/16 1.2.3.4 65000 {1\n"
    "10.5.0.0 255.255.0.0\n";

static const char detail_routes[] =
    "router#show ip route 10.20.0.0\n"
    "Routing entry for 10.20.0.0/16\n"
    "  Known via \"ospf 1\", distance 110, metric 20, type extern 2, forward metric 1\n"
    "  Last update from 10.1.0.2 on GigabitEthernet0/1, 00:10:11 ago\n"
    "  Routing Descriptor Blocks:\n"
    "  * 10.1.0.2, from 10.0.0.2, 00:10:11 ago, via GigabitEthernet0/1\n"
    "      Route metric is 20, traffic share count is 1\n"
    "    10.1.0.3, from 10.0.0.3, 00:10:11 ago, via GigabitEthernet0/2\n"
    "      Route metric is 20, traffic share count is 1\n"
    "\n"
    "router#show ip route vrf RED 192.0.2.0 255.255.255.0\n"
    "\n"
    "Routing Table: RED\n"
    "Routing entry for 192.0.2.0/24\n"
    "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n"
    "  Routing Descriptor Blocks:\n"
    "  * directly connected, via Vlan10\n"
    "      Route metric is 0, traffic share count is 1\n"
    "router#show ipv6 route 2001:DB8:20::/48\n"
    "Routing entry for 2001:DB8:20::/48\n"
    "  Known via \"bgp 65000\", distance 20, metric 0, type external\n"
    "  Route count is 1/1, share count 0\n"
    "  Routing paths:\n"
    "    FE80::2, GigabitEthernet0/1\n"
    "      MPLS label: nolabel\n"
    "      From FE80::2\n"
    "      Last updated 00:10:11 ago\n";

static const char detail_bgp[] =
    "router#show ip bgp 13.64.0.0/16\n"
    "BGP routing table entry for 13.64.0.0/16, version 42\n"
    "Paths: (2 available, best #2, table default)\n"
    "  Multipath: eBGP\n"
    "  Advertised to update-groups:\n"
    "     1          2\n"
    "  Refresh Epoch 1\n"
    "  12076 8075\n"
    "    192.0.2.1 from 192.0.2.1 (10.255.0.1)\n"
    "      Origin IGP, metric 0, localpref 100, valid, external\n"
    "      Community: 12076:51004 65000:1\n"
    "      rx pathid: 0, tx pathid: 0\n"
    "  Refresh Epoch 1\n"
    "  64512 12076 8075, (received & used)\n"
    "    203.0.113.1 from 203.0.113.1 (203.0.113.1)\n"
    "      Origin IGP, localpref 200, valid, external, best\n"
    "      rx pathid: 0, tx pathid: 0x0\n"
    "\n"
    "router#show ip bgp vpnv4 vrf BLUE 10.9.0.0\n"
    "BGP routing table entry for 65000:1:10.9.0.0/16, version 3\n"
    "Paths: (1 available, best #1, table BLUE)\n"
    "  Not advertised to any peer\n"
    "  Local\n"
    "    0.0.0.0 (via vrf BLUE) from 0.0.0.0 (10.0.0.1)\n"
    "      Origin incomplete, metric 0, localpref 100, weight 32768, valid, sourced, best\n"
    "      Extended Community: RT:65000:1\n";

static const char detail_hostile[] =
    "BGP routing table entry for 10.0.0.0/8, version 1\n"
    "Paths: (1 available, best #1, table default)\n"
    "  65001\n"
    "\n"
    "BGP routing table entry for 10.1.0.0/33, version 2\n"
    "Routing entry for 10.2.0.0/16\n"
    "  Known via \"static\", distance 1, metric 0\n"
    "  Routing Descriptor Blocks:\n"
    "  * 10.0.0.300\n"
    "  * frobnicate\n"
    "Routing entry for 10.3.0.0/16\n"
    "  Known via \"static\", distance 1, metric 0\n"
    "  Routing Descriptor Blocks:\n"
    "  * directly connected, via Null0\n"
    "BGP routing table entry for 10.4.0.0/16, version 9\n"
    "Paths: (1 available, best #1, table default)\n"
    "  65001 65002\n"
    "    10.0.0.7 from 10.0.0.7 (10.0.0.7)\n";

/* ---- expected routes ---- */

static const xr x_bgp_v6[] = {
    {11, "2001:db8:1::/48", "::", 1, P_BGP, "", "", 0, "0", "-", NULL, NULL},
    {12, "2001:db8:2::/48", "2001:db8:12::2", 1, P_EBGP, "65002", "", 0, "0", "-", NULL, NULL},
    {13, "2001:db8:1234:5678::/64", "2001:db8:12::2", 0, P_EBGP, "65002 65010", "", 0, "5", "-",
     NULL, NULL},
    {15, "2001:db8:1234:5678::/64", "2001:db8:13::3", 1, P_EBGP, "65003 65010", "", 0, "-", "-",
     NULL, NULL},
    {16, "2001:db8:3::/48", "fe80::a8bb:ccff:fe00:200", 1, P_IBGP, "12076", "", 0, "0", "100",
     NULL, NULL},
    {18, "2001:db8:abcd:1234:5678:9abc:def0:0/112", "2001:db8:abcd:1234:5678:9abc:def0:1", 1,
     P_EBGP, "65004", "", 0, "0", "-", NULL, NULL},
    {21, "2001:db8:5::/48", "2001:db8:12::2", 0, P_EBGP, "65002 {65020,65021}", "", 0, "-", "-",
     NULL, NULL},
    {22, "2001:db8:5::/48", "2001:db8:13::3", 1, P_EBGP, "65003 {65020,65021}", "", 0, "-", "-",
     NULL, NULL},
};

static const xr x_bgp_vpn[] = {
    {12, "10.1.1.0/24", "0.0.0.0", 1, P_BGP, "", "TEST", 0, "0", "-", NULL, NULL},
    {13, "10.2.2.0/24", "192.0.2.2", 1, P_IBGP, "", "TEST", 0, "0", "100", NULL, NULL},
    {14, "10.3.3.0/24", "192.0.2.2", 0, P_IBGP, "", "TEST", 0, "0", "100", NULL, NULL},
    {16, "10.9.9.0/24", "192.0.2.9", 1, P_IBGP, "65009", "rd:65000:2", 0, "0", "100", NULL, NULL},
    {18, "172.20.0.0/16", "198.51.100.1", 1, P_BGP, "(65010 65011) 65012", "BLUE", 0, "-", "-",
     NULL, NULL},
    {19, "172.20.1.0/24", "198.51.100.1", 0, P_BGP, "(65010 65011) 65012", "BLUE", 0, "-", "-",
     NULL, NULL},
    {20, "172.20.2.0/24", "198.51.100.1", 0, P_EBGP, "65013", "BLUE", 0, "-", "-", NULL, NULL},
    {21, "172.20.3.0/24", "198.51.100.1", 0, P_EBGP, "65013", "BLUE", 0, "-", "-", NULL, NULL},
    {22, "172.20.4.0/24", "198.51.100.1", 0, P_EBGP, "65013", "BLUE", 0, "-", "-", NULL, NULL},
    {23, "172.20.4.0/24", "198.51.100.2", 1, P_EBGP, "65014", "BLUE", 0, "10", "-", NULL, NULL},
    {24, "172.20.4.0/24", "198.51.100.3", 0, P_EBGP, "65015", "BLUE", 0, "20", "-", NULL, NULL},
    {25, "172.20.5.0/24", "198.51.100.1", 1, P_EBGP, "4200000000 1.10", "BLUE", 0, "4294967295",
     "200", NULL, NULL},
    {26, "192.0.2.0/24", "0.0.0.0", 1, P_BGP, "", "BLUE", 0, "0", "-", NULL, NULL},
    {27, "0.0.0.0/0", "198.51.100.1", 1, P_EBGP, "12076", "BLUE", 0, "-", "-", NULL, NULL},
};

static const xr x_bgp_vpn_test[] = {
    {12, "10.1.1.0/24", "0.0.0.0", 1, P_BGP, "", "TEST", 0, NULL, NULL, NULL, NULL},
    {13, "10.2.2.0/24", "192.0.2.2", 1, P_IBGP, "", "TEST", 0, NULL, NULL, NULL, NULL},
    {14, "10.3.3.0/24", "192.0.2.2", 0, P_IBGP, "", "TEST", 0, NULL, NULL, NULL, NULL},
};

static const xr x_bgp_vpn_rd[] = {
    {16, "10.9.9.0/24", "192.0.2.9", 1, P_IBGP, "65009", "rd:65000:2", 0, NULL, NULL, NULL, NULL},
};

static const xr x_bgp_two[] = {
    {8, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
    {9, "10.4.0.0/16", "192.0.2.10", 1, P_IBGP, "", "", 0, "0", "100", NULL, NULL},
};

static const xr x_bgp_tabs[] = {
    {4, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
    {5, "10.2.0.0/16", "192.0.2.9", 1, P_EBGP, "65001 65002", "", 0, "-", "-", NULL, NULL},
    {6, "10.4.0.0/16", "192.0.2.10", 1, P_IBGP, "", "", 0, "0", "100", NULL, NULL},
    {7, "10.5.0.0/16", "192.0.2.9", 1, P_EBGP, "12076 65020", "", 0, "-", "200", NULL, NULL},
};

static const xr x_bgp_one8[] = {
    {8, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};
static const xr x_bgp_one9[] = {
    {9, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};
static const xr x_bgp_one10[] = {
    {10, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};
static const xr x_bgp_one11[] = {
    {11, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};
static const xr x_bgp_orphan[] = {
    {9, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};

static const xr x_bgp_pager[] = {
    {10, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
    {11, "10.3.0.0/16", "192.0.2.9", 1, P_EBGP, "65003", "", 0, "7", "-", NULL, NULL},
    {13, "10.2.0.0/16", "192.0.2.9", 1, P_EBGP, "65001 65002", "", 0, "-", "-", NULL, NULL},
};

static const xr x_bgp_nul[] = {
    {11, "10.3.0.0/16", "192.0.2.9", 1, P_EBGP, "65003", "", 0, "7", "-", NULL, NULL},
};

static const xr x_bgp_headerless[] = {
    {1, "10.1.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
    {2, "10.2.0.0/16", "192.0.2.9", 1, P_EBGP, "65001 65002", "", 0, "-", "-", NULL, NULL},
    {3, "10.4.0.0/16", "192.0.2.10", 1, P_IBGP, "", "", 0, "0", "100", NULL, NULL},
};

static const xr x_bgp_attr_errors[] = {
    {11, "10.9.0.0/16", "192.0.2.9", 1, P_EBGP, "65001", "", 0, "0", "-", NULL, NULL},
};

static const xr x_route_v4[] = {
    {14, "0.0.0.0/0", "203.0.113.1", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", ""},
    {16, "10.1.0.0/24", NULL, 1, P_CONN, NULL, "", 0, "-", NULL, "-", GI1},
    {17, "10.1.0.1/32", NULL, 1, P_LOCAL, NULL, "", 0, "-", NULL, "-", GI1},
    {18, "10.2.0.0/16", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", GI1},
    {19, "10.3.0.0/16", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", GI1},
    {20, "10.3.0.0/16", "10.1.0.3", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", GI1},
    {21, "10.4.0.0/16", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "30", NULL, "110", NULL},
    {22, "10.5.0.0/16", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "30", NULL, "110", NULL},
    {24, "13.64.0.0/24", "203.0.113.9", 1, P_BGP, NULL, "", 0, "0", NULL, "20", ""},
    {25, "13.64.1.0/24", "203.0.113.9", 1, P_BGP, NULL, "", 0, "0", NULL, "20", ""},
    {26, "20.30.0.0/16", "10.1.0.4", 1, P_EIGRP, NULL, "", 0, "2816", NULL, "170", NULL},
    {27, "20.31.0.0/16", "10.1.0.4", 1, P_EIGRP, NULL, "", 0, "2816", NULL, "90", NULL},
    {28, "20.32.0.0/16", "10.1.0.5", 1, P_RIP, NULL, "", 0, "1", NULL, "120", NULL},
    {29, "20.33.0.0/16", "10.1.0.6", 1, P_ISIS, NULL, "", 0, "10", NULL, "115", NULL},
    {30, "20.34.0.0/16", "10.1.0.6", 1, P_ISIS, NULL, "", 0, "20", NULL, "115", NULL},
    {31, "20.35.0.0/16", "10.1.0.6", 1, P_ISIS, NULL, "", 0, "30", NULL, "115", NULL},
    {32, "20.36.0.0/16", "0.0.0.0", 1, P_ISIS, NULL, "", DISC, "10", NULL, "115", "Null0"},
    {33, "20.37.0.0/16", "10.1.0.7", 1, P_OTHER, NULL, "", 0, "1", NULL, "160", GI2},
    {34, "20.38.0.0/16", "10.9.9.9", 1, P_OTHER, NULL, "", 0, "1", NULL, "250", "Tunnel0"},
    {35, "20.39.0.0/16", "10.1.0.8", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", ""},
    {36, "20.40.0.0/16", "203.0.113.9", 1, P_BGP, NULL, "", 0, "0", NULL, "20", ""},
    {37, "40.64.0.0/10", "203.0.113.9", 1, P_BGP, NULL, "", 0, "0", NULL, "20", ""},
    {38, "52.96.0.0/14", NULL, 1, P_STATIC, NULL, "", DISC, "-", NULL, "-", "Null0"},
    {39, "192.168.50.0/24", "10.1.0.9", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", ""},
    {40, "172.16.0.0/16", "10.1.0.10", 1, P_BGP, NULL, "", 0, "0", NULL, "200", ""},
    {41, "198.18.0.0/15", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", NULL},
    {43, "198.18.0.0/15", "10.1.0.3", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", NULL},
    {44, "104.40.0.0/13", NULL, 1, P_BGP, NULL, "", DISC, "0", NULL, "20", "Null0"},
};

static const xr x_route_v6[] = {
    {11, "::/0", "fe80::1", 1, P_BGP, NULL, "CORP", 0, "0", NULL, "20", "GigabitEthernet0/0"},
    {13, "2001:db8:10::/64", NULL, 1, P_CONN, NULL, "CORP", 0, "0", NULL, "0", GI1},
    {15, "2001:db8:10::1/128", NULL, 1, P_LOCAL, NULL, "CORP", 0, "0", NULL, "0", NULL},
    {17, "2001:db8:20::/48", "fe80::2", 1, P_OSPF, NULL, "CORP", 0, "20", NULL, "110",
     GI1},
    {19, "2001:db8:20::/48", "fe80::3", 1, P_OSPF, NULL, "CORP", 0, "20", NULL, "110",
     GI2},
    {20, "2001:db8:21::/48", "fe80::2", 1, P_OSPF, NULL, "CORP", 0, "2", NULL, "110", NULL},
    {22, "2001:db8:22::/48", "fe80::4", 1, P_ISIS, NULL, "CORP", 0, "10", NULL, "115", NULL},
    {24, "2001:db8:23::/48", "fe80::4", 1, P_ISIS, NULL, "CORP", 0, "30", NULL, "115", NULL},
    {26, "2603:1000::/24", NULL, 1, P_STATIC, NULL, "CORP", DISC, "0", NULL, "1", "Null0"},
    {28, "2001:db8:30::/64", NULL, 1, P_OTHER, NULL, "CORP", 0, "0", NULL, "2", NULL},
    {30, "2001:db8:40::/48", "2001:db8:10::99", 1, P_STATIC, NULL, "CORP", 0, "0", NULL, "1", ""},
    {32, "2001:db8:ff::1/128", NULL, 1, P_LOCAL, NULL, "CORP", 0, "0", NULL, "0", "Loopback0"},
};

static const xr x_route_vrfs[] = {
    {7, "10.10.0.0/24", NULL, 1, P_CONN, NULL, "RED", 0, NULL, NULL, NULL, "Vlan10"},
    {8, "10.10.0.1/32", NULL, 1, P_LOCAL, NULL, "RED", 0, NULL, NULL, NULL, "Vlan10"},
    {10, "0.0.0.0/0", "192.0.2.1", 1, P_STATIC, NULL, "BLUE", 0, NULL, NULL, "1", NULL},
    {12, "20.0.0.0/8", "192.0.2.2", 1, P_BGP, NULL, "", 0, NULL, NULL, "20", NULL},
    {14, "30.0.0.0/8", "192.0.2.3", 1, P_STATIC, NULL, "", 0, NULL, NULL, "1", NULL},
};
static const xr x_route_vrfs_blue[] = {
    {10, "0.0.0.0/0", "192.0.2.1", 1, P_STATIC, NULL, "BLUE", 0, NULL, NULL, "1", NULL},
};
static const xr x_route_vrfs_default[] = {
    {12, "20.0.0.0/8", "192.0.2.2", 1, P_BGP, NULL, "", 0, NULL, NULL, "20", NULL},
    {14, "30.0.0.0/8", "192.0.2.3", 1, P_STATIC, NULL, "", 0, NULL, NULL, "1", NULL},
};

static const xr x_route_subnets[] = {
    {2, "172.16.10.0/24", "10.0.0.1", 1, P_BGP, NULL, "", 0, "0", NULL, "200", NULL},
    {3, "172.17.0.0/16", "10.0.0.1", 1, P_BGP, NULL, "", 0, "0", NULL, "200", NULL},
    {6, "10.1.2.0/24", "10.0.0.2", 1, P_OSPF, NULL, "", 0, "2", NULL, "110", "Gi0/0"},
    {7, "192.168.1.0/24", "10.0.0.3", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", NULL},
    {9, "10.1.3.0/24", "10.0.0.3", 1, P_STATIC, NULL, "", HB, "0", NULL, "1", NULL},
};

static const xr x_route_hostile[] = {
    {6, "10.4.0.0/24", NULL, 1, P_CONN, NULL, "", 0, NULL, NULL, NULL, "Gi0/1"},
};

static const xr x_route_crlf[] = {
    {3, "0.0.0.0/0", "10.0.0.1", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", NULL},
    {4, "10.0.0.0/24", NULL, 1, P_CONN, NULL, "", 0, NULL, NULL, NULL, "Gi0/0"},
};

static const xr x_route_tabs[] = {
    {1, "0.0.0.0/0", "10.0.0.1", 1, P_STATIC, NULL, "", 0, "0", NULL, "1", NULL},
    {2, "10.0.0.0/24", NULL, 1, P_CONN, NULL, "", 0, NULL, NULL, NULL, "Gi0/0"},
    {3, "10.9.0.0/16", "10.0.0.2", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", "Gi0/0"},
};

static const xr x_plain[] = {
    {2, "203.0.113.0/24", NULL, 1, P_UNK, "", "", 0, NULL, NULL, NULL, NULL},
    {3, "198.51.100.0/25", "192.0.2.1", 1, P_UNK, "", "", 0, NULL, NULL, NULL, NULL},
    {4, "198.51.100.128/25", "192.0.2.1", 1, P_BGP, "65010 12076", "", 0, NULL, NULL, NULL,
     NULL},
    {5, "2001:db8:100::/48", NULL, 1, P_UNK, "", "", 0, NULL, NULL, NULL, NULL},
    {6, "2001:db8:200::/48", "2001:db8::1", 1, P_BGP, "65010 {64512,64513}", "", 0, NULL, NULL,
     NULL, NULL},
    {7, "192.0.2.55/32", NULL, 1, P_UNK, "", "", 0, NULL, NULL, NULL, NULL},
    {10, "100.64.0.0/10", NULL, 1, P_BGP, "65010", "", 0, NULL, NULL, NULL, NULL},
};

static const xr x_plain_bad[] = {
    {1, "10.0.0.0/8", NULL, 1, P_UNK, "", "", 0, NULL, NULL, NULL, NULL},
    {4, "10.2.0.0/16", NULL, 1, P_UNK, "", "", HB, NULL, NULL, NULL, NULL},
};

static const xr x_detail_routes[] = {
    {6, "10.20.0.0/16", "10.1.0.2", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", GI1},
    {8, "10.20.0.0/16", "10.1.0.3", 1, P_OSPF, NULL, "", 0, "20", NULL, "110", GI2},
    {17, "192.0.2.0/24", NULL, 1, P_CONN, NULL, "RED", 0, "0", NULL, "0", "Vlan10"},
    {24, "2001:db8:20::/48", "fe80::2", 1, ER_PROTO_EBGP, NULL, "", 0, "0", NULL, "20",
     GI1},
};

static const xr x_detail_bgp[] = {
    {8, "13.64.0.0/16", "192.0.2.1", 0, P_EBGP, "12076 8075", "", 0, "0", "100", "-", ""},
    {14, "13.64.0.0/16", "203.0.113.1", 1, P_EBGP, "64512 12076 8075", "", 0, "-", "200", "-", ""},
    {23, "10.9.0.0/16", "0.0.0.0", 1, P_BGP, "", "BLUE", 0, "0", "100", "-", ""},
};

static const xr x_detail_hostile[] = {
    {14, "10.3.0.0/16", NULL, 1, P_STATIC, NULL, "", DISC, "0", NULL, "1", "Null0"},
};

/* ---- expected diagnostics ---- */

static const xd d_no_routes[] = {{E, 0, 0, "no routes found"}};
static const xd d_truncated[] = {{W, 9, 0, "no origin code"}};
static const xd d_wrapped_eof[] = {{W, 9, 0, "network without a next hop"}};
static const xd d_wrapped_then_net[] = {{W, 8, 0, "network without a next hop"}};
static const xd d_attrs_cut[] = {
    {W, 8, 0, "route without metric, path and origin"},
    {W, 11, 0, "route without metric, path and origin"},
    {W, 12, 0, "route without metric, path and origin"},
};
static const xd d_orphan[] = {
    {W, 8, 0, "path line with no network before it"},
    {W, 11, 0, "path line with no network before it"},
};
static const xd d_bad[] = {
    {E, 8, 6, "bad network address: '10.0.0.256/24'"},
    {E, 9, 23, "bad next hop address: '192.0.2.300'"},
    {E, 10, 6, "not classful"},
    {E, 12, 6, "without a prefix length"},
};
static const xd d_nul[] = {
    {W, 8, 0, "not a BGP route line"},
    {W, 9, 0, "no origin code"},
    {W, 10, 0, "not a BGP route line: 'BGP?table"},
};
static const xd d_device[] = {{W, 8, 0, "device message: '% BGP not active'"}};
static const xd d_attr_errors[] = {
    {W, 8, 0, "no origin code"},
    {W, 9, 0, "path is not a list of AS numbers"},
    {W, 10, 0, "weight out of range"},
};
static const xd d_vpn_default[] = {{E, 0, 0, "no routes found"}};
static const xd d_route_subnets[] = {
    {W, 5, 0, "variably subnetted"},
    {E, 8, 9, "not classful"},
    {W, 9, 9, "host bits set in 10.1.3.5/24; using 10.1.3.0/24"},
};
static const xd d_route_hostile[] = {
    {W, 2, 0, "path line with no route before it"},
    {E, 3, 32, "bad next hop address: '10.0.0.300'"},
    {W, 4, 0, "bad [distance/metric]"},
    {W, 5, 0, "device message"},
    {W, 7, 0, "not a route line"},
    {W, 8, 0, "not a route line: 'S     10.1.0.0 255.255.0.0"},
    {W, 9, 0, "route without a next hop or interface"},
};
static const xd d_plain_bad[] = {
    {E, 2, 1, "bad prefix: '10.0.0.0/40'"},
    {W, 3, 0, "not a next hop or an AS path"},
    {W, 4, 1, "host bits set in 10.2.0.1/16; using 10.2.0.0/16"},
    {E, 5, 13, "bad next hop address: '10.0.0.999'"},
    {W, 6, 0, "not a next hop or an AS path"},
    {W, 7, 0, "next hop looks like a netmask"},
};
static const xd d_detail_hostile[] = {
    {W, 3, 0, "path of a BGP entry without its next hop or origin line"},
    {E, 5, 29, "bad prefix in detail entry: '10.1.0.0/33'"},
    {E, 9, 5, "bad next hop address: '10.0.0.300'"},
    {W, 10, 0, "not part of a routing entry"},
    {W, 17, 0, "path of a BGP entry without its next hop or origin line"},
    {W, 18, 0, "path of a BGP entry without its origin line"},
};
static const xd d_ipv6_hostbits[] = {{W, 10, 5, "host bits set in 2001:db8:4::2/48"}};

static const pcase cases[] = {
    {"bgp_ipv6_fixture", NULL, "ios-bgp", NULL, 0, "bgp_ipv6_unicast.txt", NULL, ER_OK, 25, 25, 0,
     ROUTES(x_bgp_v6), NO_DIAGS},
    {"bgp_vpnv4_fixture", NULL, "ios-bgp", NULL, 0, "bgp_vpnv4_all.txt", NULL, ER_OK, 29, 29, 0,
     ROUTES(x_bgp_vpn), NO_DIAGS},
    {"bgp_vpnv4_filter_vrf", NULL, "ios-bgp", NULL, 0, "bgp_vpnv4_all.txt", "TEST", ER_OK, 29, 29,
     0, ROUTES(x_bgp_vpn_test), NO_DIAGS},
    {"bgp_vpnv4_filter_rd", NULL, "ios-bgp", NULL, 0, "bgp_vpnv4_all.txt", "rd:65000:2", ER_OK,
     29, 29, 0, ROUTES(x_bgp_vpn_rd), NO_DIAGS},
    {"bgp_vpnv4_filter_default", NULL, "ios-bgp", NULL, 0, "bgp_vpnv4_all.txt", "default",
     ER_ERR_PARSE, 29, 29, 0, NULL, 0, DIAGS(d_vpn_default)},
    {"bgp_crlf", NULL, "ios-bgp", bgp_crlf, 0, NULL, NULL, ER_OK, 9, 9, 0, ROUTES(x_bgp_two),
     NO_DIAGS},
    {"bgp_tabs", NULL, "ios-bgp", bgp_tabs, 0, NULL, NULL, ER_OK, 7, 7, 0, ROUTES(x_bgp_tabs),
     NO_DIAGS},
    {"bgp_truncated_last_line", NULL, "ios-bgp", bgp_truncated, 0, NULL, NULL, ER_OK, 9, 8, 1,
     ROUTES(x_bgp_one8), DIAGS(d_truncated)},
    {"bgp_wrapped_network_at_eof", NULL, "ios-bgp", bgp_wrapped_eof, 0, NULL, NULL, ER_OK, 9, 8,
     1, ROUTES(x_bgp_one8), DIAGS(d_wrapped_eof)},
    {"bgp_wrapped_network_then_network", NULL, "ios-bgp", bgp_wrapped_then_net, 0, NULL, NULL,
     ER_OK, 9, 8, 1, ROUTES(x_bgp_one9), DIAGS(d_wrapped_then_net)},
    {"bgp_wrapped_attributes_cut", NULL, "ios-bgp", bgp_attrs_cut, 0, NULL, NULL, ER_OK, 12, 9, 3,
     ROUTES(x_bgp_one10), DIAGS(d_attrs_cut)},
    {"bgp_continuation_without_network", NULL, "ios-bgp", bgp_orphan, 0, NULL, NULL, ER_OK, 11, 9,
     2, ROUTES(x_bgp_orphan), DIAGS(d_orphan)},
    {"bgp_pager_and_prompts", NULL, "ios-bgp", bgp_pager, 0, NULL, NULL, ER_OK, 14, 14, 0,
     ROUTES(x_bgp_pager), NO_DIAGS},
    {"bgp_bad_addresses", NULL, "ios-bgp", bgp_bad, 0, NULL, NULL, ER_ERR_PARSE, 12, 8, 4,
     ROUTES(x_bgp_one11), DIAGS(d_bad)},
    {"bgp_nul_bytes", NULL, "ios-bgp", bgp_nul, sizeof bgp_nul - 1, NULL, NULL, ER_OK, 11, 8, 3,
     ROUTES(x_bgp_nul), DIAGS(d_nul)},
    {"bgp_only_blank_lines", "ios-bgp", "ios-bgp", "\n\n\n", 0, NULL, NULL, ER_ERR_PARSE, 3, 3, 0,
     NULL, 0, DIAGS(d_no_routes)},
    {"bgp_headerless", NULL, "ios-bgp", bgp_headerless, 0, NULL, NULL, ER_OK, 3, 3, 0,
     ROUTES(x_bgp_headerless), NO_DIAGS},
    {"bgp_device_message", NULL, "ios-bgp", bgp_device_msg, 0, NULL, NULL, ER_OK, 9, 8, 1,
     ROUTES(x_bgp_one9), DIAGS(d_device)},
    {"bgp_attribute_errors", NULL, "ios-bgp", bgp_attr_errors, 0, NULL, NULL, ER_OK, 11, 8, 3,
     ROUTES(x_bgp_attr_errors), DIAGS(d_attr_errors)},
    {"route_ipv4_fixture", NULL, "ios-route", NULL, 0, "route_ipv4.txt", NULL, ER_OK, 44, 44, 0,
     ROUTES(x_route_v4), NO_DIAGS},
    {"route_ipv6_fixture", NULL, "ios-route", NULL, 0, "route_ipv6.txt", NULL, ER_OK, 33, 33, 0,
     ROUTES(x_route_v6), NO_DIAGS},
    {"route_vrfs", NULL, "ios-route", route_vrfs, 0, NULL, NULL, ER_OK, 14, 14, 0,
     ROUTES(x_route_vrfs), NO_DIAGS},
    {"route_vrf_filter", NULL, "ios-route", route_vrfs, 0, NULL, "BLUE", ER_OK, 14, 14, 0,
     ROUTES(x_route_vrfs_blue), NO_DIAGS},
    {"route_vrf_filter_default", NULL, "ios-route", route_vrfs, 0, NULL, "default", ER_OK, 14, 14,
     0, ROUTES(x_route_vrfs_default), NO_DIAGS},
    {"route_subnet_headers", NULL, "ios-route", route_subnets, 0, NULL, NULL, ER_ERR_PARSE, 9, 7,
     2, ROUTES(x_route_subnets), DIAGS(d_route_subnets)},
    {"route_hostile", NULL, "ios-route", route_hostile, 0, NULL, NULL, ER_ERR_PARSE, 9, 2, 7,
     ROUTES(x_route_hostile), DIAGS(d_route_hostile)},
    {"route_crlf", NULL, "ios-route", route_crlf, 0, NULL, NULL, ER_OK, 4, 4, 0,
     ROUTES(x_route_crlf), NO_DIAGS},
    {"route_tabs", NULL, "ios-route", route_tabs, 0, NULL, NULL, ER_OK, 3, 3, 0,
     ROUTES(x_route_tabs), NO_DIAGS},
    {"detail_routes", "ios-route-detail", "ios-route-detail", detail_routes, 0, NULL, NULL, ER_OK,
     27, 27, 0, ROUTES(x_detail_routes), NO_DIAGS},
    {"detail_bgp", "ios-route-detail", "ios-route-detail", detail_bgp, 0, NULL, NULL, ER_OK, 26,
     26, 0, ROUTES(x_detail_bgp), NO_DIAGS},
    {"detail_hostile", "ios-route-detail", "ios-route-detail", detail_hostile, 0, NULL, NULL,
     ER_ERR_PARSE, 18, 12, 6, ROUTES(x_detail_hostile), DIAGS(d_detail_hostile)},
    {"plain_list", NULL, "plain", plain_list, 0, NULL, NULL, ER_OK, 10, 10, 0, ROUTES(x_plain),
     NO_DIAGS},
    {"plain_bad_lines", "plain", "plain", plain_bad, 0, NULL, NULL, ER_ERR_PARSE, 7, 2, 5,
     ROUTES(x_plain_bad), DIAGS(d_plain_bad)},
};

/* ---- checking ---- */

/* A parser by name; ios-route-detail also before it is in the registry. */
static const er_parser *find_parser(const char *name)
{
    const er_parser *p = er_parser_find(name);
    if (!p && strcmp(name, "ios-route-detail") == 0)
        p = &er_parser_ios_route_detail;
    return p;
}

static void check_route(const pcase *c, size_t i, const er_rtable *t, const er_route *r,
                        const xr *x)
{
    char buf[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN];
    er_prefix_format(&r->prefix, buf, sizeof buf);
    if (r->flags & ER_RF_HAS_NH)
        er_addr_format(r->next_hop, r->nh_family, nh, sizeof nh);
    else
        strcpy(nh, "(none)");
    print_message("  %s route %zu: line %u %s via %s\n", c->name, i, r->line, buf, nh);
    assert_int_equal(r->line, x->line);
    assert_string_equal(buf, x->prefix);
    assert_string_equal(nh, x->nh ? x->nh : "(none)");
    assert_int_equal(!!(r->flags & ER_RF_BEST), x->best);
    assert_int_equal(r->proto, x->proto);
    assert_int_equal(r->path_class, ER_PC_UNSET);
    assert_int_equal(r->flags & x->flags, x->flags);
    assert_int_equal(r->flags & ER_RF_HOSTBITS, x->flags & ER_RF_HOSTBITS);
    assert_int_equal(r->flags & ER_RF_DISCARD, x->flags & ER_RF_DISCARD);
    if (x->path)
        assert_string_equal(er_rtable_str(t, r->as_path), x->path);
    if (x->vrf)
        assert_string_equal(er_rtable_str(t, r->vrf), x->vrf);
    if (x->iface)
        assert_string_equal(er_rtable_str(t, r->iface), x->iface);
    const struct {
        const char *want;
        uint8_t flag;
        uint32_t val;
    } nums[] = {{x->metric, ER_RF_HAS_METRIC, r->metric},
                {x->locpref, ER_RF_HAS_LOCPREF, r->locpref},
                {x->dist, ER_RF_HAS_DISTANCE, r->distance}};
    for (size_t k = 0; k < 3; k++) {
        if (!nums[k].want)
            continue;
        if (strcmp(nums[k].want, "-") == 0) {
            assert_false(r->flags & nums[k].flag);
        } else {
            assert_true(r->flags & nums[k].flag);
            assert_int_equal(nums[k].val, strtoul(nums[k].want, NULL, 10));
        }
    }
}

/* Messages are lowercase and have no trailing period (house style). */
static void check_style(const er_diag *g)
{
    size_t n = strlen(g->msg);
    assert_true(n > 0);
    assert_false(g->msg[0] >= 'A' && g->msg[0] <= 'Z');
    assert_false(g->msg[n - 1] == '.');
}

static void run_case(void **state)
{
    const pcase *c = *state;
    size_t len = c->len;
    char *owned = NULL;
    const char *text = c->text;
    if (!text) {
        owned = tu_read_file(tu_path("%s/tests/fixtures/ios/%s", tu_src_dir(), c->file), &len);
        assert_non_null(owned);
        text = owned;
    } else if (!len) {
        len = strlen(text);
    }
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    const er_parser *p = c->parser ? find_parser(c->parser) : NULL;
    if (c->parser)
        assert_non_null(p);
    er_status st = er_rtable_load_buffer(t, c->name, text, len, p, c->vrf, d);
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        print_message("  %s diag %d %u:%u %s\n", c->name, g->level, g->line, g->col, g->msg);
    }
    assert_int_equal(st, c->status);
    const er_rfile *f = er_rtable_file(t, 0);
    assert_non_null(f);
    assert_string_equal(f->format, c->format);
    assert_int_equal(f->stats.lines, c->lines);
    assert_int_equal(f->stats.understood, c->understood);
    assert_int_equal(f->stats.skipped, c->skipped);
    assert_int_equal(f->stats.understood + f->stats.skipped, f->stats.lines);
    assert_int_equal(f->stats.routes, c->n_routes);
    assert_int_equal(er_rtable_count(t), c->n_routes);
    uint64_t best = 0;
    for (size_t i = 0; i < c->n_routes; i++) {
        const er_route *r = er_rtable_get(t, i);
        best += !!(r->flags & ER_RF_BEST);
        assert_int_equal(r->file, 0);
        check_route(c, i, t, r, &c->routes[i]);
    }
    assert_int_equal(f->stats.best, best);
    assert_int_equal(er_diags_count(d), c->n_diags);
    for (size_t i = 0; i < c->n_diags; i++) {
        const er_diag *g = er_diags_get(d, i);
        const xd *x = &c->diags[i];
        assert_int_equal(g->level, x->level);
        assert_int_equal(g->line, x->line);
        if (x->col)
            assert_int_equal(g->col, x->col);
        assert_string_equal(g->file, c->name);
        assert_non_null(strstr(g->msg, x->text));
        check_style(g);
    }
    er_diags_free(d);
    er_rtable_free(t);
    free(owned);
}

/* The corpus-style IPv6 host-bits case reads the ntc fixture shape inline. */
static void test_ipv6_route_hostbits(void **state)
{
    (void)state;
    static const char text[] =
        "IPv6 Routing Table - default - 2 entries\n"
        "Codes: C - Connected, L - Local, S - Static, U - Per-user Static route\n"
        "       B - BGP, R - RIP\n"
        "\n"
        "C   2001:DB8:10::/64 [0/0]\n"
        "     via Vlan1, directly connected\n"
        "\n"
        "\n"
        "\n"
        "B   2001:DB8:4::2/48 [20/0]\n"
        "     via FE80::1, Serial6/0\n";
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_rtable_load_buffer(t, "v6", text, strlen(text), NULL, NULL, d), ER_OK);
    assert_int_equal(er_rtable_count(t), 2);
    const er_route *r = er_rtable_get(t, 1);
    char buf[ER_PREFIX_STRLEN];
    er_prefix_format(&r->prefix, buf, sizeof buf);
    assert_string_equal(buf, "2001:db8:4::/48");
    assert_true(r->flags & ER_RF_HOSTBITS);
    assert_int_equal(r->line, 10);
    assert_int_equal(er_diags_count(d), ER_ARRAY_LEN(d_ipv6_hostbits));
    const er_diag *g = er_diags_get(d, 0);
    assert_int_equal(g->level, d_ipv6_hostbits[0].level);
    assert_int_equal(g->line, d_ipv6_hostbits[0].line);
    assert_int_equal(g->col, d_ipv6_hostbits[0].col);
    assert_non_null(strstr(g->msg, d_ipv6_hostbits[0].text));
    er_diags_free(d);
    er_rtable_free(t);
}

/* BGP detail: communities of a path land on its route; detection of both shapes. */
static void test_detail_extras(void **state)
{
    (void)state;
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_rtable_load_buffer(t, "detail", detail_bgp, strlen(detail_bgp),
                                           &er_parser_ios_route_detail, NULL, d),
                     ER_OK);
    assert_int_equal(er_rtable_count(t), 3);
    assert_string_equal(er_rtable_str(t, er_rtable_get(t, 0)->communities),
                        "12076:51004 65000:1");
    assert_string_equal(er_rtable_str(t, er_rtable_get(t, 1)->communities), "");
    assert_string_equal(er_rtable_str(t, er_rtable_get(t, 2)->communities), "");
    er_diags_free(d);
    er_rtable_free(t);

    const er_parser *dp = &er_parser_ios_route_detail;
    assert_true(dp->detect(detail_routes, strlen(detail_routes)) >= 90);
    assert_true(dp->detect(detail_bgp, strlen(detail_bgp)) >= 90);
    static const char nxos[] =
        "BGP routing table information for VRF default, address family IPv4 Unicast\n"
        "BGP routing table entry for 1.0.4.0/24, version 11\n"
        "Paths: (1 available, best #1)\n"
        "  Path type: internal, path is valid, is best path\n";
    assert_true(dp->detect(nxos, strlen(nxos)) <= 20);
    /* The table parsers leave detail output alone, and the detail parser tables. */
    const char *names[] = {"ios-bgp", "ios-route", "plain"};
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        assert_int_equal(er_parser_find(names[i])->detect(detail_routes, strlen(detail_routes)), 0);
        assert_int_equal(er_parser_find(names[i])->detect(detail_bgp, strlen(detail_bgp)), 0);
    }
    assert_int_equal(dp->detect(bgp_crlf, strlen(bgp_crlf)), 0);
    assert_int_equal(dp->detect(route_vrfs, strlen(route_vrfs)), 0);
    assert_int_equal(dp->detect(plain_list, strlen(plain_list)), 0);
}

/* Empty input: every parser reads zero lines and adds nothing; the loader refuses it. */
static void test_empty_input(void **state)
{
    (void)state;
    const char *names[] = {"ios-bgp", "ios-route", "plain", "ios-route-detail"};
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        const er_parser *p = find_parser(names[i]);
        assert_non_null(p);
        assert_int_equal(p->detect("", 0), 0);
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        er_parse_stats stats = {0};
        er_parse_ctx ctx = {t, d, "empty", 0, &stats, NULL};
        assert_int_equal(p->parse(&ctx, "", 0), ER_OK);
        assert_int_equal(stats.lines, 0);
        assert_int_equal(stats.routes, 0);
        assert_int_equal(er_rtable_count(t), 0);
        assert_int_equal(er_diags_count(d), 0);
        assert_int_equal(er_rtable_load_buffer(t, "empty", "", 0, p, NULL, d), ER_ERR_PARSE);
        er_diags_free(d);
        er_rtable_free(t);
    }
}

/* A 3 MB single line: a valid BGP path of 500000 ASNs, then garbage for each parser. */
static void test_huge_lines(void **state)
{
    (void)state;
    const size_t n_as = 500000;
    const char *head = BGP_HDR " *>  10.0.0.0/8         192.0.2.9                0             0 ";
    size_t hl = strlen(head), len = hl + n_as * 6 + 3;
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    memcpy(buf, head, hl);
    for (size_t i = 0; i < n_as; i++)
        memcpy(buf + hl + i * 6, "65000 ", 6);
    memcpy(buf + hl + n_as * 6, "i\n", 3);
    len = hl + n_as * 6 + 2;
    clock_t t0 = clock();
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_rtable_load_buffer(t, "huge", buf, len, NULL, NULL, d), ER_OK);
    assert_int_equal(er_rtable_count(t), 1);
    const er_route *r = er_rtable_get(t, 0);
    assert_int_equal(r->as_path.len, n_as * 6 - 1);
    assert_int_equal(r->line, 8);
    assert_int_equal(er_diags_count(d), 0);
    er_diags_free(d);
    er_rtable_free(t);

    /* The same size of garbage, one line, for each parser: one warning, no route. */
    const size_t glen = 3 * 1024 * 1024;
    char *g = malloc(glen);
    assert_non_null(g);
    memset(g, 'A', glen);
    const char *names[] = {"ios-bgp", "ios-route", "plain", "ios-route-detail"};
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        er_rtable *tt = er_rtable_new();
        er_diags *dd = er_diags_new(0);
        er_parse_stats stats = {0};
        er_parse_ctx ctx = {tt, dd, "garbage", 0, &stats, NULL};
        const er_parser *p = find_parser(names[i]);
        assert_int_equal(p->detect(g, 65536), 0);
        assert_int_equal(p->parse(&ctx, g, glen), ER_OK);
        assert_int_equal(stats.lines, 1);
        assert_int_equal(stats.skipped, 1);
        assert_int_equal(er_rtable_count(tt), 0);
        assert_int_equal(er_diags_count(dd), 1);
        assert_true(strlen(er_diags_get(dd, 0)->msg) < 200);
        er_diags_free(dd);
        er_rtable_free(tt);
    }
    /* Blanks then an address at the far end: still linear. */
    memset(g, ' ', glen);
    memcpy(g + glen - 20, "10.0.0.0/8 1.2.3.4", 18);
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        er_rtable *tt = er_rtable_new();
        er_diags *dd = er_diags_new(0);
        er_parse_stats stats = {0};
        er_parse_ctx ctx = {tt, dd, "blanks", 0, &stats, NULL};
        find_parser(names[i])->parse(&ctx, g, glen);
        assert_int_equal(stats.lines, 1);
        assert_int_equal(stats.understood + stats.skipped, 1);
        er_diags_free(dd);
        er_rtable_free(tt);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("  huge lines parsed in %.2f s\n", secs);
    assert_true(secs < 20.0);
    free(g);
    free(buf);
}

/* Detection: each shape goes to its parser; the others stay out. */
static void test_detection(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *want; /* NULL: none of ios-bgp, ios-route, plain wins; "" : no parser at all */
    } v[] = {
        {bgp_crlf, "ios-bgp"},
        {bgp_headerless, "ios-bgp"},
        {route_vrfs, "ios-route"},
        {route_crlf, "ios-route"},
        {route_tabs, "ios-route"},
        {plain_list, "plain"},
        {"10.0.0.0/8\n", "plain"},
        {"10.0.0.0/8\n10.1.0.0/16\n10.2.0.0/16\n2001:db8::/32\n", "plain"},
        /* Tables whose lines start with a prefix but are not a plain list. */
        {"Network      NextHop     LocPrf  Weight  Path\n"
         "-----------  ----------  ------  ------  -----\n"
         "10.1.0.0/16  10.0.0.4    100     0       12076 65515\n"
         "10.2.0.0/16  10.0.0.4    100     0       12076 65515\n",
         NULL},
        {"10.0.0.0/8 via 192.0.2.1 dev eth0\n10.1.0.0/16 dev eth1 scope link\n", "linux-ip"},
        /* IOS detail output is a different format. */
        {"Routing entry for 1.0.4.0/24\n  Known via \"bgp 65201\", distance 20, metric 0\n"
         "  * 10.105.179.5, from 10.105.179.5, 1d21h ago\n",
         NULL},
        {"BGP routing table entry for 1.0.4.0/24, version 2\nPaths: (1 available, best #1)\n",
         NULL},
        {"hello world\n", ""},
        /* Look-alikes of other platforms get at most a fallback score. */
        {"BGP table version is 1, local router ID is 192.168.0.1, vrf id 0\n"
         "Default local pref 100, local AS 65001\n"
         "     Network          Next Hop            Metric LocPrf Weight Path\n"
         " *>  192.168.0.0      0.0.0.0                  0         32768 i\n",
         "frr-bgp"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        const er_parser *p = er_detect_format(v[i].text, strlen(v[i].text));
        print_message("  detect %zu: %s\n", i, p ? p->name : "(none)");
        if (v[i].want && v[i].want[0]) {
            assert_non_null(p);
            assert_string_equal(p->name, v[i].want);
        } else if (v[i].want) {
            assert_null(p);
        } else if (p) {
            assert_string_not_equal(p->name, "ios-bgp");
            assert_string_not_equal(p->name, "ios-route");
            assert_string_not_equal(p->name, "plain");
        }
    }
    /* The FRR look-alike above scores low so that an FRR parser wins. */
    const er_parser *bgp = er_parser_find("ios-bgp");
    const char *frr = v[ER_ARRAY_LEN(v) - 1].text;
    assert_true(bgp->detect(frr, strlen(frr)) <= 20);
    assert_true(bgp->detect(bgp_crlf, strlen(bgp_crlf)) >= 90);
}

/* Every fixture under tests/fixtures/ios is detected as the parser its name says. */
static void test_fixture_detection(void **state)
{
    (void)state;
    static const struct {
        const char *file, *want;
    } v[] = {{"bgp_ipv6_unicast.txt", "ios-bgp"},
             {"bgp_vpnv4_all.txt", "ios-bgp"},
             {"route_ipv4.txt", "ios-route"},
             {"route_ipv6.txt", "ios-route"}};
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        size_t len;
        char *b = tu_read_file(tu_path("%s/tests/fixtures/ios/%s", tu_src_dir(), v[i].file), &len);
        assert_non_null(b);
        const er_parser *p = er_detect_format(b, len);
        assert_non_null(p);
        assert_string_equal(p->name, v[i].want);
        assert_int_equal(er_parser_find("plain")->detect(b, len), 0);
        free(b);
    }
}

int main(void)
{
    struct CMUnitTest tests[ER_ARRAY_LEN(cases) + 7];
    size_t n = 0;
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++)
        tests[n++] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
    tests[n++] = (struct CMUnitTest){"ipv6_route_hostbits", test_ipv6_route_hostbits, NULL, NULL,
                                     NULL};
    tests[n++] = (struct CMUnitTest){"detail_extras", test_detail_extras, NULL, NULL, NULL};
    tests[n++] = (struct CMUnitTest){"empty_input", test_empty_input, NULL, NULL, NULL};
    tests[n++] = (struct CMUnitTest){"huge_lines", test_huge_lines, NULL, NULL, NULL};
    tests[n++] = (struct CMUnitTest){"detection", test_detection, NULL, NULL, NULL};
    tests[n++] = (struct CMUnitTest){"fixture_detection", test_fixture_detection, NULL, NULL,
                                     NULL};
    return _cmocka_run_group_tests("parse_ios", tests, n, NULL, NULL);
}
