#!/usr/bin/python3
"""The benchmark peer: erready's coverage computed the way an engineer scripts it today.

How it works: the `show ip bgp` text is read line by line and taken apart with regular
expressions. A line with a network in its first columns starts a route (or, alone on its
line, a wrapped network whose next hop follows on the next line); a line with only a next
hop continues the last network; an IPv6 next hop too wide for its column pushes the
attributes to a line of their own. The header line gives the columns, so the weight (always
printed) is told apart from metric and local preference by where it ends, and the AS path is
what follows it. Only best paths count (status '*' and '>'); the first best path of a prefix
wins. Each best route is classified with erready's default rules (docs/path-classes.md) and
goes into one py-radix tree per address family. Then for every tag of the Service Tags file
the prefixes are sorted and nested ones dropped (each address counted once), and for each
remaining prefix (each distinct one once, however many tags list it) the routes inside it (search_covered) are swept in address order with a
stack: what a route covers minus what its more specific routes cover is its own, and the
rest of the service prefix belongs to the longest route containing it (search_best) or is
unrouted. With --compare the counts are checked against `erready check --format json`,
exactly, for every service, class and family, for the union totals and for the numbers of
routes and best routes read.

usage: peer_coverage.py --routes FILE --data TAGS.json [--compare ERREADY.json]
                        [--json OUT.json]
Needs py-radix (Debian: apt-get install python3-radix). Exit 0 when everything agrees,
1 on a difference, 2 on bad input or usage.
"""
import argparse
import ipaddress
import json
import re
import sys
import time

import radix

CLASSES = ("expressroute", "internet", "internal", "vpn", "discard", "unrouted")
ER, INET, INTERNAL, VPN, DISCARD, UNROUTED = range(6)

V4 = r"(?:\d{1,3}\.){3}\d{1,3}"
V6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
CODES = r"[ VINsdh*rS>bmxacftLi]"
# A network within the first 8 columns, after the status codes.
NET_LINE = re.compile(r"^(?P<codes>%s{0,7}?)(?P<net>(?:%s|%s)(?:/\d{1,3})?)(?=\s|$)\s*"
                      % (CODES, V4, V6))
# A path line without a network: codes, then a next hop further right.
PATH_LINE = re.compile(r"^(?P<codes>%s{0,8})\s*(?P<nh>%s|%s)(?=\s|$)\s*" % (CODES, V4, V6))
# The next hop right after a network.
NEXT_HOP = re.compile(r"(?P<nh>%s|%s)(?=\s|$)" % (V4, V6))
TOKEN = re.compile(r"\S+")
ASN_ITEM = re.compile(r"[(){}\[\]]|\d+(?:\.\d+)?")

