#!/usr/bin/python3
"""Questions tests/apply.sh asks of a mockarm request log and store.
Python 3 standard library only. Each command prints its answer and exits
0, or prints what is wrong and exits 1.

  query.py writes LOG [FROM]     writes (PUT, PATCH, DELETE, POST other
                                 than .../list) with seq > FROM: a count
  query.py lastseq LOG           seq of the last entry (0 if none)
  query.py maxinflight LOG       most requests the mock handled at once
  query.py status LOG CODE       how many answers had HTTP status CODE
  query.py faults LOG            "index:count" of each fault that fired
  query.py creates LOG           fails if a resource was created (201)
                                 more than once
  query.py order LOG DRYRUN PLAN [FROM]  fails unless every step's
                                 writes (seq > FROM) all come after the
                                 requests of each step it depends on
                                 (DRYRUN: apply --dry-run output, for each
                                 step's path; PLAN: check -d plan). Reads
                                 need no order: apply reads every step
                                 before its first write
  query.py body LOG METHOD SUFFIX  the body of the first METHOD request
                                 to a path ending in SUFFIX
  query.py count LOG METHOD SUFFIX [FROM]  how many METHOD requests
                                 (seq > FROM) went to a path ending in
                                 SUFFIX, injected faults included
  query.py gap LOG FAULT         seconds from the answer of the request
                                 that fault number FAULT answered (its
                                 only one) to the answer of the next
                                 request with its method and path, or
                                 to the first poll of the operation the
                                 answer named: the client's wait, plus
                                 one request's time
  query.py store URL             the store, normalised (sorted JSON)
  query.py quiet LOG FAULT SKIP  seconds from the answer of the request
                                 that fault number FAULT answered (its
                                 only one) to the first request of its
                                 throttling class (reads: GET; deletes:
                                 DELETE; writes: the other methods) that
                                 came more than SKIP s after it (those
                                 sooner were sent with it, before the
                                 client saw the answer): how long the
                                 client held that class back
  query.py settags URL TOKEN ID JSON  PUT resource ID again with the tags
                                 JSON (as someone with the portal would),
                                 and wait for its operation
  query.py final URL SUB         fails unless the store is what applying
                                 specs/isolated-backend.yaml to the seed
                                 of tests/apply.sh must give
  query.py destroyed URL SUB     fails unless only the existing resources
                                 (and the resource group) are left
  query.py seed DRYRUN LOCATION  a --seed for the resources a spec marks
                                 existing: those its apply --dry-run
                                 changes rather than creates (PATCH, or a
                                 back end's "as read" PUT), each a bare
                                 {"location", "properties": {}}
  query.py apis LOG TABLE        fails unless every request to a back end
                                 used the apiVersion of its type's row in
                                 TABLE (tests/unit/backtypes.golden)
"""

import json
import re
import sys
import urllib.parse
import urllib.request

WRITES = ("PUT", "PATCH", "DELETE")


def entries(log):
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def is_write(e):
    if e["method"] in WRITES:
        return True
    return e["method"] == "POST" and not e["path"].endswith("/list") \
        and not e["path"].endswith("/token")


def fetch(url):
    with urllib.request.urlopen(url + "/__store", timeout=10) as r:
        return json.load(r)


def fail(msg):
    print(msg)
    sys.exit(1)


def cmd_order(log, dryrun, plan, since=0):
    # step label -> the path of its resource, from the dry run
    paths, label = {}, None
    with open(dryrun, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^# \d+/\d+ (.*) \[[^]]*\]$", line.rstrip("\n"))
            if m:
                label = m.group(1)
                continue
            m = re.match(r"^(GET|POST) (\S+)$", line.rstrip("\n"))
            if m and label is not None:
                p = urllib.parse.urlsplit(m.group(2)).path
                if p.endswith("/list"):
                    p = p[:-len("/list")]
                paths[p.lower()] = label
                label = None
    deps, names = {}, {}
    with open(plan, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d+) (.*?)(?: after ([\d,]+))?$",
                         line.rstrip("\n"))
            if m:
                names[m.group(1)] = m.group(2)
                deps[m.group(2)] = (m.group(3) or "").split(",")
    first, last = {}, {}
    for e in entries(log):
        if e["seq"] <= since:
            continue
        p = e["path"].lower()
        if p.endswith("/list"):
            p = p[:-len("/list")]
        lab = paths.get(p)
        if lab is None:
            continue
        if is_write(e):
            first.setdefault(lab, e["seq"])
        last[lab] = e["seq"]
    bad = []
    for lab, ds in deps.items():
        for d in ds:
            if not d:
                continue
            dl = names[d]
            if lab in first and dl in last and not last[dl] < first[lab]:
                bad.append("%s began (seq %d) before %s ended (seq %d)"
                           % (lab, first[lab], dl, last[dl]))
    if not first:
        fail("no write of any step in the log")
    if bad:
        fail("\n".join(bad))
    print("%d steps in dependency order" % len(first))


