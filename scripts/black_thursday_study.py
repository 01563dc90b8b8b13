#!/usr/bin/env python3
"""Black Thursday under flip (Liquidations 1.2) and clip (2.0), 32 replications each: the figures that
docs/MODEL.md sets beside the published ones (REFERENCES.md: 36% of liquidations at zero bids, 8.32M USD of
ETH sold for 0 DAI, a 5.67M DAI shortfall).

Per replication (runs.csv of `cascade run --replication k`):
  auctions            `liquidations` (flip: bites, at most `lump` each; clip: barks)
  zero-bid by count   auction_zero_bids / liquidations
  zero-bid by volume  zero_bid_debt / liquidated_debt
  ETH sold for 0      zero_bid_collateral_value (USD at the reference price of each deal)
  shortfall           bad_debt (gross: auction principal not recovered)

Usage: scripts/black_thursday_study.py [path/to/cascade] [replications] [--flip-only] [extra --set arguments ...]
(--flip-only: the flip file alone, for keys only it has, such as protocol.liquidation.lump)
"""
import csv, os, statistics, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/cascade"
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 32
extra = sys.argv[3:]
flip_only = "--flip-only" in extra
extra = [a for a in extra if a != "--flip-only"]

def run(scenario, k, tmp):
    out = os.path.join(tmp, f"{os.path.basename(scenario)}-{k}")
    subprocess.run([binary, "run", scenario, "--replication", str(k), "--out", out] + extra,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return next(csv.DictReader(open(os.path.join(out, "runs.csv"))))

def summary(name, values, scale=1, unit=""):
    v = [x * scale for x in values]
    q = statistics.quantiles(v, n=20) if len(v) > 1 else [v[0]] * 19
    print(f"  {name:<22} mean {statistics.mean(v):8.2f}{unit}  median {statistics.median(v):8.2f}{unit}"
          f"  5–95% {q[0]:8.2f}–{q[-1]:.2f}{unit}  range {min(v):.2f}–{max(v):.2f}{unit}")

with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    scenarios = ["Scenarios/black-thursday-2020.toml"] + ([] if flip_only else ["Scenarios/black-thursday-liq2.toml"])
    for scenario in scenarios:
        rows = list(pool.map(lambda k: run(scenario, k, tmp), range(reps)))
        f = lambda key: [float(r[key]) for r in rows]
        auctions = f("liquidations")
        print(f"{scenario}: {reps} replications")
        summary("auctions", auctions)
        summary("zero-bid by count", [z / max(1, a) for z, a in zip(f("auction_zero_bids"), auctions)], 100, "%")
        summary("zero-bid by volume", [z / max(1e-9, d) for z, d in zip(f("zero_bid_debt"), f("liquidated_debt"))], 100, "%")
        summary("ETH sold for 0", f("zero_bid_collateral_value"), 1e-6, "M")
        summary("shortfall (gross)", f("bad_debt"), 1e-6, "M")
        summary("shortfall (net)", f("bad_debt_net"), 1e-6, "M")
        summary("liquidated debt", f("liquidated_debt"), 1e-6, "M")
        summary("keeper incentives", f("keeper_incentives"), 1e-6, "M")
        summary("protocol net loss", f("protocol_net_loss"), 1e-6, "M")
        summary("fund at the end", f("insurance_fund_end"), 1e-6, "M")
        summary("keeper profit", f("liquidator_profit"), 1e-6, "M")
        summary("reverted keeper txs", f("failed_liquidation_txs"))
        summary("auction resets", f("auction_resets"))
