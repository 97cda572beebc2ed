#!/usr/bin/env bash
# Runs srm-lint once for the action: human output in the log, SARIF to a file, optional
# annotations, a job summary, and the exit code as a step output (the last step applies it).
set -o pipefail

bin="${SRM_LINT_BIN:-srm-lint}"
out="${GITHUB_OUTPUT:-/dev/null}"
sarif="${RUNNER_TEMP:-/tmp}/srm-lint.sarif"
json="${RUNNER_TEMP:-/tmp}/srm-lint.json"
report="${RUNNER_TEMP:-/tmp}/srm-lint-report.md"

read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
args=(--color always --extra-output "sarif:$sarif" --extra-output "json:$json")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ "${INPUT_ANNOTATIONS:-false}" = true ] && args+=(--extra-output "github:-")
# The job summary comes from this same run (so `args` such as --ignore or --exclude apply to it);
# an older srm-lint without --report-output gets a summary built from this run's JSON instead.
rm -f "$report"
if [ "${INPUT_SUMMARY:-true}" = true ] && "$bin" --help 2> /dev/null | grep -q -- '--report-output'; then
  args+=(--report-output "markdown:$report")
fi

"$bin" "${paths[@]}" "${args[@]}" "${extra[@]}"
code=$?

[ -s "$sarif" ] && echo "sarif-file=$sarif" >> "$out"
echo "exit-code=$code" >> "$out"

if [ "${INPUT_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  # The shared-responsibility report of this run when this srm-lint has it, else counts per rule.
  if [ -s "$report" ]; then
    cat "$report" >> "$GITHUB_STEP_SUMMARY"
  elif [ -s "$json" ]; then
    python3 - "$json" "$code" >> "$GITHUB_STEP_SUMMARY" <<'PY' || true
import collections, json, sys
report = json.load(open(sys.argv[1]))
findings = report["findings"]
print("## srm-lint\n")
print(f"{len(findings)} finding(s) in {report['files_checked']} checked file(s), exit code {sys.argv[2]}.\n")
if findings:
    print("| rule | severity | clause | count |\n|---|---|---|---|")
    rows = collections.Counter((f["rule"], f["name"], f["severity"], (f.get("clause") or {}).get("title", "")) for f in findings)
    for (rule, name, severity, clause), n in sorted(rows.items()):
        print(f"| {rule} {name} | {severity} | {clause} | {n} |")
PY
  fi
fi
exit 0
