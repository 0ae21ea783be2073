#!/usr/bin/env python3
"""Write small, realistic feed files for the update tests into DIR.

Service Tags documents have the real layout (changeNumber, cloud, values[] with name, id and
all seven properties); prefixes come from documentation-like ranges so nothing real is implied.
  ServiceTags_Public_20251020.json   changeNumber 374 (the "old" version)
  ServiceTags_Public_20251103.json   changeNumber 376 (the "new" one: some prefixes added/removed)
  ServiceTags_Public_20251006.json   changeNumber 372 (older than both)
  ServiceTags_Public_20251110.json   changeNumber 377 but most prefixes gone (collapsed)
  ServiceTags_China_20251020.json    changeNumber 370, cloud China
  invalid.json                       truncated JSON
  notfeed.json                       valid JSON that is not a feed
  m365-Worldwide.json                M365 endpoints (3 sets), m365-version-Worldwide 2025120100
  m365-Worldwide-new.json            the next M365 version (one prefix added)
"""
import json
import os
import sys


def tag(name, region, cn, prefixes, system=""):
    return {
        "name": name,
        "id": name,
        "properties": {
            "changeNumber": cn,
            "region": region,
            "regionId": 0 if not region else 18,
            "platform": "Azure",
            "systemService": system,
            "addressPrefixes": prefixes,
            "networkFeatures": None if region else ["API", "NSG", "UDR", "FW"],
        },
    }


def servicetags(cloud, cn, scale=1.0, extra=False):
    v4 = ["198.18.%d.%d/30" % (i // 32, (i % 32) * 8) for i in range(int(60 * scale))]
    v6 = ["2001:db8:%x::/48" % i for i in range(int(20 * scale))]
    values = [
        tag("AzureCloud", "", cn, v4 + v6),
        tag("AzureCloud.westeurope", "westeurope", cn, v4[: len(v4) // 2]),
        tag("PowerPlatformInfra", "", cn, v4[:10] + v6[:1], "PowerPlatformInfra"),
        tag("PowerPlatformInfra.WestEurope", "westeurope", cn, v4[:5], "PowerPlatformInfra"),
    ]
    if extra:
        values[0]["properties"]["addressPrefixes"] += ["203.0.113.0/24", "2001:db8:ffff::/48"]
        values[2]["properties"]["addressPrefixes"] = v4[1:10] + ["203.0.113.0/25"] + v6[:1]
        values.append(tag("PowerPlatformPlex", "", cn, ["203.0.113.128/25"], "PowerPlatformPlex"))
    return {"changeNumber": cn, "cloud": cloud, "values": values}


def m365(extra=False):
    sets = [
        {"id": 1, "serviceArea": "Exchange", "serviceAreaDisplayName": "Exchange Online",
         "urls": ["outlook.office.com"], "ips": ["198.51.100.0/26", "2001:db8:100::/48"],
         "tcpPorts": "80,443", "udpPorts": "443", "expressRoute": True, "category": "Optimize",
         "required": True},
        {"id": 11, "serviceArea": "Skype", "serviceAreaDisplayName": "Skype for Business Online and Microsoft Teams",
         "ips": ["198.51.100.64/26"], "udpPorts": "3478, 3479, 3480, 3481", "expressRoute": True,
         "category": "Optimize", "required": True},
        {"id": 153, "serviceArea": "Common", "serviceAreaDisplayName": "Microsoft 365 Common and Office Online",
         "urls": ["*.powerapps.com", "*.flow.microsoft.com"], "tcpPorts": "443",
         "expressRoute": False, "category": "Default", "required": True, "notes": "Power Platform"},
    ]
    if extra:
        sets[0]["ips"].append("198.51.100.128/26")
    return sets


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    w = lambda n, obj: open(os.path.join(d, n), "w").write(json.dumps(obj, indent=2) + "\n")
    w("ServiceTags_Public_20251020.json", servicetags("Public", 374))
    w("ServiceTags_Public_20251103.json", servicetags("Public", 376, extra=True))
    w("ServiceTags_Public_20251006.json", servicetags("Public", 372))
    w("ServiceTags_Public_20251110.json", servicetags("Public", 377, scale=0.2))
    w("ServiceTags_China_20251020.json", servicetags("China", 370))
    full = json.dumps(servicetags("Public", 380))
    open(os.path.join(d, "invalid.json"), "w").write(full[: len(full) // 2])
    w("notfeed.json", {"hello": "world"})
    w("m365-Worldwide.json", m365())
    w("m365-Worldwide-new.json", m365(extra=True))
    open(os.path.join(d, "m365-version-Worldwide"), "w").write("2025120100\n")


if __name__ == "__main__":
    main()