def cmd_gap(log, fault):
    # from when each answer began (t_out): the log's "t" is taken after
    # the answer has gone out, and a loaded machine may log the fault's
    # entry late, which shortened the client's wait (1.999 s for 2)
    def began(e):
        return e["t_out"] if e.get("t_out") is not None else e["t"]
    es = list(entries(log))
    hit = [e for e in es if e.get("fault") == fault]
    if len(hit) != 1:
        fail("fault %d answered %d requests, not 1" % (fault, len(hit)))
    f = hit[0]
    for e in es:
        if e["seq"] > f["seq"] and (e["path"] == f["op"] if "op" in f else
                                    (e["method"], e["path"]) ==
                                    (f["method"], f["path"])):
            print("%.3f" % (began(e) - began(f)))
            return
    fail("no request after the one fault %d answered" % fault)


def throttle_class(method):
    if method in ("GET", "HEAD"):
        return "reads"
    return "deletes" if method == "DELETE" else "writes"


def cmd_quiet(log, fault, skip):
    es = list(entries(log))
    hit = [e for e in es if e.get("fault") == fault]
    if len(hit) != 1:
        fail("fault %d answered %d requests, not 1" % (fault, len(hit)))
    f = hit[0]
    cls = throttle_class(f["method"])
    after = [e["t_in"] for e in es if e.get("t_in") is not None and
             e["t_in"] > f["t_out"] + skip and
             not e["path"].endswith("/token")
             and throttle_class(e["method"]) == cls]
    if not after:
        fail("no %s after the one fault %d answered" % (cls, fault))
    print("%.3f" % (min(after) - f["t_out"]))


def cmd_settags(url, token, rid, tags):
    res = url + rid + "?api-version=2024-05-01"
    auth = {"Authorization": "Bearer " + token}
    with urllib.request.urlopen(urllib.request.Request(
            res, headers=auth), timeout=10) as r:
        body = json.load(r)
    body["tags"] = json.loads(tags)
    req = urllib.request.Request(res, data=json.dumps(body).encode(),
                                 method="PUT", headers=dict(
                                     auth, **{"Content-Type":
                                              "application/json"}))
    with urllib.request.urlopen(req, timeout=10) as r:
        op = r.headers["Azure-AsyncOperation"]
    for _ in range(50):
        with urllib.request.urlopen(urllib.request.Request(
                op, headers=auth), timeout=10) as r:
            if json.load(r).get("status") != "InProgress":
                return
    fail("the PUT's operation did not end")


def props(store, rid):
    rec = store.get(rid.lower())
    if rec is None:
        fail("missing: " + rid)
    return rec