PRIVATE_V4 = [ipaddress.ip_network(p) for p in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3")]
PRIVATE_V6 = [ipaddress.ip_network(p) for p in (
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "2001:db8::/32", "ff00::/8")]


def asn_private(a):
    return (64512 <= a <= 65534 or 4200000000 <= a <= 4294967294 or a in (0, 23456, 65535)
            or 64496 <= a <= 64511)


def first_public_asn(path):
    """First public ASN outside confederation segments and sets, 0 if none."""
    depth = 0
    for tok in ASN_ITEM.findall(path):
        if tok in "({[":
            depth += 1
        elif tok in ")}]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if "." in tok:
                hi, lo = tok.split(".")
                a = int(hi) << 16 | int(lo)
            else:
                a = int(tok)
            if a <= 0xFFFFFFFF and not asn_private(a):
                return a
    return 0


def is_private(net):
    blocks = PRIVATE_V4 if net.version == 4 else PRIVATE_V6
    return any(net.subnet_of(b) for b in blocks)


def classify(prefix, plen, path):
    """erready's default rules for a BGP route (no overrides, no discard, no Azure types)."""
    first = first_public_asn(path)
    if first == 12076:
        return ER
    if plen == 0 or first:
        return INET
    if is_private(ipaddress.ip_network(prefix, strict=False)):
        return INTERNAL
    return INET


def classful(net):
    a = int(ipaddress.IPv4Address(net))
    if a == 0:
        return 0
    top = a >> 24
    return 8 if top < 128 else 16 if top < 192 else 24 if top < 224 else -1


class Table:
    """Best routes per family in py-radix trees, filled by the parser."""

    def __init__(self):
        self.trees = {4: radix.Radix(), 6: radix.Radix()}
        self.routes = 0
        self.best = 0
        self.skipped = 0

    def add(self, prefix, codes, path):
        self.routes += 1
        if "*" not in codes or ">" not in codes:
            return
        self.best += 1
        fam = 6 if ":" in prefix else 4
        tree = self.trees[fam]
        if tree.search_exact(prefix) is not None:
            return  # the first best route of a prefix decides
        plen = int(prefix.rsplit("/", 1)[1])
        node = tree.add(prefix)  # py-radix clears host bits, as erready does
        node.data["c"] = classify(prefix, plen, path)


def parse_show_ip_bgp(path, table):
    nh_col, weight_end = 20, 59
    net = None           # current network (continuation lines inherit it)
    pend = None          # ("nh", codes) or ("attrs", codes, shift)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if "\t" in line:
                line = line.expandtabs(8)
            if not line.strip():
                pend = None
                continue
            m = NET_LINE.match(line)
            if m:
                pend = None
                text = m.group("net")
                if "/" not in text:
                    if ":" in text:
                        table.skipped += 1
                        net = None
                        continue
                    n = classful(text)
                    if n < 0:
                        table.skipped += 1
                        net = None
                        continue
                    text = "%s/%d" % (text, n)
                net = text
                codes = m.group("codes")
                if m.end() == len(line):
                    pend = ("nh", codes)
                    continue
                h = NEXT_HOP.match(line, m.end())
                if h is None:
                    # Not "network next-hop ...": erready skips it.
                    table.skipped += 1
                    net = None
                    continue
                pend = route_from(table, net, codes, line, h, nh_col, weight_end)
                continue
            m = PATH_LINE.match(line)
            if m:
                codes = m.group("codes")
                if pend and pend[0] == "nh" and not codes.strip():
                    codes = pend[1]
                pend = None
                if net is None:
                    table.skipped += 1
                    continue
                pend = route_from(table, net, codes, line, m, nh_col, weight_end)
                continue
            if pend and pend[0] == "attrs" and line[0].isspace():
                _, codes, shift = pend
                pend = None
                p = attrs(line, 0, shift, weight_end)
                if p is None:
                    table.skipped += 1
                else:
                    table.add(net, codes, p)
                continue
            pend = None
            if "Network" in line and "Next Hop" in line and "Path" in line:
                nh_col = line.index("Next Hop")
                w = line.find("Weight", nh_col)
                weight_end = w + 5 if w >= 0 else nh_col + 39
                net = None
            elif line.lstrip().startswith("BGP table version is") or "#" in line:
                net = None


def route_from(table, net, codes, line, m, nh_col, weight_end):
    """The route whose next hop the match m found in line; a pending state or None."""
    nh_start = m.start("nh")
    shift = nh_start - nh_col
    rest = m.end("nh")
    if not line[rest:].strip():
        return ("attrs", codes, shift)
    p = attrs(line, rest, shift, weight_end)
    if p is None:
        table.skipped += 1
    else:
        table.add(net, codes, p)
    return None


def attrs(line, start, shift, weight_end):
    """AS path text of "[metric] [locprf] weight path origin", or None if malformed."""
    toks = [(t.end(), t.group()) for t in TOKEN.finditer(line, start)]
    if len(toks) < 2 or toks[-1][1] not in ("i", "e", "?"):
        return None
    toks.pop()
    nums = []
    for t in toks[:3]:
        if not t[1].isdigit():
            break
        nums.append(t)
    if not nums:
        return None
    target = weight_end + shift
    w = min(range(len(nums)), key=lambda i: abs(nums[i][0] - 1 - target))
    path = " ".join(t[1] for t in toks[w + 1:])
    if not re.fullmatch(r"[\d.{}()\[\], ]*", path):
        return None
    return path


class Prefixes:
    """Service prefix strings parsed once: text -> (version, address, length, text)."""

    def __init__(self):
        self.cache = {}

    def get(self, text):
        p = self.cache.get(text)
        if p is None:
            n = ipaddress.ip_network(text, strict=False)
            p = (n.version, int(n.network_address), n.prefixlen, str(n))
            self.cache[text] = p
        return p

    def normalize(self, texts):
        """Sorted by (family, address, length), prefixes inside an earlier kept one dropped."""
        out = []
        for p in sorted({self.get(t) for t in texts}):
            if out:
                v, a, n, _ = out[-1]
                bits = 32 if v == 4 else 128
                if v == p[0] and n <= p[2] and (a ^ p[1]) >> (bits - n) == 0:
                    continue
            out.append(p)
        return out


def cover(tree, prefix):
    """Addresses of prefix per path class of the longest matching best route."""
    version, addr, plen, key = prefix
    bits = 32 if version == 4 else 128
    counts = [0] * 6
    inside = [(int.from_bytes(n.packed, "big"), n.prefixlen, n.data["c"])
              for n in tree.search_covered(key)]
    inside.sort()
    top = 0
    stack = []  # [last address, class, own addresses]
    for a, n, cls in inside:
        size = 1 << (bits - n)
        while stack and stack[-1][0] < a:
            _, c, own = stack.pop()
            counts[c] += own
        if stack:
            stack[-1][2] -= size
        else:
            top += size
        stack.append([a + size - 1, cls, size])
    for _, c, own in stack:
        counts[c] += own
    rest = (1 << (bits - plen)) - top
    if rest:
        outer = tree.search_best(key)
        counts[outer.data["c"] if outer is not None else UNROUTED] += rest
    return counts


def coverage(table, tags):
    """Per service (name -> {4: counts, 6: counts}) and the union of all services. A
    prefix listed by several tags is partitioned once."""
    pfx = Prefixes()
    done = {}

    def add(acc, p):
        c = done.get(p)
        if c is None:
            c = done[p] = cover(table.trees[p[0]], p)
        a = acc[p[0]]
        for i in range(6):
            a[i] += c[i]

    result = {}
    union = []
    for name, prefixes in tags:
        acc = {4: [0] * 6, 6: [0] * 6}
        for p in pfx.normalize(prefixes):
            add(acc, p)
        result[name] = acc
        union.extend(prefixes)
    total = {4: [0] * 6, 6: [0] * 6}
    for p in pfx.normalize(union):
        add(total, p)
    return result, total


def compare(table, mine, total, report):
    """Differences between the peer's counts and erready's JSON report."""
    diffs = []
    seen = 0
    inputs = report.get("inputs", [])
    if len(inputs) == 1:
        for key, ours in (("routes", table.routes), ("best_routes", table.best)):
            if inputs[0][key] != ours:
                diffs.append("input %s: peer %d, erready %d" % (key, ours, inputs[0][key]))

    def check(where, fam, ours, theirs):
        for i, cls in enumerate(CLASSES):
            if ours[i] != int(theirs[cls]):
                diffs.append("%s v%d %s: peer %d, erready %s" % (where, fam, cls, ours[i],
                                                                 theirs[cls]))
        if sum(ours) != int(theirs["total"]):
            diffs.append("%s v%d total: peer %d, erready %s" % (where, fam, sum(ours),
                                                                theirs["total"]))

    names = set()
    for s in report["services"]:
        names.add(s["name"])
        if s["name"] not in mine:
            diffs.append("%s: in erready's report, not in the peer's" % s["name"])
            continue
        seen += 1
        for fam in (4, 6):
            check(s["name"], fam, mine[s["name"]][fam], s["v%d" % fam])
    for name in mine:
        if name not in names:
            diffs.append("%s: in the peer's results, not in erready's report" % name)
    for fam in (4, 6):
        check("summary", fam, total[fam], report["summary"]["v%d" % fam])
    return seen, diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routes", required=True, help="show ip bgp text")
    ap.add_argument("--data", required=True, help="Service Tags JSON (every tag is used)")
    ap.add_argument("--compare", help="erready check --services all --format json output")
    ap.add_argument("--json", help="write timings and counts here")
    a = ap.parse_args()

    t0 = time.perf_counter()
    c0 = time.process_time()
    table = Table()
    try:
        parse_show_ip_bgp(a.routes, table)
        with open(a.data, encoding="utf-8") as f:
            feed = json.load(f)
    except (OSError, ValueError) as e:
        print("peer: %s" % e, file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    tags = [(v["name"], v["properties"]["addressPrefixes"]) for v in feed["values"]]
    mine, total = coverage(table, tags)
    t2 = time.perf_counter()
    c2 = time.process_time()
    out = {"routes": table.routes, "best_routes": table.best, "skipped": table.skipped,
           "v4_prefixes": len(table.trees[4].prefixes()),
           "v6_prefixes": len(table.trees[6].prefixes()),
           "services": len(tags), "parse_build_s": t1 - t0, "coverage_s": t2 - t1,
           "total_s": t2 - t0, "cpu_s": c2 - c0}
    print("peer: %d routes (%d best, %d lines skipped), %d services; parse+build %.1f s, "
          "coverage %.1f s" % (table.routes, table.best, table.skipped, len(tags), t1 - t0,
                               t2 - t1))
    rc = 0
    if a.compare:
        with open(a.compare, encoding="utf-8") as f:
            report = json.load(f)
        seen, diffs = compare(table, mine, total, report)
        out["compared"] = seen
        out["differences"] = len(diffs)
        for d in diffs[:20]:
            print("peer: DIFFERENT: %s" % d)
        if diffs:
            print("peer: %d differences over %d services" % (len(diffs), seen))
            rc = 1
        else:
            print("peer: agree: %d services compared (6 classes + total, v4 and v6, and the "
                  "union totals) and the route counts, every count equal" % seen)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    return rc


if __name__ == "__main__":
    sys.exit(main())
