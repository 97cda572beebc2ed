#!/usr/bin/env python3
"""Precision, recall and time of srm-lint, detect-secrets and checkov (secrets framework) on the
labelled secrets set: ../shared/corpus (labels in bench/secrets-labels.tsv) plus the fixtures in
testdata/secrets/ (labels.txt). Called by bench/secrets-compare.sh, which builds and installs.

    secrets_compare.py --srm BIN --ds VENV/bin/detect-secrets --checkov VENV/bin/checkov \
        [--corpus DIR] [--runs 3] [--markdown OUT.md] [--details]

Matching (same for every tool):
- a finding is a span of lines: srm-lint's line..end_line; detect-secrets' line_number and
  checkov's first line (its file_line_range always adds the next line), both widened over the
  block when that line is a YAML block-scalar key (`key: |`: both report a secret inside the
  block at the key);
- findings starting on the same (path, line) are one flag;
- a flag is a true positive when its span holds a line labelled secret, else a false positive;
- recall = secret lines held by some flag / all secret lines; precision = TP flags / all flags;
- the table's TP is the number of secret lines found (FN = secret lines missed).
A corpus flag without a label row is an error (the label file must stay complete).
Timing: each tool on the corpus set, `--runs` times, median wall-clock and CPU (user + system,
of the tool's processes); a run that fails (bad exit code, unparsable output) stops the script:
a failed run is not a figure.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_RULES = [
    "SEC001", "SEC002", "SEC003", "SEC004", "SEC005",
    "ACC005", "ACC006", "ACC007", "ACC008",
    "AST007", "AST008", "AST009", "AST010", "AST020",
    "AWS015", "PSH022",
]
# Corpus provenance notes and the fixture labels: not files of any repository.
EXCLUDE = ["SOURCES.md", "labels.txt"]
BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, cwd, ok_codes):
    c0, t0 = cpu(), time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    dt = (time.perf_counter() - t0, cpu() - c0)
    if p.returncode not in ok_codes:
        sys.exit(f"failed run ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')[-2000:]}")
    try:
        data = json.loads(p.stdout)
    except ValueError:
        sys.exit(f"failed run (output is not JSON): {' '.join(cmd)}")
    return data, dt


def tool_cmds(a, root):
    ck = ([a.checkov, "-d", ".", "--framework", "secrets", "-o", "json", "--quiet", "--skip-download"]
          + [x for e in EXCLUDE for x in ("--skip-path", e)], (0, 1))
    return {
        "srm-lint": ([a.srm, ".", "--no-ignore", "--format", "json", "--exit-zero", "--as-of", "2026-11-24",
                      "--select", ",".join(SECRET_RULES)] + [x for e in EXCLUDE for x in ("--exclude", f"**/{e}")], (0,)),
        "detect-secrets": ([a.ds, "scan", "--all-files", "--exclude-files", r"(^|/)(SOURCES\.md|labels\.txt)$", "."], (0,)),
        # --skip-download: no calls to the vendor's API (offline); exit 1 means findings.
        "checkov": ck,
        # By default checkov's secrets framework skips files by type (.env among them).
        "checkov, all files": (ck[0] + ["--enable-secret-scan-all-files"], ck[1]),
    }


def read_lines(root, path, cache={}):
    k = os.path.join(root, path)
    if k not in cache:
        with open(k, encoding="utf-8", errors="replace") as f:
            cache[k] = f.read().split("\n")
    return cache[k]


def block_end(root, path, line):
    """Last line of the YAML block scalar whose key is on `line`, or `line` itself."""
    lines = read_lines(root, path)
    key = lines[line - 1]
    if not BLOCK.search(key):
        return line
    indent = len(key) - len(key.lstrip())
    end = line
    for i in range(line, len(lines)):
        s = lines[i]
        if s.strip() and len(s) - len(s.lstrip()) <= indent:
            break
        if s.strip():
            end = i + 1
    return end


def spans(tool, data, root):
    """{(path, start): end} of one tool's output."""
    out = {}

    def add(p, start, end):
        p = os.path.normpath(p.lstrip("/"))
        out[(p, start)] = max(end, out.get((p, start), start))

    if tool == "srm-lint":
        for f in data["findings"]:
            add(f["file"], f["line"], f.get("end_line") or f["line"])
    elif tool == "detect-secrets":
        for p, hits in data["results"].items():
            for h in hits:
                add(p, h["line_number"], block_end(root, os.path.normpath(p), h["line_number"]))
    else:
        reports = data if isinstance(data, list) else [data]
        for r in reports:
            for c in r.get("results", {}).get("failed_checks", []):
                p, start = os.path.normpath(c["file_path"].lstrip("/")), c["file_line_range"][0]
                add(p, start, block_end(root, p, start))
    return out


def corpus_labels(path):
    labels = {}
    for l in open(path, encoding="utf-8"):
        if l.startswith("#") or l.startswith("path\t") or not l.strip():
            continue
        p, line, label, _reason = l.rstrip("\n").split("\t", 3)
        assert label in ("secret", "not-secret"), l
        assert (p, int(line)) not in labels, f"duplicate label {p}:{line}"
        labels[(p, int(line))] = label
    return labels


