#!/usr/bin/env python3
"""Writes Scenarios/bench/data/positions_20k.csv, the snapshot of Scenarios/bench/replay-20k.toml (issue 17).

20,000 single-collateral ETH positions at the replay's first close (202.23 USD, Coinbase ETH-USD hourly bar of
2020-03-11 00:00 UTC, Scenarios/data/eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv) and Aave v3's WETH
liquidation threshold 0.825: debt lognormal (zeta 8.5, sigma 1.5, USD, as scale-1m.toml's population), health
factor 1 + Pareto (shape 3, scale 0.05), drawn with Python's Mersenne Twister at seed 17, so the file is
the same on every machine. Only the standard library: `python3 scripts/bench/make_replay_positions.py`.
"""
import math
import random
from pathlib import Path

PRICE = 202.23
THRESHOLD = 0.825
rng = random.Random(17)
out = Path(__file__).resolve().parents[2] / "Scenarios" / "bench" / "data" / "positions_20k.csv"
lines = [
    "# Synthetic snapshot for Scenarios/bench/replay-20k.toml, written by scripts/bench/make_replay_positions.py",
    "# (seed 17): 20,000 ETH positions, debt lognormal(8.5, 1.5) USD, HF = 1 + Pareto(shape 3, scale 0.05)",
    "# at ETH 202.23 USD and liquidation threshold 0.825.",
    "ETH,debt",
]
for _ in range(20_000):
    debt = math.exp(rng.gauss(8.5, 1.5))
    hf = 1.0 + 0.05 * rng.paretovariate(3.0)
    collateral = debt * hf / (PRICE * THRESHOLD)
    lines.append(f"{collateral!r},{debt!r}")
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out} ({len(lines) - 4} positions)")
