#!/usr/bin/env python3
"""Writes the small, made-up Cascade result folders the plotting tests use.

    python3 Tests/Fixtures/plots/make_fixtures.py [OUT_DIR]     (default: this script's folder)

Standard library only and deterministic (one fixed seed, numbers rounded before they are written), so
running it again gives the same bytes. The numbers are invented but shaped like real output: bad debt is
zero in calm replications and heavy-tailed in bad ones, replication r shares its market shock across
design points (common random numbers, as in SweepLayout), and one run per sweep failed.

Folders written:
  sweep_grid/   grid sweep, 2 parameters x 3 values = 9 points x 5 replications  (runs.csv, summary.csv)
  sweep_line/   grid sweep, 1 parameter, 6 points x 8 replications             (runs.csv, summary.csv)
  sweep_cases/  cases sweep, 3 cases x 10 replications                         (runs.csv, summary.csv)
  single_run/   one run, 2 assets, 193 time steps, 20 liquidations   (timeseries.csv, liquidations.csv,
                liquidators.csv)
  sweep_cases/liquidators.csv: 2 liquidator classes per run of the cases sweep (its own random stream, so
                the other files are the bytes they were before it was added)
  sweep_impact/ the cases sweep with the no-impact counterfactual's columns added to runs.csv
                (bad_debt_without_impact, amplification; its own random stream)
"""
import csv
import io
import math
import os
import random
import sys

SEED = 20241124
SCENARIO = "baseline"
ROOT_SEED = 42
METRICS = ["bad_debt", "bad_debt_net", "cascade_depth", "liquidated_debt", "toxic_liquidations",
           "max_drawdown", "liquidations"]
SUMMARY_METRICS = ["bad_debt", "bad_debt_net", "cascade_depth", "liquidated_debt", "toxic_liquidations",
                   "max_drawdown"]
STATISTICS = ["mean", "sd", "mean_ci95_low", "mean_ci95_high", "p50", "p95", "p99", "max"]


def number(x):
    """Spells a number the way Cascade's CSV.number does: integers bare, others shortest round-trip."""
    if isinstance(x, str):
        return x
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == round(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        w.writerow([number(v) for v in row])
    with open(path, "w", newline="") as f:
        f.write(buf.getvalue())


# --- statistics, matching what SweepSummary reports ----------------------------------------------

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093, 29: 2.045}


def quantile(sorted_v, p):
    """Linear interpolation between order statistics (gsl_stats_quantile_from_sorted_data)."""
    h = p * (len(sorted_v) - 1)
    i = int(math.floor(h))
    if i + 1 >= len(sorted_v):
        return sorted_v[-1]
    return sorted_v[i] + (h - i) * (sorted_v[i + 1] - sorted_v[i])


def sample_stats(v):
    n = len(v)
    s = sorted(v)
    mean = sum(v) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1)) if n > 1 else 0.0
    half = T975.get(n - 1, 1.96) * sd / math.sqrt(n) if n > 1 else 0.0
    return [mean, sd, mean - half, mean + half, quantile(s, 0.5), quantile(s, 0.95), quantile(s, 0.99), s[-1]]


def wilson(k, n):
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [p, max(0.0, centre - half), min(1.0, centre + half)]


def r(x, digits=2):
    return round(x, digits)


# --- sweeps -------------------------------------------------------------------------------------

def run_metrics(rng, shock, severity):
    """One run's metrics from the replication's market shock (shared) and the point's severity."""
    stress = shock * severity * math.exp(rng.gauss(0, 0.25))
    liquidations = int(stress * 40 + rng.randint(0, 6))
    liquidated = r(liquidations * 61_250 * math.exp(rng.gauss(0, 0.2)))
    bad = r(max(0.0, (stress - 0.55) * 2.4e6 * math.exp(rng.gauss(0, 0.3))))
    insurance = 250_000.0
    depth = 0 if liquidations == 0 else min(7, int(stress * 3.2 + rng.random()))
    toxic = min(liquidations, int(max(0.0, stress - 0.4) * 12 * rng.random()))
    drawdown = r(min(0.95, 0.08 + 0.22 * shock + rng.gauss(0, 0.01)), 4)
    return [bad, r(bad - insurance), depth, liquidated, toxic, drawdown, liquidations]


