#!/usr/bin/env python3
"""Builds the seed corpora of tests/fuzz/corpus from tests/fixtures and hostile variants.

Run from anywhere: python3 tests/fuzz/make_seeds.py BUILD_DIR
BUILD_DIR holds the erready binary, used to learn which parser reads each fixture.
Seeds are named seed-*; inputs the campaigns add (hash names) are left alone."""
import gzip
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def detected_format(erready, path):
    r = subprocess.run([erready, "routes", path], capture_output=True)
    m = re.search(rb"\[([a-z0-9-]+)\]: \d+ lines", r.stdout + r.stderr)
    return m.group(1).decode() if m else None


def hostile(data):
    """Variants of one input: the troubles the issue lists for router exports."""
    lines = data.split(b"\n")
    v = {}
    v["crlf"] = data.replace(b"\n", b"\r\n")
    v["truncated"] = data[: len(data) // 2]
    v["truncated-line"] = data[: max(1, len(data) // 3)].rstrip(b"\n")[:-3]
    more = []
    for i, ln in enumerate(lines):
        if i and i % 7 == 0:
            more.append(b" --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08" + ln)
        else:
            more.append(ln)
    v["pager"] = b"\n".join(more)
    v["prompt"] = (b"router1#terminal length 0\nrouter1#show ip route\n" + data +
                   b"\nrouter1#\nrouter1#exit\n")
    v["timestamps"] = (b"Load for five secs: 2%/0%; one minute: 1%; five minutes: 1%\n"
                       b"Time source is NTP, 10:11:12.345 UTC Mon Nov 3 2025\n\n" +
                       b"\n".join(b"[2025-11-03 10:11:12] " + ln if i % 5 == 3 else ln
                                  for i, ln in enumerate(lines)))
    v["tabs"] = re.sub(rb"  +", b"\t", data)
    mid = len(data) // 2
    v["nul"] = data[:mid] + b"\x00" + data[mid:]
    v["utf8"] = data[:mid] + b"\xff\xfe\xc3\x28 \xe2\x82" + data[mid:]
    v["longline"] = data[:mid] + b"A" * 9000 + data[mid:]
    v["lone-cr"] = data.replace(b"\n", b"\r")
    v["noeol"] = data.rstrip(b"\n")
    return v


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def servicetags_seeds():
    with open(os.path.join(SRC, "data", "servicetags_public_powerplatform.json"), "rb") as f:
        doc = json.load(f)
    small = dict(doc)
    vals = []
    for val in doc["values"][:6]:
        val = json.loads(json.dumps(val))
        ap = val["properties"]["addressPrefixes"]
        v4 = [p for p in ap if ":" not in p][:3]
        v6 = [p for p in ap if ":" in p][:2]
        val["properties"]["addressPrefixes"] = v4 + v6
        vals.append(val)
    small["values"] = vals
    base = json.dumps(small, indent=2).encode()
    write("servicetags", "small.json", base)
    write("servicetags", "small-compact.json", json.dumps(small).encode())
    for k, data in hostile(base).items():
        if k in ("crlf", "truncated", "nul", "utf8", "tabs"):
            write("servicetags", k + ".json", data)
    one = {"changeNumber": 1, "cloud": "Public", "values": [
        {"name": "PowerPlatformInfra.WestEurope", "id": "PowerPlatformInfra.WestEurope",
         "properties": {"changeNumber": 2, "region": "westeurope", "regionId": 18,
                        "platform": "Azure", "systemService": "PowerPlatformInfra",
                        "addressPrefixes": ["20.1.2.3/24", "2603:1020::1/48", "0.0.0.0/0",
                                            "10.0.0.0/33", "::/0", "1.2.3.4"],
                        "networkFeatures": ["API", "NSG"]}}]}
    write("servicetags", "hostbits.json", json.dumps(one).encode())
    write("servicetags", "empty.json", b"")
    write("servicetags", "not-object.json", b"[1, 2, 3]")
    write("servicetags", "values-not-array.json", b'{"cloud":"Public","values":{"a":1}}')
    write("servicetags", "wrong-types.json",
          b'{"changeNumber":"x","cloud":7,"values":[{"name":5,"properties":{"addressPrefixes":'
          b'[1,null,"1.2.3.0/24"],"region":[],"regionId":-1}}, null, "x"]}')
    write("servicetags", "huge-number.json",
          b'{"changeNumber":1e300,"cloud":"Public","values":[{"name":"A","id":"A","properties":'
          b'{"changeNumber":-99999999999,"addressPrefixes":["1.0.0.0/8"]}}]}')
    write("servicetags", "deep.json", b"[" * 3000 + b"]" * 3000)
    write("servicetags", "dup-names.json",
          b'{"cloud":"Public","values":[{"name":"A.B","properties":{"addressPrefixes":["1.0.0.0/8"]}},'
          b'{"name":"a.b","properties":{"addressPrefixes":["2.0.0.0/8"]}},'
          b'{"name":"","properties":{"addressPrefixes":[]}},{"name":".x","properties":{}}]}')


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "build")
    erready = os.path.join(build, "erready")
    fixtures = []
    for root, _, files in os.walk(os.path.join(SRC, "tests", "fixtures")):
        for f in sorted(files):
            fixtures.append(os.path.join(root, f))
    fixtures.sort()
    seen_parser = set()
    for path in fixtures:
        fmt = detected_format(erready, path)
        if not fmt:
            print("no format for", path, file=sys.stderr)
            continue
        with open(path, "rb") as f:
            data = f.read()
        stem = os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path)
        write(fmt, stem, data)
        write("detect", stem, data)
        if fmt not in seen_parser:  # hostile variants of the first fixture of each parser
            seen_parser.add(fmt)
            for k, vdata in hostile(data).items():
                write(fmt, k + "-" + stem, vdata)
                if k in ("crlf", "pager", "prompt", "nul"):
                    write("detect", k + "-" + stem, vdata)
    # gzip framing for the detector: plain, two members, truncated, trailing junk, nested
    with open(os.path.join(SRC, "tests", "fixtures", "ios", "route_ipv4.txt"), "rb") as f:
        ios = f.read()
    gz = gzip.compress(ios, mtime=0)
    write("detect", "gzip-ios.gz", gz)
    write("detect", "gzip-two-members.gz", gz + gzip.compress(b"B> 10.9.0.0/16 via 1.2.3.4\n", mtime=0))
    write("detect", "gzip-truncated.gz", gz[: len(gz) // 2])
    write("detect", "gzip-trailing.gz", gz + b"junk")
    write("detect", "gzip-nested.gz", gzip.compress(gz, mtime=0))
    write("detect", "gzip-empty.gz", gzip.compress(b"", mtime=0))
    write("detect", "gzip-magic-only", b"\x1f\x8b")
    write("detect", "empty", b"")
    write("detect", "nul-only", b"\x00" * 64)
    write("detect", "binary", bytes(range(256)))
    write("plain", "prefixes", b"10.0.0.0/8\n2001:db8::/32\n# comment\n192.0.2.1\n")
    # parsers without a fixture get a detect-free start: an empty seed
    for p in sys.argv[2:]:
        d = os.path.join(CORPUS, p)
        if not os.path.isdir(d) or not os.listdir(d):
            write(p, "empty", b"")
    servicetags_seeds()


if __name__ == "__main__":
    main()
