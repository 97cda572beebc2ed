#!/usr/bin/env bash
# Side by side with checkov on CloudFormation templates: runs checkov (CloudFormation and secrets
# frameworks) and srm-lint on a directory and prints, per template and resource, which checkov
# check ids each tool reports, after mapping srm-lint's codes through the equivalent checkov ids
# (../shared/facts/checkov-cfn-check-ids.txt, aws-and-secrets.md section 3).
#   bench/checkov-compare.sh                        # ../shared/corpus/aws
#   bench/checkov-compare.sh path/to/templates
# checkov is installed with pip into a virtualenv outside the repository (CHECKOV_VENV, default
# $TMPDIR/srm-lint-checkov-venv; CHECKOV_VERSION pins it, default 3.3.30). Needs python3 and cargo.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$here/../shared/corpus/aws}"
venv="${CHECKOV_VENV:-${TMPDIR:-/tmp}/srm-lint-checkov-venv}"
version="${CHECKOV_VERSION:-3.3.30}"
as_of="${AS_OF:-2026-11-24}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "$venv" in "$here"/*) echo "CHECKOV_VENV must be outside the repository" >&2; exit 2 ;; esac
if [ ! -x "$venv/bin/checkov" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "checkov==$version"
fi

cargo build --quiet --manifest-path "$here/Cargo.toml"
"$here/target/debug/srm-lint" "$corpus" --no-ignore --as-of "$as_of" --format json --exit-zero > "$work/srm.json"
# --skip-download: no calls to the vendor's API; checkov exits 1 when it finds something.
"$venv/bin/checkov" -d "$corpus" --framework cloudformation secrets -o json --quiet --compact --skip-download \
  > "$work/checkov.json" 2> "$work/checkov.err" || true

python3 - "$corpus" "$work/srm.json" "$work/checkov.json" <<'EOF'
import json, os, sys
from collections import Counter, defaultdict

corpus, srm_path, ck_path = sys.argv[1:4]
corpus = os.path.realpath(corpus)

# srm-lint code -> the checkov ids that check the same thing.
MAP = {
    "AWS001": ["CKV_AWS_24", "CKV_AWS_25"],
    "AWS002": ["CKV_AWS_20", "CKV_AWS_57"],
    "AWS003": ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    "AWS004": ["CKV_AWS_62", "CKV_AWS_63"],
    "AWS005": ["CKV_AWS_16", "CKV_AWS_96"],
    "AWS006": [],
    "AWS007": ["CKV_AWS_17"],
    "AWS008": ["CKV_AWS_28", "CKV_AWS_165"],
    "AWS009": ["CKV_AWS_3", "CKV_AWS_8"],
    "AWS010": ["CKV_AWS_88"],
    "AWS011": ["CKV_AWS_363"],
    # CKV_AWS_103 also fails plain HTTP listeners (no TLS at all): AWS012's finding.
    "AWS012": ["CKV_AWS_2", "CKV_AWS_103"],
    "AWS013": ["CKV_AWS_103", "CKV_AWS_174"],
    "AWS014": ["CKV_AWS_67", "CKV_AWS_36"],
    "AWS016": ["CKV_AWS_79"],
    "AWS015": ["CKV_AWS_45", "CKV_AWS_46", "CKV_AWS_384", "CKV_SECRET_10", "CKV_SECRET_6"],
    "SEC001": ["CKV_AWS_45", "CKV_AWS_46", "CKV_SECRET_2", "CKV_SECRET_9", "CKV_SECRET_14", "CKV_SECRET_17"],
    "SEC002": ["CKV_SECRET_10", "CKV_SECRET_6"],
    "SEC004": ["CKV_SECRET_13"],
}
MAPPED = {i for ids in MAP.values() for i in ids}

def rel(p):
    p = os.path.realpath(p) if os.path.isabs(p) else p
    return os.path.relpath(p, corpus) if os.path.isabs(p) else p.lstrip("/")

srm = json.load(open(srm_path))
ck = json.load(open(ck_path)) if os.path.getsize(ck_path) else []
if isinstance(ck, dict):
    ck = [ck]

# checkov: (file, resource, line range, id)
ck_fail = []
for run in ck:
    for f in run.get("results", {}).get("failed_checks", []):
        path = rel(f.get("file_abs_path") or f.get("file_path", ""))
        lines = f.get("file_line_range") or [0, 0]
        ck_fail.append((path, f.get("resource", ""), lines, f["check_id"]))

# Every resource checkov looked at, with its lines (passed checks name resources too).
ck_resources = [(p, res, lines) for p, res, lines, _ in ck_fail]
for run in ck:
    for f in run.get("results", {}).get("passed_checks", []):
        ck_resources.append((rel(f.get("file_abs_path") or f.get("file_path", "")), f.get("resource", ""), f.get("file_line_range") or [0, 0]))

# Which checkov resource a srm-lint finding falls in (by line), if any.
def resource_at(path, line):
    best = None
    for p, res, (lo, hi) in ck_resources:
        if p == path and lo <= line <= hi and (best is None or hi - lo < best[1]):
            best = (res, hi - lo)
    return best[0] if best else None

rows = defaultdict(list)  # file -> [(id, resource, status, detail)]
srm_hits = defaultdict(list)  # (file, id) -> [(resource, code, line, col)]
for f in srm["findings"]:
    path = rel(f["path"])
    res = resource_at(path, f["line"])
    for cid in MAP.get(f["rule"], []) or ["(none)"]:
        srm_hits[(path, cid)].append((res, f["rule"], f["line"], f["column"]))

matched = set()
for path, res, lines, cid in ck_fail:
    if cid not in MAPPED:
        continue
    mine = [h for h in srm_hits.get((path, cid), []) if h[0] == res]
    if mine:
        for h in mine:
            matched.add((path, cid, h))
        detail = ", ".join(f"{c} {l}:{col}" for _, c, l, col in mine)
        rows[path].append((cid, res, "both", detail))
    else:
        rows[path].append((cid, res, "checkov only", ""))
for (path, cid), hits in srm_hits.items():
    for h in hits:
        if (path, cid, h) in matched:
            continue
        # A finding maps to several ids; it is "srm-lint only" if checkov reported none of them there.
        code = h[1]
        if any((path, other, h) in matched for other in MAP.get(code, [])):
            continue
        if cid != "(none)" and MAP.get(code) and cid != MAP[code][0]:
            continue
        rows[path].append((cid if cid != "(none)" else "-", h[0] or "?", "srm-lint only", f"{code} {h[2]}:{h[3]}"))

others = defaultdict(Counter)
for path, res, lines, cid in ck_fail:
    if cid not in MAPPED:
        others[path][cid] += 1

files = sorted(set(rows) | set(others) | {rel(f["path"]) for f in srm["findings"]})
total = Counter()
for path in files:
    print(f"\n== {path}")
    for cid, res, status, detail in sorted(rows.get(path, []), key=lambda r: (r[1], r[0])):
        total[status] += 1
        print(f"  {cid:<14} {res:<55} {status:<14} {detail}")
    if others.get(path):
        print("  checkov, no srm-lint counterpart: " + ", ".join(f"{c} x{n}" for c, n in sorted(others[path].items())))
print("\nsummary (mapped checks): " + ", ".join(f"{k}: {v}" for k, v in sorted(total.items())))
out_of_scope = sum(sum(c.values()) for c in others.values())
print(f"checkov failures without an srm-lint counterpart: {out_of_scope}")
for run in ck:
    print(f"checkov {run.get('check_type')}: {run.get('summary')}")
EOF
