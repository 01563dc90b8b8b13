#!/usr/bin/env python3
"""Measures issue 14's keeper targets with a release build of `cascade`.

1. The shipped baseline at 8 seeds: liquidator profit per run (target: mean > 0, at least 6 of 8 runs >= 0).
2. The baseline with annual_volatility 0.2 and a -35% linear crash over 2 h starting at 6 h: the share of
   liquidations (rows of liquidations.csv) at or before 1 h after the crash's end (target: >= 90%).

Usage: scripts/keeper_targets.py [path/to/cascade] [extra --set arguments ...]
"""
import csv, os, subprocess, sys, tempfile

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/cascade"
extra = sys.argv[2:]
CRASH = ['--set', 'price.assets[0].annual_volatility=0.2',
         '--set', 'price.assets[0].moves=[{shape="linear", change=-0.35, start_seconds="6h", duration_seconds="2h"}]']

def run(seed, sets, out):
    subprocess.run([binary, "run", "Scenarios/baseline.toml", "--seed", str(seed), "--out", out] + sets + extra,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "runs.csv")) as f:
        row = next(csv.DictReader(f))
    with open(os.path.join(out, "liquidations.csv")) as f:
        times = [float(r["time_s"]) for r in csv.DictReader(f)]
    return row, times

with tempfile.TemporaryDirectory() as tmp:
    profits = []
    print("baseline: seed, liquidations, bad_debt, liquidator_profit, failed_txs")
    for seed in range(1, 9):
        row, _ = run(seed, [], os.path.join(tmp, f"b{seed}"))
        profits.append(float(row["liquidator_profit"]))
        print(f"  {seed}, {row['liquidations']}, {float(row['bad_debt']):.0f}, {profits[-1]:.0f}, {row['failed_liquidation_txs']}")
    nonneg = sum(p >= 0 for p in profits)
    print(f"baseline mean profit {sum(profits) / len(profits):.0f} USD, {nonneg}/8 runs >= 0")
    print("crash: seed, liquidations, share within 1 h of the crash's end, bad_debt, liquidator_profit")
    for seed in (7, 1234):
        row, times = run(seed, CRASH, os.path.join(tmp, f"c{seed}"))
        share = sum(t <= 9 * 3600 for t in times) / max(1, len(times))
        print(f"  {seed}, {len(times)}, {share:.3f}, {float(row['bad_debt']):.0f}, {float(row['liquidator_profit']):.0f}")
