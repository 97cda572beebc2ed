#!/usr/bin/env bash
# Precision and recall of srm-lint and detect-secrets on the labelled set in testdata/secrets/
# (labels.txt lists file:line of every true secret). detect-secrets goes into a venv outside the repo.
#   bench/secrets-compare.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
set_dir="$here/testdata/secrets"
venv="${VENV:-${TMPDIR:-/tmp}/srm-lint-bench-venv}"
[ -x "$venv/bin/detect-secrets" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet detect-secrets; }
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/target/release/srm-lint" "$set_dir" --format json --select SEC001,SEC002,SEC003,SEC004 --exit-zero \
  --as-of 2026-11-24 > "$out/srm.json"
(cd "$set_dir" && "$venv/bin/detect-secrets" scan --all-files .env .platform.app.yaml Dockerfile deployment.yaml) > "$out/ds.json"
python3 - "$set_dir/labels.txt" "$out/srm.json" "$out/ds.json" <<'PY'
import json, sys
labels = {l.strip() for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')}
srm = {f"{f['file']}:{f['line']}" for f in json.load(open(sys.argv[2]))['findings']}
ds = {f"{name}:{s['line_number']}" for name, hits in json.load(open(sys.argv[3]))['results'].items() for s in hits}
print(f"labelled set: {len(labels)} secrets")
print(f"{'tool':<16}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}")
for tool, got in (("srm-lint", srm), ("detect-secrets", ds)):
    tp, fp, fn = len(got & labels), sorted(got - labels), sorted(labels - got)
    print(f"{tool:<16}{tp:>4}{len(fp):>4}{len(fn):>4}{tp / max(tp + len(fp), 1):>11.2f}{tp / len(labels):>8.2f}")
    if fp: print(f"  false positives: {', '.join(fp)}")
    if fn: print(f"  missed: {', '.join(fn)}")
PY
