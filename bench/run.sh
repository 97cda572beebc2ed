#!/usr/bin/env bash
# Benchmarks srm-lint against the floor (`rg --files --hidden`, listing the tree) on generated
# monorepos, outside the repository. Needs: python3, ripgrep, hyperfine (peers only), GNU time.
#   bench/run.sh                 # 10k, 100k and 300k files
#   SIZES="100000" bench/run.sh  # one size
#   PEERS=1 bench/run.sh         # also time checkov and detect-secrets on TREE/deploy (own venvs in $VENVS)
#   RUNS=40 bench/run.sh         # more alternating rounds (default 20)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN:-$here/../shared/bench/gen-monorepo.py}"
sizes="${SIZES:-10000 100000 300000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$here/target}/release/srm-lint"

printf '%-8s %-8s %10s %10s %7s %10s %12s\n' files configs "rg (ms)" "srm (ms)" ratio "peak RSS" "us/file"
for n in $sizes; do
  configs=$((n * 3 / 100))
  tree="$work/tree-$n"
  python3 "$gen" "$tree" --files "$n" --configs "$configs" > /dev/null
  (cd "$tree" && git init -q . 2> /dev/null || true)
  # Warm the cache, then alternate the two commands (rg, srm-lint, rg, ...): on a noisy host a
  # slow spell then hits both alike. The ratio is the median of the per-round ratios.
  rg --files --hidden "$tree" > /dev/null
  read -r rg_ms srm_ms ratio < <("$here/bench/alternate.py" --json --runs "${RUNS:-20}" \
    "rg --files --hidden $tree" \
    "$bin $tree --format json --as-of 2026-11-24 --exit-zero" | python3 -c "
import json,sys
r=json.load(sys.stdin)
print(round(r['median_s'][0]*1000,1), round(r['median_s'][1]*1000,1), round(r['ratio'][1],2))")
  rss=$( { /usr/bin/time -v "$bin" "$tree" --format json --as-of 2026-11-24 --exit-zero > /dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
  python3 -c "print('%-8s %-8s %10s %10s %7.2f %8.1f MB %12.2f' % ($n, $configs, $rg_ms, $srm_ms, $ratio, $rss/1024, $srm_ms*1000/$n))"
done

# Side by side with the peers on the config subset of the last tree, same run. Each peer lives in
# its own venv (checkov installs its own fork of detect-secrets over the real one), and a failed
# run is refused, not timed (checkov gets --soft-fail: its exit code 1 means checks failed).
if [ "${PEERS:-}" = 1 ]; then
  venvs="${VENVS:-$work/venvs}"
  for peer in checkov detect-secrets; do
    [ -x "$venvs/$peer/bin/$peer" ] || { python3 -m venv "$venvs/$peer" && "$venvs/$peer/bin/pip" install --quiet "$peer"; }
    echo "$peer $("$venvs/$peer/bin/$peer" --version 2>&1 | tail -1)"
  done
  deploy="$tree/deploy"
  echo
  echo "config subset: $deploy ($(find "$deploy" -type f | wc -l) files)"
  "$here/bench/alternate.py" --runs "${PEER_RUNS:-3}" --warmup 1 \
    "$bin $deploy --format json --as-of 2026-11-24 --exit-zero" \
    "$venvs/detect-secrets/bin/detect-secrets scan --all-files $deploy" \
    "$venvs/checkov/bin/checkov -d $deploy --framework cloudformation,secrets,dockerfile --quiet --compact -o json --soft-fail"
fi
