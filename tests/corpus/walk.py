#!/usr/bin/env python3
"""Walk ../shared/corpus with `erready routes` and compare every sample with the manifest.

Every input sample (expected-result files excluded) must appear in tests/corpus/manifest.tsv
with the parser erready detects for it, the number of routes it reads, the number of lines
it skips and its exit code. A sample that erready cannot read is listed with the reason
(e.g. a platform erready does not support). New corpus files, a different detection, more
skipped lines or fewer routes than recorded all fail the test: nothing is skipped silently.

usage: walk.py ERREADY SHARED_DIR MANIFEST [--update]
"""
import json
import os
import subprocess
import sys


def samples(corpus):
    for root, _dirs, files in os.walk(corpus):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, corpus)
            if name.endswith((".yml", ".yaml", ".md")) or name == "expected_result.json":
                continue
            if rel.startswith("jc/") and name.endswith(".json"):
                continue  # jc's expected parses
            yield rel, path


def run(erready, path):
    p = subprocess.run([erready, "routes", "--format", "json", path], capture_output=True,
                       timeout=120)
    if p.returncode >= 128 or p.returncode < 0:
        return {"parser": "CRASH", "routes": 0, "skipped": 0, "exit": p.returncode}
    try:
        doc = json.loads(p.stdout)
        f = doc["parse"][0]
        return {"parser": f["format"] or "-", "routes": f["routes"], "skipped": f["skipped"],
                "exit": p.returncode}
    except (ValueError, KeyError, IndexError):
        return {"parser": "-", "routes": 0, "skipped": 0, "exit": p.returncode}


def load_manifest(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        rel, parser, routes, skipped, code, note = (line.rstrip("\n").split("\t") + [""])[:6]
        rows[rel] = {"parser": parser, "routes": int(routes), "skipped": int(skipped),
                     "exit": int(code), "note": note}
    return rows


def main():
    erready, shared, manifest = sys.argv[1:4]
    update = "--update" in sys.argv
    corpus = os.path.join(shared, "corpus")
    rows = load_manifest(manifest)
    got = {rel: run(erready, path) for rel, path in samples(corpus)}
    failures = 0
    if update:
        with open(manifest, "w", encoding="utf-8") as out:
            out.write("# corpus sample\tparser\troutes\tskipped lines\texit\tnote\n")
            for rel in sorted(got):
                g = got[rel]
                note = rows.get(rel, {}).get("note", "")
                out.write(f"{rel}\t{g['parser']}\t{g['routes']}\t{g['skipped']}\t{g['exit']}\t{note}\n")
        print(f"manifest rewritten: {len(got)} samples")
        return 0
    for rel in sorted(got):
        g = got[rel]
        want = rows.get(rel)
        if g["parser"] == "CRASH":
            print(f"FAIL {rel}: erready crashed (exit {g['exit']})")
            failures += 1
        elif want is None:
            print(f"FAIL {rel}: not in the manifest (got {g})")
            failures += 1
        elif (g["parser"], g["exit"]) != (want["parser"], want["exit"]) or \
                g["routes"] < want["routes"] or g["skipped"] > want["skipped"]:
            print(f"FAIL {rel}: got {g}, manifest says {want}")
            failures += 1
        elif (g["parser"] == "-" or g["exit"] != 0 or g["skipped"]) and not want["note"]:
            print(f"FAIL {rel}: not read cleanly ({g}) and the manifest gives no reason")
            failures += 1
        elif (g["routes"], g["skipped"]) != (want["routes"], want["skipped"]):
            print(f"note {rel}: improved to {g} (update the manifest)")
    for rel in sorted(set(rows) - set(got)):
        print(f"FAIL {rel}: in the manifest but not in the corpus")
        failures += 1
    by = {}
    for rel, g in got.items():
        b = by.setdefault(g["parser"], [0, 0, 0])
        b[0] += 1
        b[1] += g["routes"]
        b[2] += g["skipped"]
    for parser in sorted(by):
        print(f"  {parser:<18} {by[parser][0]:>5} samples {by[parser][1]:>8} routes "
              f"{by[parser][2]:>6} skipped lines")
    print(f"{len(got) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
