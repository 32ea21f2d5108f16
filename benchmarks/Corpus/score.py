#!/usr/bin/env python3
"""Scores the LockAnalyzers rules on the labelled real-world corpus (corpus.tsv).

It fetches nothing: every repository must be checked out under the snapshots folder as <owner>+<name>
at the corpus commit (see README.md). For each (repository, folder) of the corpus it runs
benchmarks/Analyzers with --list-diagnostics on that folder, then matches the diagnostics to the labels.

usage: score.py [--snapshots DIR] [--corpus corpus.tsv] [--reviewed reviewed.tsv] [--work DIR]
                [--benchmark path/to/LockAnalyzers.Benchmarks.dll] [--refs DIR] [--rerun] [--out report.md]
The snapshots folder defaults to $LOCK_CORPUS_SNAPSHOTS.
"""
import argparse
import collections
import csv
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RULES = [f"LCK00{i}" for i in range(1, 10)]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--snapshots", default=os.environ.get("LOCK_CORPUS_SNAPSHOTS"))
    p.add_argument("--corpus", default=os.path.join(HERE, "corpus.tsv"))
    p.add_argument("--reviewed", default=os.path.join(HERE, "reviewed.tsv"))
    p.add_argument("--work", default=os.path.join(ROOT, "artifacts", "corpus"), help="where diagnostic lists are cached")
    p.add_argument("--benchmark", help="a built LockAnalyzers.Benchmarks.dll (default: build benchmarks/Analyzers in Release)")
    p.add_argument("--refs", help="extra reference assemblies (e.g. System.IO.Abstractions) passed to every compilation")
    p.add_argument("--rerun", action="store_true", help="analyze again even when a cached diagnostic list exists")
    p.add_argument("--out", help="also write the report to this file")
    a = p.parse_args()
    if not a.snapshots:
        p.error("give --snapshots DIR or set LOCK_CORPUS_SNAPSHOTS")
    return a


class Range:
    def __init__(self, path, start, end):
        self.path, self.start, self.end = path, int(start), int(end)

    def contains(self, path, line):
        return path == self.path and self.start <= line <= self.end


def load_rows(path):
    rows = []
    for r in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
        r["expected_rules"] = [] if r["expected"] == "-" else r["expected"].split(",")
        r["main"] = Range(r["path"], r["start"], r["end"])
        r["ranges"] = [r["main"]]
        if r["also"] != "-":
            for item in r["also"].split(";"):
                p, span = item.rsplit(":", 1)
                s, e = span.split("-")
                r["ranges"].append(Range(p, s, e))
        rows.append(r)
    return rows


def load_reviewed(path):
    reviewed = {}
    if os.path.exists(path):
        for r in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
            reviewed[(r["repo"], r["path"], int(r["line"]), r["id"])] = (r["verdict"], r["reason"])
    return reviewed


def benchmark_dll(args):
    if args.benchmark:
        return args.benchmark
    project = os.path.join(ROOT, "benchmarks", "Analyzers")
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", project], check=True, stdout=sys.stderr)
    return os.path.join(project, "bin", "Release", "net10.0", "LockAnalyzers.Benchmarks.dll")


def snapshot_dir(args, repo):
    return os.path.join(args.snapshots, repo.replace("/", "+"))


def how_to_fetch(repo, commit, target):
    return (f"fetch github:{repo}; then git --git-dir=<the directory fetch names> archive {commit} | tar -x -C {target}"
            f"  (mkdir -p {target} first)")


def uses_implicit_usings(repo_root, folder):
    """True when a project under the folder, or a Directory.Build.props above it, switches on ImplicitUsings."""
    candidates = []
    target = os.path.normpath(os.path.join(repo_root, folder))
    for dirpath, _, files in os.walk(target):
        candidates += [os.path.join(dirpath, f) for f in files if f.endswith(".csproj")]
    d = target
    while True:
        candidates.append(os.path.join(d, "Directory.Build.props"))
        if os.path.normpath(d) == os.path.normpath(repo_root) or os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
    for c in candidates:
        if os.path.exists(c):
            text = open(c, encoding="utf-8", errors="replace").read().lower()
            if "<implicitusings>enable</implicitusings>" in text or "<implicitusings>true</implicitusings>" in text:
                return True
    return False


def diagnostics_for(args, dll, repo, commit, folder):
    """Runs the analyzers on one folder of one snapshot; returns [(id, repo-relative path, line, message)]."""
    os.makedirs(args.work, exist_ok=True)
    cache = os.path.join(args.work, f"{repo.replace('/', '+')}@{commit[:12]}@{folder.replace('/', '_')}.tsv")
    target = os.path.join(snapshot_dir(args, repo), folder)
    if args.rerun or not os.path.exists(cache):
        cmd = ["dotnet", dll, target, "--list-diagnostics", cache, "--rules", ""]
        if uses_implicit_usings(snapshot_dir(args, repo), folder):
            cmd.append("--implicit-usings")
        if args.refs:
            cmd += ["--refs", args.refs]
        run = subprocess.run(cmd, capture_output=True, text=True)
        summary = [l for l in run.stdout.splitlines() if "LCK diagnostics written" in l or "ANALYZER EXCEPTION" in l]
        print(f"  {repo} {folder}: {'; '.join(summary) or run.stdout[-300:]}", file=sys.stderr)
        if not os.path.exists(cache):
            raise RuntimeError(f"no diagnostic list for {repo} {folder}: {run.stderr[-500:]}")
    result = []
    for d in csv.DictReader(open(cache, encoding="utf-8"), delimiter="\t"):
        path = d["path"] if folder in (".", "") else folder.rstrip("/") + "/" + d["path"]
        result.append((d["id"], path, int(d["line"]), d["message"]))
    return result


