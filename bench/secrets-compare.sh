#!/usr/bin/env bash
# Precision, recall and time of srm-lint, detect-secrets and checkov's secrets framework on the
# labelled secrets set: ../shared/corpus (labels: bench/secrets-labels.tsv, by path and line; the
# corpus files are never copied here) plus the fixtures in testdata/secrets/ (labels.txt).
#   bench/secrets-compare.sh                      # table on stdout
#   bench/secrets-compare.sh --details            # also every false positive and miss, per tool
#   RUNS=3 bench/secrets-compare.sh --markdown bench/secrets-results-table.md
# Each peer goes into its OWN virtualenv outside the repository (checkov installs its fork of
# detect-secrets, bc-detect-secrets, which must not stand in for the real one):
#   DS_VENV      (default $VENVS/detect-secrets)   DS_VERSION      (default 1.5.0)
#   CHECKOV_VENV (default $VENVS/checkov)          CHECKOV_VERSION (default 3.3.30)
#   VENVS        (default ${TMPDIR:-/tmp}/srm-lint-bench-venvs)
# srm-lint is built once in release mode (honours CARGO_TARGET_DIR; SRM_LINT=path skips the build).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venvs="${VENVS:-${TMPDIR:-/tmp}/srm-lint-bench-venvs}"
ds_venv="${DS_VENV:-$venvs/detect-secrets}"
ck_venv="${CHECKOV_VENV:-$venvs/checkov}"
for v in "$ds_venv" "$ck_venv"; do
  case "$(realpath -m "$v")" in "$here"/*) echo "virtualenvs must be outside the repository: $v" >&2; exit 2 ;; esac
done
if [ ! -x "$ds_venv/bin/detect-secrets" ]; then
  python3 -m venv "$ds_venv" && "$ds_venv/bin/pip" install --quiet "detect-secrets==${DS_VERSION:-1.5.0}"
fi
if [ ! -x "$ck_venv/bin/checkov" ]; then
  python3 -m venv "$ck_venv" && "$ck_venv/bin/pip" install --quiet "checkov==${CHECKOV_VERSION:-3.3.30}"
fi
if [ -z "${SRM_LINT:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  SRM_LINT="${CARGO_TARGET_DIR:-$here/target}/release/srm-lint"
fi
exec python3 "$here/bench/secrets_compare.py" --srm "$SRM_LINT" --ds "$ds_venv/bin/detect-secrets" \
  --checkov "$ck_venv/bin/checkov" --corpus "${CORPUS:-$here/../shared/corpus}" --runs "${RUNS:-3}" "$@"
