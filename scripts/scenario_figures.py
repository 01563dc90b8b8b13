#!/usr/bin/env python3
"""Re-measures every figure quoted in Scenarios/README.md ("Scenario library") and docs/MODEL.md ("Scenario
studies") with a release build, and prints them as mean [min–max] over the runs (P(> 0) where quoted).

    python3 scripts/scenario_figures.py [path/to/cascade]      # about 5 minutes on 2 cores

Run it after any change that moves results and copy the figures into the two documents.
"""
import csv, os, subprocess, sys, tempfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/cascade"


def cascade(*args):
    subprocess.run([BINARY, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def stat(values, fmt="{:.3g}"):
    values = list(values)
    if not values:
        return "–"
    mean = sum(values) / len(values)
    return f"{fmt.format(mean)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def money(x):
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.3g}M"
    if a >= 1e3:
        return f"{x / 1e3:.3g}k"
    return f"{x:.3g}"


def money_stat(values):
    values = list(values)
    mean = sum(values) / len(values)
    return f"{money(mean)} [{money(min(values))}–{money(max(values))}]"


def replications(scenario, out, sets=(), n=8):
    folders = []
    for r in range(n):
        folder = os.path.join(out, f"r{r}")
        args = ["run", scenario, "--replication", str(r), "--out", folder]
        for s in sets:
            args += ["--set", s]
        cascade(*args)
        folders.append(folder)
    return folders


def run_metrics(folders):
    return [rows(os.path.join(f, "runs.csv"))[0] for f in folders]


def column(runs, key):
    return [float(r[key]) for r in runs]


def by_point(runs):
    groups = OrderedDict()
    for r in runs:
        label = r["case"] or ",".join(f"{k}={r[k]}" for k in r if k not in IDENTITY and k not in METRICS)
        groups.setdefault((int(r["point"]), label), []).append(r)
    return groups


IDENTITY = {"run_id", "scenario", "point", "case", "replication", "seed", "status", "message"}
METRICS = set()


def sweep(scenario, out):
    cascade("sweep", scenario, "-j", "2", "--out", out)
    runs = rows(os.path.join(out, "runs.csv"))
    global METRICS
    header = list(runs[0].keys())
    METRICS = set(header[header.index("status") + 1:])
    return by_point(runs)


def print_black_thursday(tmp):
    """Both Black Thursday files at 32 replications, as written and with one channel lifted at a time
    (scripts/black_thursday_study.py), and the Liquidations 2.0 sweep (Gauntlet vs dss defaults)."""
    study = os.path.join(HERE, "black_thursday_study.py")
    both_keepers = lambda key, value: ["--set", f"liquidators[0].{key}={value}", "--set", f"liquidators[1].{key}={value}"]
    for label, sets in [("as written", []),
                        ("keepers never priced out", both_keepers("max_fee_gwei", 5000)),
                        ("keepers with ample DAI", both_keepers("capital_usd", "1e9")),
                        ("both", both_keepers("max_fee_gwei", 5000) + both_keepers("capital_usd", "1e9")),
                        ("no lump", ["--flip-only", "--set", "protocol.liquidation.lump=1e12"]),
                        ("debt at DAI's market price", ["--flip-only", "--set", "protocol.debt_valuation=market"]),
                        ("free OSM pokes", ["--flip-only", "--set", "oracles[0].pokes=free", "--set", "oracles[0].delay_seconds=1h"]),
                        ("oracle transactions capped at 60 gwei", ["--flip-only", "--set", "oracles[0].median_max_fee_gwei=60",
                                                                   "--set", "oracles[0].round_max_fee_gwei=60"]),
                        ("no nonce order", ["--flip-only", "--set", "network.nonce_order=false"])]:
        print(f"== Black Thursday, {label} (32 replications)")
        sys.stdout.flush()
        subprocess.run([sys.executable, study, BINARY, "32", *sets], check=True)
    for (point, label), runs in sweep("Scenarios/black-thursday-liq2.toml", os.path.join(tmp, "bt2-sweep")).items():
        print(f"  liq2 sweep {label}: bad_debt {money_stat(column(runs, 'bad_debt'))}, "
              f"keeper_incentives {money_stat(column(runs, 'keeper_incentives'))}, keeper profit {money_stat(column(runs, 'liquidator_profit'))}, "
              f"resets {stat(column(runs, 'auction_resets'), '{:.0f}')}, insurance_fund_end {money_stat(column(runs, 'insurance_fund_end'))}")


def print_sweep(name, scenario, tmp, extra=()):
    print(f"== {name}")
    for (point, label), runs in sweep(scenario, os.path.join(tmp, name)).items():
        bad = column(runs, "bad_debt")
        line = (f"  {label} ({len(runs)} runs): bad_debt {money_stat(bad)}, P(>0) {sum(b > 0 for b in bad) / len(bad):.2f}, "
                f"liquidations {stat(column(runs, 'liquidations'), '{:.0f}')}, liquidated {money_stat(column(runs, 'liquidated_debt'))}, "
                f"toxic {stat(column(runs, 'toxic_liquidations'), '{:.0f}')}, depth {stat(column(runs, 'cascade_depth'), '{:.3g}')}, "
                f"induced {stat(column(runs, 'induced_liquidated_debt'), '{:.2f}')}, drawdown {stat(column(runs, 'max_drawdown'), '{:.2f}')}, "
                f"min_amm_price {stat(column(runs, 'min_amm_price'), '{:.3g}')}, profit {money_stat(column(runs, 'liquidator_profit'))}")
        for threshold in extra:
            line += f", P(bad_debt > {money(threshold)}) {sum(b > threshold for b in bad) / len(bad):.3f}"
        if extra:
            ordered = sorted(bad)
            line += f", p95 {money(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))])}"
        print(line)


with tempfile.TemporaryDirectory() as tmp:
    print_black_thursday(tmp)
    print_sweep("toxic-spiral.toml", "Scenarios/toxic-spiral.toml", tmp)
    print_sweep("may-2021.toml", "Scenarios/may-2021.toml", tmp)
    print_sweep("ftx-2022.toml", "Scenarios/ftx-2022.toml", tmp)
    print_sweep("amm-oracle-cascade.toml", "Scenarios/amm-oracle-cascade.toml", tmp)
    # "of debt": ~130M USD in this scenario, so 0.1% = 130k and 1% = 1.3M.
    print_sweep("compound-2020-gauntlet.toml", "Scenarios/compound-2020-gauntlet.toml", tmp, extra=(130e3, 1.3e6))