def main():
    args = parse_args()
    rows = load_rows(args.corpus)
    reviewed = load_reviewed(args.reviewed)
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault((r["repo"], r["commit"], r["folder"]), []).append(r)

    missing = []
    for (repo, commit, folder), grp in groups.items():
        base = snapshot_dir(args, repo)
        if not all(os.path.exists(os.path.join(base, rg.path)) for r in grp for rg in r["ranges"]):
            missing.append((repo, commit, base))
    missing = list(dict.fromkeys(missing))
    if missing:
        print("Missing snapshots (these repositories are skipped):", file=sys.stderr)
        for repo, commit, base in missing:
            print("  " + how_to_fetch(repo, commit, base), file=sys.stderr)
    missing_repos = {m[0] for m in missing}

    dll = benchmark_dll(args)
    found = collections.defaultdict(set)      # row id -> rules found
    clean_hits = collections.defaultdict(list)  # row id -> diagnostics on a clean/look-alike row
    unlabelled = []                           # (repo, diagnostic) outside every label
    scored_rows = [r for r in rows if r["repo"] not in missing_repos]
    for (repo, commit, folder), grp in groups.items():
        if repo in missing_repos:
            continue
        for diag in diagnostics_for(args, dll, repo, commit, folder):
            rule, path, line, _ = diag
            matched = False
            for r in grp:
                if r["verdict"] == "bug" and rule in r["expected_rules"] and any(rg.contains(path, line) for rg in r["ranges"]):
                    found[r["id"]].add(rule)
                    matched = True
            if matched:
                continue
            on_clean = [r for r in grp if r["verdict"] != "bug" and r["main"].contains(path, line)]
            for r in on_clean:
                clean_hits[r["id"]].append(diag)
            if not on_clean:
                unlabelled.append((repo, diag))

    lines = []
    bug_rows = [r for r in scored_rows if r["verdict"] == "bug"]
    lines.append(f"Corpus: {len(rows)} rows from {len({r['repo'] for r in rows})} repositories; scored: {len(scored_rows)} rows"
                 f" ({len(bug_rows)} bug, {sum(r['verdict'] == 'clean' for r in scored_rows)} clean,"
                 f" {sum(r['verdict'] == 'look-alike' for r in scored_rows)} look-alike); missing repositories: {len(missing_repos)}")
    lines.append("")
    lines.append("| rule | labelled bugs | found | recall | diagnostics on clean rows | on look-alike rows | outside the labels (true / false / unreviewed) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    totals = collections.Counter()
    for rule in RULES:
        expected = [r for r in bug_rows if rule in r["expected_rules"]]
        hit = [r for r in expected if rule in found[r["id"]]]
        on_clean = sum(1 for r in scored_rows if r["verdict"] == "clean" for d in clean_hits[r["id"]] if d[0] == rule)
        on_look = sum(1 for r in scored_rows if r["verdict"] == "look-alike" for d in clean_hits[r["id"]] if d[0] == rule)
        outside = [(repo, d) for repo, d in unlabelled if d[0] == rule]
        verdicts = collections.Counter(reviewed.get((repo, d[1], d[2], d[0]), ("unreviewed",))[0] for repo, d in outside)
        recall = f"{100 * len(hit) / len(expected):.0f} %" if expected else "n/a"
        lines.append(f"| {rule} | {len(expected)} | {len(hit)} | {recall} | {on_clean} | {on_look} | {len(outside)} ({verdicts['true']} / {verdicts['false']} / {verdicts['unreviewed']}) |")
        totals.update(expected=len(expected), hit=len(hit), clean=on_clean, look=on_look, outside=len(outside),
                      true=verdicts["true"], false=verdicts["false"], unreviewed=verdicts["unreviewed"])
    recall = f"{100 * totals['hit'] / totals['expected']:.0f} %" if totals["expected"] else "n/a"
    lines.append(f"| **all** | **{totals['expected']}** | **{totals['hit']}** | **{recall}** | **{totals['clean']}** | **{totals['look']}** |"
                 f" **{totals['outside']} ({totals['true']} / {totals['false']} / {totals['unreviewed']})** |")
    reviewed_count = totals["true"] + totals["false"]
    if reviewed_count:
        lines.append("")
        lines.append(f"Precision of the reviewed diagnostics outside the labels: {totals['true']} / {reviewed_count} = {100 * totals['true'] / reviewed_count:.0f} %")

    lines.append("")
    lines.append("Labelled bugs, found (+) or missed (-):")
    lines.append("")
    for r in bug_rows:
        marks = " ".join(("+" if rule in found[r["id"]] else "-") + rule for rule in r["expected_rules"])
        lines.append(f"- {r['id']} {marks} (shapes {r['shapes']}) {r['path']}:{r['start']}-{r['end']}")
    flagged_clean = [r for r in scored_rows if clean_hits[r["id"]]]
    if flagged_clean:
        lines.append("")
        lines.append("Diagnostics on clean and look-alike rows:")
        lines.append("")
        for r in flagged_clean:
            for d in clean_hits[r["id"]]:
                lines.append(f"- {r['id']} ({r['verdict']}) {d[0]} {d[1]}:{d[2]} {d[3]}")
    if unlabelled:
        lines.append("")
        lines.append("Diagnostics outside the labels (review them in reviewed.tsv):")
        lines.append("")
        for repo, d in unlabelled:
            verdict = reviewed.get((repo, d[1], d[2], d[0]))
            mark = f"{verdict[0]}: {verdict[1]}" if verdict else "UNREVIEWED"
            lines.append(f"- {d[0]} {repo} {d[1]}:{d[2]} [{mark}] {d[3]}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
