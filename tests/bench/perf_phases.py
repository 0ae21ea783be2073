#!/usr/bin/python3
"""Where the time of one `erready check` goes, per phase, from a `perf record -g` profile.

How it works: `perf script` prints every sample with its call chain (inlined frames
included when recorded with --call-graph dwarf). Each sample is put in the phase of the
outermost known function on its chain (catalog load, route parsing, classification, LPM
build, coverage, leak findings, report, freeing), and within the phase the leaf function
(the kernel's page-fault handler counts as "[page faults]" of the user function that
touched the page) is tallied. Percentages are of all samples.

usage: perf_phases.py PERF.data [TOP]
"""
import collections
import subprocess
import sys

# (function on the chain, phase): the first match from this list decides.
PHASES = [
    ("er_catalog_load_file", "catalog: load the Service Tags JSON"),
    ("er_catalog_select", "catalog: select services"),
    ("er_rtable_load", "routes: read and parse"),
    ("worker_main", "routes: read and parse (worker threads)"),
    ("first_worker_main", "routes: read and parse (worker threads)"),
    ("er_classify_all", "analyze: classify routes"),
    ("build_lpms", "analyze: LPM add + build"),
    ("add_leak", "analyze: leak findings (messages)"),
    ("analyze_service", "analyze: coverage per service"),
    ("er_analyze", "analyze: union totals, normalize"),
    ("er_report_render", "report: render"),
    ("cli_write_output", "report: write"),
    ("er_analysis_free", "free"),
    ("er_rtable_free", "free"),
    ("er_catalog_free", "free"),
]
FAULT = ("exc_page_fault", "asm_exc_page_fault")


def frames(sample):
    out = []
    for line in sample.strip().splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            out.append(parts[1].strip().split("+")[0].replace(" (inlined)", ""))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    text = subprocess.run(["perf", "script", "-i", sys.argv[1], "-F", "ip,sym"],
                          capture_output=True, text=True, check=True).stdout
    total = 0
    per = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for s in text.split("\n\n"):
        fr = frames(s)
        if not fr:
            continue
        total += 1
        phase = "startup and exit"
        for fn, name in PHASES:
            if fn in fr:
                phase = name
                break
        per[phase] += 1
        if any(f in FAULT for f in fr):
            user = next((f for f in fr[fr.index(next(f for f in fr if f in FAULT)):]
                         if not f.startswith(("exc_", "asm_exc_", "handle_", "__handle_",
                                              "do_", "[unknown]"))), "?")
            leaf = "[page faults] " + user
        else:
            leaf = fr[0]
        leaves[phase][leaf] += 1
    print("%d samples" % total)
    for phase, n in per.most_common():
        print("%5.1f%%  %s" % (100.0 * n / total, phase))
        for leaf, k in leaves[phase].most_common(top):
            print("          %5.1f%%  %s" % (100.0 * k / total, leaf))


if __name__ == "__main__":
    main()
