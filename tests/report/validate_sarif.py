#!/usr/bin/env python3
"""Validate SARIF files against the SARIF 2.1.0 JSON schema, then check erready's own
promises: every rule declared with a description and help, ruleIndex consistent, stable
partial fingerprints, physical and logical locations, the data version in run properties.
Usage: validate_sarif.py SCHEMA FILE...   Exit 0 valid, 1 invalid, 77 jsonschema missing."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)


def check_erready(doc, path):
    problems = []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            if not r.get(key, {}).get("text"):
                problems.append("rule %s has no %s" % (r["id"], key))
    for res in run.get("results", []):
        idx = res["ruleIndex"]
        if ids[idx] != res["ruleId"]:
            problems.append("ruleIndex %d is %s, not %s" % (idx, ids[idx], res["ruleId"]))
        fp = res.get("partialFingerprints", {})
        if len(fp.get("erreadyFinding/v1", "")) != 32:
            problems.append("result without a 32-digit erreadyFinding/v1 fingerprint")
        loc = res["locations"][0]
        if not loc.get("logicalLocations"):
            problems.append("result without logical locations")
        phys = loc.get("physicalLocation")
        if phys is None or phys["region"]["startLine"] < 1:
            problems.append("result without a physical location and line")
    props = run.get("properties", {})
    if "changeNumber" not in props.get("data", {}):
        problems.append("run properties lack the data version")
    for p in problems[:20]:
        print("%s: %s" % (path, p))
    return not problems


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=getattr(cls, "FORMAT_CHECKER", None))
    ok = True
    for path in sys.argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print("%s: %s at /%s" % (path, e.message, "/".join(str(x) for x in e.absolute_path)))
        if errors:
            ok = False
        elif not check_erready(doc, path):
            ok = False
        else:
            print("%s: valid SARIF 2.1.0 (%d results)" % (path, len(doc["runs"][0].get("results", []))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