def sweep(folder, points, replications, rng, fail=None):
    """points: list of (case, {key: value}, severity)."""
    keys = []
    for _, assign, _ in points:
        for k in assign:
            if k not in keys:
                keys.append(k)
    shocks = [math.exp(rng.gauss(0, 0.45)) for _ in range(replications)]  # common random numbers
    runs_header = ["run_id", "scenario", "point", "case"] + keys + ["replication", "seed", "status"] + METRICS + ["message"]
    runs, summary = [], []
    for p, (case, assign, severity) in enumerate(points):
        params = [assign.get(k, "") for k in keys]
        ok = []
        for rep in range(replications):
            run_id = p * replications + rep
            m = run_metrics(rng, shocks[rep], severity)
            if fail is not None and fail[0] == run_id:
                runs.append([run_id, SCENARIO, p, case] + params + [rep, ROOT_SEED, "failed"] + [""] * len(METRICS) + [fail[1]])
            else:
                runs.append([run_id, SCENARIO, p, case] + params + [rep, ROOT_SEED, "ok"] + m + [""])
                ok.append(m)
        row = [p, case] + params + [replications, replications - len(ok)]
        for m in SUMMARY_METRICS:
            row += [r(x, 6) for x in sample_stats([v[METRICS.index(m)] for v in ok])]
        bad = [v[0] for v in ok]
        row += [r(x, 6) for x in wilson(sum(1 for b in bad if b > 0), len(bad))]
        net = sorted(v[1] for v in ok)
        var95 = quantile(net, 0.95)
        tail = [x for x in net if x >= var95]
        row += [r(var95, 6), r(sum(tail) / len(tail), 6)]
        summary.append(row)
    summary_header = ["point", "case"] + keys + ["runs", "failed_runs"]
    for m in SUMMARY_METRICS:
        summary_header += [f"{m}_{s}" for s in STATISTICS]
    summary_header += ["p_bad_debt_positive", "p_bad_debt_positive_ci95_low", "p_bad_debt_positive_ci95_high",
                       "var95_bad_debt_net", "cvar95_bad_debt_net"]
    os.makedirs(folder, exist_ok=True)
    write_csv(os.path.join(folder, "runs.csv"), runs_header, runs)
    write_csv(os.path.join(folder, "summary.csv"), summary_header, summary)


def grid_sweep(out, rng):
    points = []
    for heartbeat in [60, 600, 3600]:
        for bonus in [0.05, 0.075, 0.1]:
            severity = 0.55 + 0.17 * math.log10(heartbeat / 60) * 1.6 - 1.5 * (bonus - 0.05)
            points.append(("", {"oracle.heartbeat": heartbeat,
                                "protocol.collateral[0].liquidation_bonus": bonus}, severity))
    sweep(os.path.join(out, "sweep_grid"), points, 5, rng,
          fail=(31, "AMM invariant broken: k fell from 1.8e+12 to 1.79e+12, after swap 1204"))


def line_sweep(out, rng):
    points = [("", {"protocol.collateral[0].liquidation_threshold": lt}, 0.35 + 3.2 * (lt - 0.75))
              for lt in [0.75, 0.78, 0.8, 0.82, 0.85, 0.88]]
    sweep(os.path.join(out, "sweep_line"), points, 8, rng)


def cases_sweep(out, rng):
    points = [("chainlink_1h", {"oracle.kind": "chainlink", "oracle.heartbeat": 3600}, 0.95),
              ("pyth_push", {"oracle.kind": "pyth", "oracle.heartbeat": 1}, 0.6),
              ("amm_twap_30m", {"oracle.kind": "twap", "oracle.twap_window": 1800}, 1.15)]
    sweep(os.path.join(out, "sweep_cases"), points, 10, rng,
          fail=(17, 'non-finite price "nan" from oracle, at t = 41220 s'))


