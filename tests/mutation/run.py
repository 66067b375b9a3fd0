#!/usr/bin/env python3
"""Mutation harness: plants each bug of tests/mutation/mutants.json in a scratch copy of the
source tree, one at a time, builds only the targets its tests need, runs those tests and reports
KILLED (a test failed) or SURVIVED (all passed). Exits 1 if any mutant survived or could not be
applied or built, 0 otherwise.

    tests/mutation/run.py [--all | --count N [--rotation K]] [--only ID,ID] [--jobs 2]
                          [--scratch DIR] [--list]

The scratch copy lives in DIR/tree (default: build-mutation/ at the repository root) with its
build folder in DIR/tree/build, so the compiler sees the same relative paths as in a build/
folder of the checkout and ccache (used when installed; CCACHE_BASEDIR set to the repository's
parent when unset) serves the unchanged files. The copy is refreshed from the checkout's files
(git ls-files, tracked and untracked but not ignored) on each run; only changed files are
rewritten, so make rebuilds only what changed. Before any mutant, the unmutated tests must pass.

--count N picks N mutants, rotating through the list: the K-th window of N (default K = the day
of the year), so that a daily CI run covers every mutant within a few days.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "tests", "mutation", "mutants.json")
TEST_TIMEOUT_S = 900


def log(msg):
    print(msg, flush=True)


def load_mutants():
    with open(SPEC, encoding="utf-8") as f:
        mutants = json.load(f)["mutants"]
    ids = [m["id"] for m in mutants]
    if len(set(ids)) != len(ids):
        sys.exit("mutants.json: duplicate ids")
    return mutants


def select(mutants, args):
    if args.only:
        wanted = args.only.split(",")
        unknown = [w for w in wanted if w not in {m["id"] for m in mutants}]
        if unknown:
            sys.exit("unknown mutant id(s): " + ", ".join(unknown))
        return [m for m in mutants if m["id"] in wanted]
    if args.all or args.count is None or args.count >= len(mutants):
        return mutants
    k = args.rotation
    if k is None:
        k = datetime.date.today().timetuple().tm_yday
    n = args.count
    start = (k * n) % len(mutants)
    return [mutants[(start + i) % len(mutants)] for i in range(n)]


def source_files():
    out = subprocess.run(
        ["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def sync_tree(tree):
    """Makes `tree` hold the checkout's files; rewrites only the files whose bytes differ."""
    copied = 0
    for rel in source_files():
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):
            continue  # deleted in the work tree but still in the index
        dst = os.path.join(tree, rel)
        if os.path.isfile(dst) and read(dst) == read(src):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1
    return copied


def configure(tree, build):
    if os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        return
    cmd = ["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=Release"]
    if shutil.which("ccache"):
        cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


# Suites that start the built binaries rather than link the code under test: a mutant they
# must kill has to be built into those binaries too, or it survives unseen.
PROCESS_SUITES = {"server_": ["octet-server-testing"], "cli_": ["octet", "octet-server-testing"]}


def targets_of(mutant):
    targets = {t["exe"] for t in mutant["tests"]} | set(mutant.get("targets", []))
    for t in mutant["tests"]:
        for prefix, binaries in PROCESS_SUITES.items():
            if t["exe"].startswith(prefix):
                targets.update(binaries)
    return sorted(targets)


def build(build_dir, targets, jobs):
    """True when the targets built; the compiler's output is printed on failure."""
    r = subprocess.run(["cmake", "--build", build_dir, "-j", str(jobs), "--target"] + targets,
                       capture_output=True, text=True)
    if r.returncode != 0:
        log((r.stdout + r.stderr)[-4000:])
    return r.returncode == 0


def run_tests(build_dir, mutant):
    """Runs the mutant's tests in order; returns the first that failed (None: all passed)."""
    for t in mutant["tests"]:
        cmd = [os.path.join(build_dir, "tests", t["exe"])]
        if t.get("filter"):
            cmd.append("--gtest_filter=" + t["filter"])
        env = dict(os.environ, **t.get("env", {}))
        try:
            r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=TEST_TIMEOUT_S)
            failed = r.returncode != 0
        except subprocess.TimeoutExpired:
            failed = True
        if failed:
            return describe(t)
    return None


