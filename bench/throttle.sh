#!/bin/sh
# bench/throttle.sh - apply at ARM's throttling limits (issue 19): vnetc
# apply of the scale specs (bench/gen.py N, nothing created yet but the
# back ends they mark existing) against the mock ARM server throttling as
# ARM does (tests/mockarm/server.py --bucket: a token bucket per class of
# request, docs/azure-notes.md 18), with ARM's published buckets (reads
# 250 refilled at 25 a second, writes and deletes 200 at 10) times SCALE:
# the bound is the same, the run SCALE times shorter. Each operation takes
# DELAY s (--op-delay). Per row:
#   reads, writes, 429s: the requests that took a token; those refused
#   polls: of the reads, those of an operation's status (Azure-AsyncOperation
#         or Location); lists: those of a list's page (docs/azure-notes.md
#         18.1)
#   r-bound, w-bound: what each bucket imposes on those requests: the
#         requests beyond the bucket's burst over its refill rate
#   crit:  the plan's critical path (bench/chain.py) x DELAY
#   wall:  the apply's wall time; x = wall / the largest bound
# Target: wall <= 1.10 x the largest bound, 429s <= 1% of the requests;
# exit 1 if missed. Environment: O (build dir), SIZES (default "20:1
# 200:5": N:SCALE), PAR (--parallelism, default 64), DELAY (default 1).
set -eu
O=${O:-build}
SIZES=${SIZES:-20:1 200:5}
PAR=${PAR:-64}
DELAY=${DELAY:-1}
PY=/usr/bin/python3
SUB=11111111-2222-3333-4444-555555555555
. bench/mock.sh

now() { $PY -c 'import time; print(time.monotonic())'; }

echo "apply at ARM's throttling limits: buckets = ARM's x SCALE," \
	"--parallelism $PAR, $DELAY s per operation"
printf '%5s %5s %6s %6s %6s %6s %5s %8s %8s %6s %8s %5s\n' N SCALE reads \
	polls lists writes 429s "r-bound" "w-bound" crit "wall s" x
fail=0
for row in $SIZES; do
	n=${row%%:*} k=${row#*:}
	spec=$tmp/bench$n.yaml
	$PY bench/gen.py "$n" >"$spec"
	env -u AZURE_SUBSCRIPTION_ID "$O/vnetc" apply --dry-run "$spec" \
		--subscription "$SUB" >"$tmp/dry" 2>/dev/null
	$PY tests/mockarm/query.py seed "$tmp/dry" westeurope >"$tmp/seed.json"
	"$O/vnetc" check -d plan "$spec" >"$tmp/plan"
	chain=$($PY bench/chain.py "$tmp/plan" | cut -d' ' -f1)
	rs=$((250 * k)) rr=$((25 * k)) ws=$((200 * k)) wr=$((10 * k))
	start --seed "$tmp/seed.json" --max-seconds 1200 --op-delay "$DELAY" \
		--log "$tmp/log" \
		--bucket "reads=$rs/$rr" --bucket "writes=$ws/$wr" \
		--bucket "deletes=$ws/$wr"
	rm -rf "$tmp/j"
	t0=$(now)
	env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" "$O/vnetc" \
		apply "$spec" --subscription "$SUB" --arm-endpoint "$EP" --yes \
		--parallelism "$PAR" -o "$tmp/j" >"$tmp/out" 2>&1 </dev/null || {
		tail -n 20 "$tmp/out"
		exit 1
	}
	t1=$(now)
	stop
	$PY - "$tmp/log" "$t0" "$t1" "$n" "$k" "$chain" "$DELAY" \
		"$rs/$rr" "$ws/$wr" <<'EOF' || fail=1
import json, sys
log, t0, t1, n, k, chain, delay, rb, wb = sys.argv[1:]
took = {"reads": 0, "writes": 0, "deletes": 0}
refused = total = polls = lists = 0
for line in open(log):
    e = json.loads(line)
    if "remaining" not in e:
        continue              # not throttled: the token, the store
    total += 1
    if e["status"] == 429:
        refused += 1
    else:
        m = e["method"]
        if m == "GET" and e["path"].startswith(("/__ops/", "/__loc/")):
            polls += 1
        elif m == "GET" and len(e["path"].split("/providers/")[-1]
                                 .split("/")) % 2 == 0:
            lists += 1          # NS/TYPE[/NAME/CHILD]: a list
        took["reads" if m in ("GET", "HEAD") else
             "deletes" if m == "DELETE" else "writes"] += 1
def bound(count, bucket):
    size, rate = (float(x) for x in bucket.split("/"))
    return max(0.0, count - size) / rate
br = bound(took["reads"], rb)
bw = bound(took["writes"], wb)
bd = bound(took["deletes"], wb)     # a bucket of their own, as large
crit = int(chain) * float(delay)
wall = float(t1) - float(t0)
top = max(br, bw, bd, crit)
print("%5s %5s %6d %6d %6d %6d %5d %8.1f %8.1f %6.1f %8.1f %5.2f" % (
    n, k, took["reads"], polls, lists, took["writes"], refused, br, bw,
    crit, wall, wall / top))
bad = []
if wall > 1.10 * top:
    bad.append("wall %.1f s > 1.10 x %.1f s" % (wall, top))
if refused > 0.01 * total:
    bad.append("%d 429s > 1%% of %d requests" % (refused, total))
for b in bad:
    print("  target missed: " + b)
sys.exit(1 if bad else 0)
EOF
done
exit $fail