# --- single run ---------------------------------------------------------------------------------

def single_run(out, rng):
    folder = os.path.join(out, "single_run")
    os.makedirs(folder, exist_ok=True)
    assets = {"ETH": 3200.0, "WBTC": 64000.0}
    dt, steps = 900, 193  # 48 h every 15 min
    ref = {a: [] for a in assets}
    for a, p0 in assets.items():
        p = p0
        for i in range(steps):
            t_h = i * dt / 3600
            # calm drift, then a crash between hours 18 and 24 (ETH harder), partial recovery afterwards
            crash = -0.035 if 18 <= t_h < 24 else (0.006 if t_h >= 30 else 0.0)
            crash *= 1.0 if a == "ETH" else 0.55
            p *= math.exp(crash + rng.gauss(0, 0.006))
            ref[a].append(p)
    oracle = {a: [] for a in assets}
    for a in assets:
        last, last_t = ref[a][0], 0
        for i in range(steps):
            if abs(ref[a][i] / last - 1) > 0.02 or (i - last_t) * dt >= 3600:
                last, last_t = ref[a][i], i
            oracle[a].append(last)
    amm = {a: [] for a in assets}
    for a in assets:
        for i in range(steps):
            t_h = i * dt / 3600
            selling = 0.03 if 19 <= t_h < 26 else 0.0  # liquidators dumping collateral into the pool
            amm[a].append(ref[a][i] * (1 - selling * (1 if a == "ETH" else 0.5) + rng.gauss(0, 0.002)))

    liqs = []
    times = sorted(rng.sample(range(int(18.5 * 3600 / dt), int(27 * 3600 / dt)), 20))
    for n, i in enumerate(times):
        a = "ETH" if rng.random() < 0.75 else "WBTC"
        t = i * dt + rng.randint(1, dt - 1)
        price = oracle[a][i]
        debt = r(rng.uniform(20_000, 400_000))
        generation = min(3, int((i * dt / 3600 - 18.5) / 2.2))
        hf_after = r(rng.uniform(0.85, 1.15), 4)
        liqs.append([t, 1000 + rng.randint(0, 800), "fixed_spread" if rng.random() < 0.8 else "dutch_auction",
                     a, debt, r(debt * 1.05 / price, 6), r(price, 4), f"liquidator_{rng.randint(0, 4)}",
                     generation, r(rng.uniform(0.82, 0.999), 4), hf_after, "true" if hf_after < 1 else "false",
                     r(rng.uniform(4, 60), 2)])
    liqs.sort(key=lambda x: x[0])
    write_csv(os.path.join(folder, "liquidations.csv"),
              ["time_s", "position", "mechanism", "asset", "debt_repaid", "collateral_seized", "price",
               "liquidator", "generation", "hf_before", "hf_after", "toxic", "gas_paid_usd"], liqs)

    header = ["time_s"]
    for a in assets:
        header += [f"reference_price_{a}", f"oracle_price_{a}", f"amm_price_{a}"]
    header += ["total_debt", "collateral_value", "bad_debt", "liquidations", "insurance_fund", "base_fee_gwei",
               "mempool_size"]
    rows, bad, insurance, k = [], 0.0, 150_000.0, 0
    debt = 42_000_000.0
    for i in range(steps):
        t = i * dt
        while k < len(liqs) and liqs[k][0] <= t:
            debt -= liqs[k][4]
            if liqs[k][11] == "true":
                loss = liqs[k][4] * rng.uniform(0.1, 0.5)
                covered = min(insurance, loss)
                insurance -= covered
                bad += loss - covered
            k += 1
        collateral = sum(ref[a][i] / assets[a] * (30e6 if a == "ETH" else 28e6) for a in assets)
        fee = 18 + (180 if 19 <= t / 3600 < 25 else 0) * math.exp(rng.gauss(0, 0.3))
        row = [t]
        for a in assets:
            row += [r(ref[a][i], 4), r(oracle[a][i], 4), r(amm[a][i], 4)]
        row += [r(debt), r(collateral), r(bad), k, r(insurance), r(fee, 3), int(fee * 3 + rng.randint(0, 40))]
        rows.append(row)
    write_csv(os.path.join(folder, "timeseries.csv"), header, rows)


