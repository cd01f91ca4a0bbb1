#!/usr/bin/python3
"""cidr_diff.py - vnetc's CIDR engine against Python's ipaddress module.

    cidr_diff.py VNETC [SEED]

Drives `vnetc cidr --format json` (so the test covers cidr.c and the
command) with thousands of random prefixes in every textual form, and
compares network, last address, size, Azure's usable range and every
overlapping pair with what ipaddress computes; then feeds valid and
malformed strings and compares which ones are accepted. vnetc is stricter
than ipaddress by design in a few documented ways (a length is required;
no netmask form; no leading zeros in the length; no zone id); it must
never accept what ipaddress rejects. Prints failures and a last line
"N checks"; exit 1 on any failure. Deterministic for a given SEED.
"""
import ipaddress
import json
import random
import subprocess
import sys

MAPPED = ipaddress.ip_network("::ffff:0:0/96")
fails = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        fails.append(what)


def vnetc(args):
    r = subprocess.run([VNETC, "cidr", "--format", "json"] + args,
                       capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def rand_v4(rng):
    n = rng.getrandbits(32)
    ln = rng.choice([0, 1, 2, 8, 16, 24, 28, 29, 30, 31, 32] +
                    [rng.randint(0, 32)] * 6)
    return ipaddress.ip_network((n, ln), strict=False)


def rand_v6(rng):
    kind = rng.randrange(5)
    if kind == 0:    # runs of zero groups, so "::" lands anywhere
        groups = [rng.choice([0, 0, 0, rng.getrandbits(16)])
                  for _ in range(8)]
        n = 0
        for g in groups:
            n = n << 16 | g
    elif kind == 1:  # IPv4-mapped
        n = 0xffff << 32 | rng.getrandbits(32)
    elif kind == 2:  # a /64, as Azure subnets are
        n = rng.getrandbits(64) << 64
    else:
        n = rng.getrandbits(128)
    ln = rng.choice([0, 1, 7, 32, 48, 56, 64, 96, 124, 125, 127, 128] +
                    [rng.randint(0, 128)] * 6)
    return ipaddress.ip_network((n, ln), strict=False)


def spell(net, rng):
    """Some valid textual form of net, with host bits clear."""
    a = net.network_address
    if net.version == 4:
        return "%s/%d" % (a, net.prefixlen)
    form = rng.randrange(5)
    if form == 0:
        text = a.exploded
    elif form == 1:
        text = a.compressed.upper()
    elif form == 2 and a.packed[:12] == bytes(10) + b"\xff\xff":
        text = "::ffff:" + str(ipaddress.IPv4Address(a.packed[12:]))
    elif form == 3:  # embedded IPv4 tail on any address
        text = (":".join(a.exploded.split(":")[:6]) + ":" +
                str(ipaddress.IPv4Address(a.packed[12:])))
    else:
        text = a.compressed
    return "%s/%d" % (text, net.prefixlen)


def fmt(addr):
    """RFC 5952 text; mapped addresses keep their IPv4 tail (section 5)."""
    if addr.version == 6 and addr in MAPPED:
        return "::ffff:" + str(ipaddress.IPv4Address(addr.packed[12:]))
    return addr.compressed


def expect(net):
    size = net.num_addresses
    first = last = None
    usable = 0
    if size >= 8:
        first = fmt(net.network_address + 4)
        last = fmt(net.broadcast_address - 1)
        usable = size - 5
    return {"prefix": "%s/%d" % (fmt(net.network_address), net.prefixlen),
            "network": fmt(net.network_address),
            "last": fmt(net.broadcast_address), "size": size,
            "azure_first": first, "azure_last": last,
            "azure_usable": usable}


def overlapping(nets, exact):
    """Every overlapping pair: with ipaddress's overlaps() when exact,
    else (large batches) with the integer ranges ipaddress gives."""
    out = []
    if exact:
        for i in range(len(nets)):
            for j in range(i + 1, len(nets)):
                if (nets[i].version == nets[j].version and
                        nets[i].overlaps(nets[j])):
                    out.append([i, j])
        return out
    r = [(n.version, int(n.network_address), int(n.broadcast_address))
         for n in nets]
    for i, (vi, fi, li) in enumerate(r):
        for j in range(i + 1, len(r)):
            vj, fj, lj = r[j]
            if vi == vj and fi <= lj and fj <= li:
                out.append([i, j])
    return out


def batch(nets, texts, label, exact=False):
    rc, out, err = vnetc(texts)
    check(rc == 0, "%s: exit %d: %s" % (label, rc, err[:200]))
    if rc:
        return
    got = json.loads(out)
    check(len(got["prefixes"]) == len(nets), label + ": count")
    for net, text, g in zip(nets, texts, got["prefixes"]):
        want = expect(net)
        check(g == want, "%s: %s: got %s want %s" % (label, text, g, want))
    want = overlapping(nets, exact)
    ok = got["overlaps"] == want
    diff = None
    if not ok:
        g, w = set(map(tuple, got["overlaps"])), set(map(tuple, want))
        diff = sorted(g ^ w)[:3]
    check(ok, "%s: overlaps: got %d pairs, want %d (differing: %s)" %
          (label, len(got["overlaps"]), len(want), diff))


def near(rng, base, version):
    """A prefix inside or around base, so that overlaps are common."""
    width = 32 if version == 4 else 128
    ln = rng.randint(max(base.prefixlen - 2, 0), min(base.prefixlen + 10,
                                                       width))
    off = rng.getrandbits(width - base.prefixlen) if base.prefixlen < width \
        else 0
    n = int(base.network_address) + off
    n &= (1 << width) - 1
    return ipaddress.ip_network((n, ln), strict=False)


MALFORMED = [
    "", "/", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.256/24",
    "10.0.0.01/24", "10.0.0/24", "10.0.0.0.0/24", "10.0.0.0/024",
    "10.0.0.0/+8", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/255.255.255.0",
    "10..0.0/8", "1.2.3.4/32/", "::/129", ":::/64", "1::2::3/64",
    "1:2:3:4:5:6:7:8:9/128", "fe80::1%eth0/64", "12345::/16", "::g/64",
    "1:2:3:4:5:6:7::8/128", "::ffff:1.2.3.04/128", "::1.2.3/128",
    "1.2.3.4::/64", "::ffff:1.2.3.4.5/128", "0x10.0.0.0/8", "10.0.0.0/8a",
]


def mutate(rng, s):
    ops = [
        lambda t: t.replace("/", "/0", 1),
        lambda t: t + "0",
        lambda t: t[:-1],
        lambda t: t.replace(".", "..", 1),
        lambda t: t.replace(":", ":::", 1),
        lambda t: t.replace("/", "", 1),
        lambda t: t.replace("0", "00", 1),
        lambda t: "1" + t,
        lambda t: t.replace("::", ":0:0:0:0:0:0:0:0:", 1),
        lambda t: t.split("/")[0] + "/" + str(rng.randint(0, 140)),
    ]
    return rng.choice(ops)(s)


def stricter(s):
    """Forms ipaddress accepts that vnetc rejects on purpose."""
    if "/" not in s or "%" in s:
        return True                # a length is required; no zone ids
    ln = s.split("/", 1)[1]
    return "." in ln or (len(ln) > 1 and ln[0] == "0")


def validity(rng):
    texts = list(MALFORMED)
    for _ in range(600):
        net = rand_v4(rng) if rng.random() < 0.5 else rand_v6(rng)
        texts.append(mutate(rng, spell(net, rng)))
    # Options are not prefixes: leave out what vnetc would read as one.
    texts = [t for t in texts if not (t.startswith("-") and ":" not in t)]
    rc, out, err = vnetc(texts)
    for t in texts:
        rejected = ("'%s' is not a prefix" % t) in err
        try:
            ipaddress.ip_network(t, strict=False)
            py_ok = True
        except ValueError:
            py_ok = False
        if py_ok and stricter(t):
            check(rejected, "%r: ipaddress accepts a form vnetc must "
                  "reject" % t)
        else:
            check(rejected == (not py_ok), "%r: vnetc %s, ipaddress %s" %
                  (t, "rejects" if rejected else "accepts",
                   "accepts" if py_ok else "rejects"))
    check(rc == 2, "a malformed argument must exit 2, got %d" % rc)


def main():
    global VNETC
    VNETC = sys.argv[1]
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    # 1. Properties of 4,000 random prefixes in many spellings.
    nets = [rand_v4(rng) if i % 2 else rand_v6(rng) for i in range(4000)]
    texts = [spell(n, rng) for n in nets]
    for k in range(0, len(nets), 1000):
        batch(nets[k:k + 1000], texts[k:k + 1000], "random %d" % k)
    # 2. Overlaps: clusters of prefixes around a few bases, so that most
    # pairs are decided by nesting (about 100,000 pairs).
    for b in range(16):
        version = 4 if b % 2 else 6
        base = (rand_v4(rng) if version == 4 else rand_v6(rng))
        if base.prefixlen > (24 if version == 4 else 120):
            base = base.supernet(new_prefix=16 if version == 4 else 100)
        group = [near(rng, base, version) for _ in range(110)]
        # and a few of the other family, which never overlap these
        group += [rand_v6(rng) if version == 4 else rand_v4(rng)
                  for _ in range(5)]
        rng.shuffle(group)
        batch(group, [spell(n, rng) for n in group], "cluster %d" % b,
              exact=True)
    # 3. Which strings parse.
    validity(rng)
    for f in fails[:30]:
        print("FAIL:", f)
    if len(fails) > 30:
        print("... and %d more" % (len(fails) - 30))
    print("%d checks, %d failed" % (checks, len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
