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


def auction_outcomes(folder):
    """The Black Thursday figures of one run folder (scripts/auction_outcomes.py's load)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("auction_outcomes_mod", os.path.join(HERE, "auction_outcomes.py"))
    src = open(os.path.join(HERE, "auction_outcomes.py")).read().split("\nrows = ")[0]
    scope = {}
    exec(compile(src, "auction_outcomes.py", "exec"), scope)
    return scope["load"](folder)


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
    print("== black-thursday-2020.toml (8 replications)")
    base = replications("Scenarios/black-thursday-2020.toml", os.path.join(tmp, "bt"))
    variants = [("as written", base),
                ("liquidators[0].max_fee_gwei=1000",
                 replications("Scenarios/black-thursday-2020.toml", os.path.join(tmp, "bt-fee"), ["liquidators[0].max_fee_gwei=1000"])),
                ("capital_usd 2e7 for classes 0 and 1",
                 replications("Scenarios/black-thursday-2020.toml", os.path.join(tmp, "bt-dai"),
                              ["liquidators[0].capital_usd=2e7", "liquidators[1].capital_usd=2e7"]))]
    for name, folders in variants:
        o = [auction_outcomes(f) for f in folders]
        print(f"  {name}: auctions {stat([x['auctions'] for x in o], '{:.0f}')}, debt to auction {money_stat([x['debt'] for x in o])} DAI, "
              f"zero-bid share {stat([100 * x['zero_share'] for x in o], '{:.1f}')}%, ETH for 0 DAI {money_stat([x['zero_eth_usd'] for x in o])} USD, "
              f"shortfall {money_stat([x['shortfall'] for x in o])} DAI")
    m = run_metrics(base)
    print(f"  runs.csv: realized_bad_debt {money_stat(column(m, 'realized_bad_debt'))}, bad_debt_net {money_stat(column(m, 'bad_debt_net'))}, "
          f"keeper profit {money_stat(column(m, 'liquidator_profit'))}, zero-bid auctions {stat(column(m, 'auction_zero_bids'), '{:.0f}')}, "
          f"reverted {stat(column(m, 'failed_liquidation_txs'), '{:.0f}')}, insurance_fund_end {money_stat(column(m, 'insurance_fund_end'))}, "
          f"unrealized {money_stat(column(m, 'unrealized_bad_debt'))}")

    print("== black-thursday-liq2.toml (8 replications)")
    m = run_metrics(replications("Scenarios/black-thursday-liq2.toml", os.path.join(tmp, "bt2")))
    print(f"  auctions {stat(column(m, 'liquidations'), '{:.0f}')}, zero-bid auctions {stat(column(m, 'auction_zero_bids'), '{:.0f}')}, "
          f"realized_bad_debt {money_stat(column(m, 'realized_bad_debt'))}, keeper_incentives {money_stat(column(m, 'keeper_incentives'))}, "
          f"insurance_fund_end (penalty income kept) {money_stat(column(m, 'insurance_fund_end'))}, keeper profit {money_stat(column(m, 'liquidator_profit'))}, "
          f"reverted {stat(column(m, 'failed_liquidation_txs'), '{:.0f}')}, resets {stat(column(m, 'auction_resets'), '{:.0f}')}, "
          f"unrealized {money_stat(column(m, 'unrealized_bad_debt'))}")
    for (point, label), runs in sweep("Scenarios/black-thursday-liq2.toml", os.path.join(tmp, "bt2-sweep")).items():
        print(f"  sweep {label}: realized_bad_debt {money_stat(column(runs, 'realized_bad_debt'))}, "
              f"keeper_incentives {money_stat(column(runs, 'keeper_incentives'))}, keeper profit {money_stat(column(runs, 'liquidator_profit'))}, "
              f"resets {stat(column(runs, 'auction_resets'), '{:.0f}')}")


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