LIQUIDATOR_COLUMNS = ["class", "bots", "profit_usd", "bonus_usd", "slippage_usd", "flash_fees_usd", "incentives_usd",
                      "revaluation_usd", "gas_succeeded_usd", "gas_failed_usd", "builder_payments_usd"]


def liquidator_rows(rng, scale):
    """Two classes' P&L components (a profitable MEV bot and a keeper that loses on gas), profit = their sum."""
    rows = []
    for name, bots, gain in (("mev-bot", 5, 1.0), ("keeper", 2, 0.15)):
        bonus = r(scale * gain * rng.uniform(0.6, 1.4))
        slippage = r(bonus * rng.uniform(0.2, 0.4))
        flash = r(bonus * 0.01) if name == "mev-bot" else 0
        incentives = 0 if name == "mev-bot" else r(scale * 0.05)
        gas_ok = r(scale * 0.08 * rng.uniform(0.5, 1.5))
        gas_failed = 0 if name == "mev-bot" else r(scale * 0.3 * rng.uniform(0.5, 1.5))
        builder = r(bonus * 0.25) if name == "mev-bot" else 0
        profit = r(bonus - slippage - flash + incentives - gas_ok - gas_failed - builder)
        rows.append([name, bots, profit, bonus, slippage, flash, incentives, 0, gas_ok, gas_failed, builder])
    return rows


def liquidators(out):
    rng = random.Random(SEED + 1)
    write_csv(os.path.join(out, "single_run", "liquidators.csv"), LIQUIDATOR_COLUMNS, liquidator_rows(rng, 200_000))
    rows = []
    for point, case in enumerate(["chainlink_1h", "pyth_push", "amm_twap_30m"]):
        for rep in range(10):
            if point * 10 + rep == 17:
                continue  # the failed run has no detail rows
            for row in liquidator_rows(rng, 100_000 * (1 + point)):
                rows.append([point * 10 + rep, point, case, rep] + row)
    write_csv(os.path.join(out, "sweep_cases", "liquidators.csv"), ["run_id", "point", "case", "replication"] + LIQUIDATOR_COLUMNS, rows)


def impact(out):
    """sweep_impact/: sweep_cases with the counterfactual columns, bad debt without impact a share of each run's."""
    rng = random.Random(SEED + 2)
    folder = os.path.join(out, "sweep_impact")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(out, "sweep_cases", "runs.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    at = header.index("message")
    bad = header.index("bad_debt")
    new = [header[:at] + ["bad_debt_without_impact", "amplification"] + header[at:]]
    for row in rows[1:]:
        if row[bad] == "":
            extra = ["", ""]
        else:
            extra = [number(r(float(row[bad]) * rng.uniform(0.2, 0.9))), number(r(rng.uniform(1.0, 1.3), 4))]
        new.append(row[:at] + extra + row[at:])
    write_csv(os.path.join(folder, "runs.csv"), new[0], new[1:])
    with open(os.path.join(out, "sweep_cases", "summary.csv"), "rb") as f:
        data = f.read()
    with open(os.path.join(folder, "summary.csv"), "wb") as f:
        f.write(data)


def main(argv):
    out = argv[0] if argv else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    grid_sweep(out, rng)
    line_sweep(out, rng)
    cases_sweep(out, rng)
    single_run(out, rng)
    liquidators(out)
    impact(out)
    for name in ["sweep_grid", "sweep_line", "sweep_cases", "single_run"]:
        print(os.path.join(out, name))


if __name__ == "__main__":
    main(sys.argv[1:])
