#!/usr/bin/env python3
"""Times two or more commands alternately (A B A B ...) so that drift in a noisy host hits all of
them alike, and prints the median wall time of each and the median of the per-round ratios to the
first command.

    bench/alternate.py --runs 30 'rg --files --hidden TREE' 'srm-lint TREE --format json'

Output goes to /dev/null; a warm-up round runs first and is not counted.
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import time


def once(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    # 1 is srm-lint's "findings" exit; anything else means the command did not do its work.
    if done.returncode not in (0, 1):
        sys.exit(f"alternate.py: {shlex.join(argv)} exited with {done.returncode}; not timing a failed run")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("commands", nargs="+")
    args = ap.parse_args()
    argvs = [shlex.split(c) for c in args.commands]
    for _ in range(args.warmup):
        for a in argvs:
            once(a)
    times = [[] for _ in argvs]
    for _ in range(args.runs):
        for i, a in enumerate(argvs):
            times[i].append(once(a))
    medians = [statistics.median(t) for t in times]
    ratios = [statistics.median(t / b for t, b in zip(ti, times[0])) for ti in times]
    if args.json:
        import json

        json.dump({"median_s": medians, "ratio": ratios, "runs": args.runs}, sys.stdout)
        print()
        return
    for c, m, r, t in zip(args.commands, medians, ratios, times):
        print(f"{m * 1000:9.1f} ms  (min {min(t) * 1000:7.1f})  ratio {r:5.2f}  {c}")


if __name__ == "__main__":
    main()
