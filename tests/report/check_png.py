#!/usr/bin/env python3
"""Check a screenshot of the HTML report: a PNG of the expected size that is not blank and
shows the report's chart colours. Standard library only (zlib), so it runs anywhere.
Usage: check_png.py FILE WIDTH HEIGHT"""
import struct
import sys
import zlib

# Colours the report draws with fill attributes (src/report/html.c).
EXPECTED = {
    "expressroute bars": (0x1B, 0x7F, 0x3B),
    "internet bars and high-severity column": (0xC6, 0x28, 0x28),
}


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("unsupported PNG layout: depth %d colour type %d" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w, h, bpp, rows = read_png(path)
    ok = True
    if (w, h) != (want_w, want_h):
        print("FAIL: screenshot is %dx%d, want %dx%d" % (w, h, want_w, want_h))
        ok = False
    counts, non_white, total = {}, 0, 0
    for row in rows[::2]:
        for x in range(0, len(row), bpp * 2):
            px = (row[x], row[x + 1], row[x + 2])
            total += 1
            if px != (255, 255, 255):
                non_white += 1
            counts[px] = counts.get(px, 0) + 1
    share = non_white / max(total, 1)
    if share < 0.03:
        print("FAIL: the page is blank (%.2f%% non-white pixels)" % (100 * share))
        ok = False
    if len(counts) < 20:
        print("FAIL: only %d distinct colours: nothing rendered" % len(counts))
        ok = False
    for what, rgb in EXPECTED.items():
        near = sum(n for px, n in counts.items() if all(abs(px[k] - rgb[k]) <= 6 for k in range(3)))
        if near < 50:
            print("FAIL: no %s (#%02x%02x%02x) in the screenshot (%d pixels)" % ((what,) + rgb + (near,)))
            ok = False
    if ok:
        print("%s: %dx%d, %.1f%% non-white, %d colours, chart colours present"
              % (path, w, h, 100 * share, len(counts)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
