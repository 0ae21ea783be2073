#!/usr/bin/env python3
"""Generate examples/edge-bgp.txt: a realistic `show ip bgp` of an Amsterdam edge router.

The router has an ExpressRoute circuit (Microsoft peering, MSEE next hop 203.0.113.2, AS path
12076) whose route filter carries the West Europe and North Europe regional communities, an
internet transit (198.51.100.1, AS 3356) with a default route and some Microsoft (AS 8075)
prefixes, and internal routes. Three routing mistakes are planted on purpose:
  1. a more specific internet route (20.105.211.0/24) inside an ExpressRoute prefix;
  2. 4.210.128.0/17 where the ExpressRoute path lost best-path selection to transit
     (someone raised local preference on the transit session);
  3. nothing: Microsoft global-only ranges outside West/North Europe just follow the default.
Usage: tools/make-example.py SERVICETAGS.json > examples/edge-bgp.txt
"""
import ipaddress
import json
import sys

MSEE = "203.0.113.2"
TRANSIT = "198.51.100.1"
CORE = "10.255.0.2"
MSEE6 = "2001:db8:ffff::2"
TRANSIT6 = "2001:db8:fffe::1"
CORE6 = "2001:db8:100::2"


def row(status, network, nexthop, metric="", locprf="", weight="0", path="", origin="i"):
    net = network if network is not None else ""
    tail = f"{nexthop:<16}{metric:>10}{locprf:>7}{weight:>7} {path + ' ' if path else ''}{origin}"
    if len(net) > 16:
        return f" {status:<3}{net}\n{'':<20} {tail}"
    return f" {status:<3}{net:<17}{tail}"


def header(command):
    print(f"edge-ams-01#{command}")
    print("BGP table version is 1849213, local router ID is 10.255.0.1")
    print("Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,")
    print("              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter,")
    print("              x best-external, a additional-path, c RIB-compressed,")
    print("Origin codes: i - IGP, e - EGP, ? - incomplete")
    print("RPKI validation codes: V valid, I invalid, N Not found")
    print()
    print("    Network          Next Hop            Metric LocPrf Weight Path")


def table(routes):
    for n in sorted(routes, key=lambda x: (int(x.network_address), x.prefixlen)):
        for i, (st, nh, met, lp, w, path, org) in enumerate(routes[n]):
            print(row(st, str(n) if i == 0 else None, nh, met, lp, w, path, org))


def region_prefixes(tags, version):
    out = []
    for region in ("westeurope", "northeurope"):
        for p in tags[f"AzureCloud.{region}"]["addressPrefixes"]:
            n = ipaddress.ip_network(p)
            if n.version == version:
                out.append(n)
    return out


def main():
    feed = json.load(open(sys.argv[1]))
    tags = {v["name"]: v["properties"] for v in feed["values"]}
    er = region_prefixes(tags, 4)
    routes = {}  # network -> list of paths (status, nexthop, metric, locprf, weight, path, origin)
    for n in er:
        routes.setdefault(n, []).append(("*>", MSEE, "", "", "0", "12076", "i"))
    # Transit also offers a few of the same prefixes (non-best: ExpressRoute is preferred).
    for n in sorted(er)[:40:4]:
        routes[n].insert(0, ("*", TRANSIT, "", "", "0", "3356 8075", "i"))
    # Mistake 2: transit wins best path for 4.210.128.0/17 (local preference 200).
    bad = ipaddress.ip_network("4.210.128.0/17")
    routes[bad] = [("*>", TRANSIT, "", "200", "0", "3356 8075", "i"),
                   ("*", MSEE, "", "", "0", "12076", "i")]
    # Mistake 1: a more specific internet route inside an ExpressRoute prefix.
    routes[ipaddress.ip_network("20.105.211.0/24")] = [
        ("*>", TRANSIT, "", "", "0", "3356 8075", "i")]
    # Internet: default route and other Microsoft space via transit.
    routes[ipaddress.ip_network("0.0.0.0/0")] = [("*>", TRANSIT, "", "", "0", "3356", "i")]
    for p in ("13.64.0.0/11", "20.33.0.0/16", "40.64.0.0/10", "52.224.0.0/11"):
        routes[ipaddress.ip_network(p)] = [("*>", TRANSIT, "", "", "0", "3356 8075", "i")]
    # Internal space from the core (iBGP, empty AS path) and the local NAT pool.
    for p in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"):
        routes[ipaddress.ip_network(p)] = [("*>i", CORE, "0", "100", "0", "", "i")]
    routes[ipaddress.ip_network("203.0.113.128/25")] = [("*>", "0.0.0.0", "0", "", "32768", "", "i")]

    header("show ip bgp")
    table(routes)
    print()

    # IPv6: the same circuit carries the regions' IPv6 ranges; transit has the default.
    routes6 = {}
    for n in region_prefixes(tags, 6):
        routes6.setdefault(n, []).append(("*>", MSEE6, "", "", "0", "12076", "i"))
    routes6[ipaddress.ip_network("::/0")] = [("*>", TRANSIT6, "", "", "0", "3356", "i")]
    routes6[ipaddress.ip_network("2001:db8:100::/40")] = [("*>i", CORE6, "0", "100", "0", "", "i")]
    header("show bgp ipv6 unicast")
    table(routes6)
    print("edge-ams-01#")


if __name__ == "__main__":
    main()