def cmd_final(url, sub):
    st = fetch(url)
    rg = "/subscriptions/%s/resourcegroups/mykvresourcegroup" % sub
    pv = rg + "/providers/"
    bad = []

    def want(cond, what):
        if not cond:
            bad.append(what)

    for rid in ("microsoft.network/virtualnetworks/myvnet",
                "microsoft.network/privatednszones/"
                "privatelink.vaultcore.azure.net",
                "microsoft.network/privatednszones/"
                "privatelink.cognitiveservices.azure.com",
                "microsoft.network/privatednszones/privatelink.vaultcore."
                "azure.net/virtualnetworklinks/vaultcore-zonelink",
                "microsoft.network/privatednszones/privatelink."
                "cognitiveservices.azure.com/virtualnetworklinks/"
                "cognitiveservices-zonelink",
                "microsoft.network/privateendpoints/securekeyvault-pe",
                "microsoft.network/privateendpoints/securecstext-pe",
                "microsoft.network/privateendpoints/securekeyvault-pe/"
                "privatednszonegroups/securekeyvault-zg",
                "microsoft.network/privateendpoints/securecstext-pe/"
                "privatednszonegroups/securecstext-zg"):
        rec = st.get(pv + rid)
        want(rec is not None, "missing " + rid)
        if rec:
            want(rec["properties"]["provisioningState"] == "Succeeded",
                 rid + " not Succeeded")
    want(rg in st, "no resource group")
    vnet = st.get(pv + "microsoft.network/virtualnetworks/myvnet", {})
    subs = {s["name"]: s for s in vnet.get("properties", {}).get(
        "subnets", [])}
    want(sorted(subs) == ["private-endpoint-subnet",
                          "vnet-integration-subnet"], "subnets %s" %
         sorted(subs))
    kv = st.get(pv + "microsoft.keyvault/vaults/my-language-kv", {})
    acl = kv.get("properties", {}).get("networkAcls", {})
    want(acl.get("defaultAction") == "Deny", "vault not Deny")
    want(acl.get("ipRules") == [{"value": "203.0.113.7"}],
         "vault ipRules lost")
    cs = st.get(pv + "microsoft.cognitiveservices/accounts/my-language-cs",
                {})
    want(cs.get("properties", {}).get("publicNetworkAccess") ==
         "Disabled", "account public")
    want(cs.get("kind") == "TextAnalytics", "account kind lost")
    farm = st.get(pv + "microsoft.web/serverfarms/my-language-app", {})
    want(farm.get("sku", {}).get("name") == "S1", "plan not S1")
    want(farm.get("properties", {}).get("provisioningState") == "Succeeded",
         "plan not Succeeded")
    site = st.get(pv + "microsoft.web/sites/my-language-app", {})
    sp = site.get("properties", {})
    want(sp.get("httpsOnly") is True, "not https only")
    want(sp.get("vnetRouteAllEnabled") is True, "route all off")
    want(str(sp.get("virtualNetworkSubnetId", "")).lower().endswith(
        "/virtualnetworks/myvnet/subnets/vnet-integration-subnet"),
        "not integrated")
    # (ARM adds the principal's ids, read-only: server.py principal_of)
    want((site.get("identity") or {}).get("type") == "SystemAssigned",
         "identity lost")
    cfg = st.get(pv + "microsoft.web/sites/my-language-app/config/"
                 "appsettings", {}).get("properties", {})
    want(cfg.get("OTHER") == "keep-me", "other app setting lost")
    want(cfg.get("CS_ACCOUNT_KEY", "").startswith("@Microsoft.KeyVault("),
         "CS_ACCOUNT_KEY not set")
    if bad:
        fail("\n".join(bad))
    print("final state as the spec says")


def cmd_destroyed(url, sub):
    st = fetch(url)
    pv = "/subscriptions/%s/resourcegroups/mykvresourcegroup/providers/" \
        % sub
    keep = {pv + k for k in (
        "microsoft.cognitiveservices/accounts/my-language-cs",
        "microsoft.keyvault/vaults/my-language-kv",
        "microsoft.web/serverfarms/my-language-app",
        "microsoft.web/sites/my-language-app",
        "microsoft.web/sites/my-language-app/config/appsettings")}
    keep.add("/subscriptions/%s/resourcegroups/mykvresourcegroup" % sub)
    left = set(st)
    bad = ["left behind: " + k for k in sorted(left - keep)]
    bad += ["deleted: " + k for k in sorted(keep - left)]
    kv = st.get(pv + "microsoft.keyvault/vaults/my-language-kv", {})
    if kv.get("properties", {}).get("networkAcls", {}).get(
            "defaultAction") != "Deny":
        bad.append("the vault's lock-down was changed")
    site = st.get(pv + "microsoft.web/sites/my-language-app", {})
    if site.get("properties", {}).get("virtualNetworkSubnetId"):
        bad.append("the app is still integrated")
    if bad:
        fail("\n".join(bad))
    print("only what existed is left")