def fixture_labels(path):
    labels = {}
    for l in open(path, encoding="utf-8"):
        if l.strip() and not l.startswith("#"):
            p, line = l.strip().rsplit(":", 1)
            labels[(p, int(line))] = "secret"
    return labels


def score(flags, labels, strict):
    secrets = {k for k, v in labels.items() if v == "secret"}
    found, tp, fp, missing = set(), [], [], []
    for (p, start), end in sorted(flags.items()):
        hit = {(p, n) for n in range(start, end + 1)} & secrets
        if hit:
            tp.append((p, start))
            found |= hit
        else:
            fp.append((p, start))
            if strict and (p, start) not in labels:
                missing.append(f"{p}:{start}")
    return {"found": found, "tp_flags": tp, "fp": fp, "fn": sorted(secrets - found), "n": len(secrets),
            "missing": missing}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srm", required=True)
    ap.add_argument("--ds", required=True)
    ap.add_argument("--checkov", required=True)
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "shared", "corpus"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--markdown")
    ap.add_argument("--details", action="store_true", help="list every false positive and false negative")
    a = ap.parse_args()

    sets = {
        "corpus": (os.path.realpath(a.corpus), corpus_labels(os.path.join(HERE, "bench", "secrets-labels.tsv")), True),
        "fixtures": (os.path.join(HERE, "testdata", "secrets"),
                     fixture_labels(os.path.join(HERE, "testdata", "secrets", "labels.txt")), False),
    }
    versions = {
        "srm-lint": subprocess.run([a.srm, "--version"], capture_output=True, text=True).stdout.split()[-1],
        "detect-secrets": subprocess.run([a.ds, "--version"], capture_output=True, text=True).stdout.strip(),
        "checkov": subprocess.run([a.checkov, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    versions["checkov, all files"] = versions["checkov"]
    tools = list(versions)
    results, times = {}, {t: [] for t in tools}
    for name, (root, labels, strict) in sets.items():
        cmds = tool_cmds(a, root)
        outs = {t: [] for t in tools}
        # Corpus: the tools take turns, one run each per round, so a slow spell of the shared host
        # hits all of them alike.
        for _ in range(a.runs if name == "corpus" else 1):
            for tool in tools:
                cmd, ok = cmds[tool]
                data, dt = run(cmd, root, ok)
                outs[tool].append(spans(tool, data, root))
                if name == "corpus":
                    times[tool].append(dt)
        for tool in tools:
            if any(o != outs[tool][0] for o in outs[tool][1:]):
                sys.exit(f"{tool} gave different findings between runs on {name}")
            results[(name, tool)] = score(outs[tool][0], labels, strict)
    missing = sorted({m for r in results.values() for m in r["missing"]})
    if missing:
        sys.exit("flagged corpus lines without a label in bench/secrets-labels.tsv:\n  " + "\n  ".join(missing))

    def row(tool, rs, t):
        tp = sum(len(r["found"]) for r in rs)
        tpf = sum(len(r["tp_flags"]) for r in rs)
        fp = sum(len(r["fp"]) for r in rs)
        n = sum(r["n"] for r in rs)
        prec = tpf / (tpf + fp) if tpf + fp else 0.0
        cells = [tool, versions[tool], tp, fp, n - tp, f"{100 * prec:.1f} %", f"{100 * tp / n:.1f} %"]
        return "| " + " | ".join(str(c) for c in cells + ([t] if t else [])) + " |"

    n_corpus = results[("corpus", "srm-lint")]["n"]
    n_fix = results[("fixtures", "srm-lint")]["n"]
    lines = [
        f"Labelled set: {n_corpus + n_fix} secret lines ({n_corpus} in ../shared/corpus, {n_fix} in testdata/secrets/); "
        f"{sum(1 for v in sets['corpus'][1].values() if v == 'not-secret')} labelled not-secret corpus lines.",
        "",
        "| tool | version | TP | FP | FN | precision | recall | wall time, corpus (median of "
        f"{a.runs}, min–max) | CPU time (median) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tool in tools:
        wall = [w for w, _ in times[tool]]
        cpu_s = statistics.median(c for _, c in times[tool])
        t = f"{statistics.median(wall):.2f} s ({min(wall):.2f}–{max(wall):.2f}) | {cpu_s:.2f} s"
        lines.append(row(tool, [results[("corpus", tool)], results[("fixtures", tool)]], t))
    for name in sets:
        lines += ["", f"{name} only:", "", "| tool | version | TP | FP | FN | precision | recall |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        for tool in tools:
            lines.append(row(tool, [results[(name, tool)]], ""))
    text = "\n".join(lines)
    print(text)
    if a.details:
        for (name, tool), r in results.items():
            print(f"\n{tool} on {name}:")
            print("  false positives: " + (", ".join(f"{p}:{l}" for p, l in r["fp"]) or "none"))
            print("  missed: " + (", ".join(f"{p}:{l}" for p, l in r["fn"]) or "none"))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