def describe(test):
    s = test["exe"]
    if test.get("filter"):
        s += " --gtest_filter=" + test["filter"]
    for k, v in test.get("env", {}).items():
        s = "%s=%s %s" % (k, v, s)
    return s


def apply(tree, mutant):
    """Writes the mutant into the tree; returns the file's original bytes (None: not applicable)."""
    path = os.path.join(tree, mutant["file"])
    original = read(path)
    text = original.decode("utf-8")
    if text.count(mutant["original"]) != 1:
        log("  %s: the original text occurs %d times in %s (expected once)"
            % (mutant["id"], text.count(mutant["original"]), mutant["file"]))
        return None
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(mutant["original"], mutant["replacement"]))
    return original


def restore(tree, mutant, original):
    with open(os.path.join(tree, mutant["file"]), "wb") as f:
        f.write(original)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--all", action="store_true", help="every mutant (the default)")
    p.add_argument("--count", type=int, help="only N mutants, rotating (see --rotation)")
    p.add_argument("--rotation", type=int, help="which window of N (default: day of the year)")
    p.add_argument("--only", help="comma-separated mutant ids")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--scratch", default=os.path.join(ROOT, "build-mutation"))
    p.add_argument("--list", action="store_true", help="print the chosen mutants and exit")
    args = p.parse_args()

    chosen = select(load_mutants(), args)
    if args.list:
        for m in chosen:
            log("%-45s %-22s %s" % (m["id"], m["area"], ", ".join(describe(t) for t in m["tests"])))
        return 0
    os.environ.setdefault("CCACHE_BASEDIR", os.path.dirname(ROOT))
    begin = time.monotonic()
    tree = os.path.join(os.path.abspath(args.scratch), "tree")
    build_dir = os.path.join(tree, "build")
    os.makedirs(tree, exist_ok=True)
    log("mutation: %d of %d mutants; scratch tree %s (%d files refreshed)"
        % (len(chosen), len(load_mutants()), tree, sync_tree(tree)))
    configure(tree, build_dir)

    # The unmutated tree: every test named must build and pass, or a kill would prove nothing.
    t0 = time.monotonic()
    all_targets = sorted({t for m in chosen for t in targets_of(m)})
    if not build(build_dir, all_targets, args.jobs):
        log("mutation: the unmutated tree does not build")
        return 1
    seen = set()
    for m in chosen:
        for t in m["tests"]:
            key = describe(t)
            if key in seen:
                continue
            seen.add(key)
            failed = run_tests(build_dir, {"tests": [t]})
            if failed:
                log("mutation: '%s' fails without any mutant; fix it first" % failed)
                return 1
    log("baseline: %d targets built, %d test runs pass (%.0f s)"
        % (len(all_targets), len(seen), time.monotonic() - t0))

    rows, bad = [], 0
    for m in chosen:
        t0 = time.monotonic()
        original = apply(tree, m)
        if original is None:
            rows.append((m["id"], "NOT APPLIED", "-", 0.0))
            bad += 1
            continue
        try:
            if not build(build_dir, targets_of(m), args.jobs):
                verdict, killer = "DOES NOT BUILD", "-"
                bad += 1
            else:
                killer = run_tests(build_dir, m)
                verdict = "KILLED" if killer else "SURVIVED"
                bad += killer is None
                killer = killer or "-"
        finally:
            restore(tree, m, original)
        rows.append((m["id"], verdict, killer, time.monotonic() - t0))
        log("  %-45s %-9s %5.0f s  %s" % (m["id"], verdict, rows[-1][3], killer))
    # Leaves the build matching the unmutated tree for the next run.
    build(build_dir, all_targets, args.jobs)

    log("\n| mutant | verdict | killed by | time |\n|---|---|---|---|")
    for r in rows:
        log("| %s | %s | %s | %.0f s |" % r)
    log("\nmutation: %d killed, %d not (survived, not applied or not building); %.0f s in all"
        % (sum(r[1] == "KILLED" for r in rows), bad, time.monotonic() - begin))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