def cmd_seed(dryrun, location):
    """The existing resources of a dry run: the URL after "# if it
    differs" (a PATCH, or the PUT of a back end's lock-down), or the GET
    after "read, as the spec says it exists" (a VNet or a central zone
    vnetc only refers to, a subscription, a resource group that must
    exist), and the resource group each is in, which vnetc apply reads
    first."""
    seed, pending = {}, False
    with open(dryrun, encoding="utf-8") as f:
        for line in f:
            if (line.startswith("# if it differs") and
                    "or a lock it waits for" not in line) or (
                    line.startswith("# left alone: ") and
                    line.rstrip().endswith("read, as the spec says it exists")):
                pending = True
                continue
            m = re.match(r"^(PUT|PATCH|GET) (\S+)", line)
            if pending and m:
                path = urllib.parse.urlsplit(m.group(2)).path
                seed[path] = {"location": location, "properties": {}}
                if "/providers/" in path:
                    seed[path.split("/providers/")[0]] = {
                        "location": location, "properties": {}}
            if m or not line.startswith("#"):
                pending = False
    print(json.dumps(seed, indent=1, sort_keys=True))


def cmd_apis(log, table):
    """Every request whose path is a back-end type's uses that type's
    apiVersion: the one of its row, never another one."""
    api = {}
    with open(table, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\S+) api=(\S+?)(\(restypes\))?( |$)", line)
            if m and m.group(2) != "-":
                api[m.group(1).lower()] = m.group(2)
    bad, n = [], 0
    for e in entries(log):
        segs = e["path"].split("/providers/")
        if len(segs) < 2:
            continue
        parts = segs[-1].split("/")
        if len(parts) != 3:     # NS/type/name: the back end itself
            continue
        t = (parts[0] + "/" + parts[1]).lower()
        if t not in api:
            continue
        n += 1
        got = e["query"].get("api-version")
        if got != api[t]:
            bad.append("%s %s?api-version=%s, want %s" % (
                e["method"], e["path"], got, api[t]))
    if bad:
        fail("\n".join(bad))
    print("%d requests to back ends, each with its row's apiVersion" % n)


def main():
    a = sys.argv[1:]
    if not a:
        fail(__doc__)
    c = a[0]
    if c == "writes":
        since = int(a[2]) if len(a) > 2 else 0
        print(sum(1 for e in entries(a[1]) if e["seq"] > since and
                  is_write(e)))
    elif c == "lastseq":
        print(max([e["seq"] for e in entries(a[1])] or [0]))
    elif c == "maxinflight":
        print(max([e.get("inflight", 0) for e in entries(a[1])] or [0]))
    elif c == "status":
        print(sum(1 for e in entries(a[1]) if e["status"] == int(a[2])))
    elif c == "faults":
        n = {}
        for e in entries(a[1]):
            if e.get("fault") is not None:
                n[e["fault"]] = n.get(e["fault"], 0) + 1
        print(" ".join("%d:%d" % kv for kv in sorted(n.items())))
    elif c == "creates":
        n = {}
        for e in entries(a[1]):
            if e["method"] == "PUT" and e["status"] == 201:
                n[e["path"].lower()] = n.get(e["path"].lower(), 0) + 1
        dup = [p for p, k in n.items() if k > 1]
        if dup:
            fail("created more than once: " + " ".join(dup))
        print("%d creates, none twice" % len(n))
    elif c == "order":
        cmd_order(a[1], a[2], a[3], int(a[4]) if len(a) > 4 else 0)
    elif c == "body":
        # body of the first METHOD request whose path ends with SUFFIX
        for e in entries(a[1]):
            if e["method"] == a[2] and e["path"].endswith(a[3]):
                print(json.dumps(e.get("body"), sort_keys=True))
                break
    elif c == "count":
        since = int(a[4]) if len(a) > 4 else 0
        print(sum(1 for e in entries(a[1]) if e["seq"] > since and
                  e["method"] == a[2] and e["path"].endswith(a[3])))
    elif c == "gap":
        cmd_gap(a[1], int(a[2]))
    elif c == "quiet":
        cmd_quiet(a[1], int(a[2]), float(a[3]))
    elif c == "settags":
        cmd_settags(*a[1:5])
    elif c == "store":
        print(json.dumps(fetch(a[1]), sort_keys=True, indent=1))
    elif c == "final":
        cmd_final(a[1], a[2])
    elif c == "destroyed":
        cmd_destroyed(a[1], a[2])
    elif c == "seed":
        cmd_seed(a[1], a[2])
    elif c == "apis":
        cmd_apis(a[1], a[2])
    else:
        fail("unknown command " + c)


if __name__ == "__main__":
    main()
