#!/usr/bin/env python3
"""Turns Cascade result folders into report-ready PNG figures.

    python scripts/plots/plot_results.py RESULT_DIR [RESULT_DIR ...] [--out DIR]

A sweep folder (summary.csv + runs.csv) gives
    heatmap_bad_debt.png  mean and p95 bad debt over a 2-parameter grid, or mean with its 95% CI and p95
                          against the one parameter of a 1-parameter sweep (not drawn for cases sweeps)
    cascade_depth.png     counts of cascade_depth over all ok runs, per design point when there are <= 6
    cases_bad_debt.png    bad debt per case (box, individual runs, mean), for cases sweeps
    impact_bad_debt.png   per point, bad debt without market impact and what the impact added, with the
                          amplification of liquidated debt (when [metrics] counterfactual_without_impact ran)
    liquidator_pnl.png    each liquidator class's profit and where it comes from (bonus, slippage, fees,
                          incentives, gas, builder payments), mean over each point's runs (liquidators.csv)
A single-run folder (timeseries.csv, optionally liquidations.csv and liquidators.csv) gives
    run_prices.png        reference/oracle/AMM prices per asset with liquidations marked, and bad debt and
                          liquidations over time
    liquidator_pnl.png    as above, for the one run
    loan_bands.png        under soft liquidation (bands.csv): one loan's bands over time, each band's share
                          still in collateral, with the AMM's oracle and active band
A `cascade paths` folder (paths.csv) gives
    paths_fan.png         per asset: the median path, 50% and 90% bands over replications, a few paths

Axes show parameter values compactly (250M, 1.5k), legends sit beside the data, not on it.

Figures go into --out (one subfolder per result folder when several are given) or else into the result
folder itself. The paths written are printed on stdout; notes on skipped figures go to stderr. Exits 1 with
a message naming the file when a CSV lacks a required column or a folder holds no known results.
"""
import argparse
import csv
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

DPI = 150
MAX_POINTS_SEPARATE = 6  # cascade_depth: one bar series per design point up to this many points
STYLE = {
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9.5,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "figure.titlesize": 13,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class PlotError(Exception):
    """A problem with the input that stops plotting; the message names the file."""


# --- reading -------------------------------------------------------------------------------------

class Table:
    """A CSV file as named columns of strings (header row, RFC 4180 quoting)."""

    def __init__(self, path):
        self.path = path
        try:
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
        except OSError as e:
            raise PlotError(f"{path}: cannot be read: {e.strerror}")
        except (UnicodeDecodeError, csv.Error) as e:
            raise PlotError(f"{path}: is not a readable CSV file: {e}")
        if not rows:
            raise PlotError(f"{path}: is empty, expected a header row")
        self.header = rows[0]
        body = [r for r in rows[1:] if r]
        for i, r in enumerate(body):
            if len(r) != len(self.header):
                raise PlotError(f"{path}: line {i + 2} has {len(r)} fields, the header has {len(self.header)}")
        self.rows = body
        self.index = {name: i for i, name in enumerate(self.header)}

    def __len__(self):
        return len(self.rows)

    def require(self, *columns):
        missing = [c for c in columns if c not in self.index]
        if missing:
            raise PlotError(f"{self.path}: missing required column(s) {', '.join(missing)}")

    def text(self, column):
        i = self.index[column]
        return [r[i] for r in self.rows]

    def numbers(self, column):
        """The column as floats; empty cells become nan. Understands `inf`, `-inf`, `nan`, `1e-05`."""
        out = []
        for line, cell in enumerate(self.text(column)):
            if cell == "":
                out.append(math.nan)
                continue
            try:
                out.append(float(cell))
            except ValueError:
                raise PlotError(f"{self.path}: line {line + 2}, column {column}: {cell!r} is not a number")
        return np.array(out, dtype=float)


def parameter_columns(table, before):
    """The swept key paths: the columns between `case` and `before` (`replication` or `runs`), without the
    `<key>_text` column Cascade writes beside a duration key (its seconds are in `<key>`)."""
    table.require("case", before)
    lo, hi = table.index["case"], table.index[before]
    if hi < lo:
        raise PlotError(f"{table.path}: column {before} comes before case, expected parameters between them")
    columns = table.header[lo + 1:hi]
    return [c for c in columns if not (c.endswith("_text") and c[:-len("_text")] in columns)]


def level_texts(table, key):
    """How a parameter's values are shown: the duration text ("10m") when Cascade wrote one, else the
    value itself, compact when it is a large number (250000000 -> 250M)."""
    if key + "_text" in table.index:
        return table.text(key + "_text")
    return [compact(t) for t in table.text(key)]


def compact(text):
    """250000000 -> "250M", 1500 -> "1.5k"; other text unchanged."""
    try:
        x = float(text)
    except ValueError:
        return text
    if not math.isfinite(x) or abs(x) < 1e4:
        return text
    return usd(x).replace("$", "")


_DURATION = re.compile(r"^(\d+(\.\d+)?(ms|s|m|h|d|w))+$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parameter_value(text):
    """A sort/position key for a parameter cell: the number, a duration ("15m", "1h30m") in seconds,
    or None for other text (booleans, names)."""
    try:
        return float(text)
    except ValueError:
        pass
    if _DURATION.match(text.strip()):
        return sum(float(n) * _UNIT_SECONDS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)", text))
    return None


def is_duration(texts):
    return any(parameter_value(t) is not None and _DURATION.match(t.strip()) for t in texts)


def ordered_levels(texts):
    """Distinct cell values, numerically when all are numbers or durations, else in order of appearance."""
    levels = list(dict.fromkeys(texts))
    keys = [parameter_value(t) for t in levels]
    if all(k is not None for k in keys):
        levels = [t for _, t in sorted(zip(keys, levels))]
    return levels


def ordered_by(labels, raw):
    """Distinct labels, ordered as `ordered_levels` orders their raw cells."""
    first = dict(zip(raw, labels))
    return [first[r] for r in ordered_levels(raw)]


def short_keys(keys):
    """Shortest distinct dotted suffix of each key path, for legends ("protocol.x.bonus" -> "bonus")."""
    parts = [k.split(".") for k in keys]
    out = []
    for p in parts:
        n = 1
        while n < len(p) and sum(1 for q in parts if q[-n:] == p[-n:]) > 1:
            n += 1
        out.append(".".join(p[-n:]))
    return out


# --- formatting ----------------------------------------------------------------------------------

def usd(x, _pos=None):
    """Compact dollar amount: $950, $12.3k, $1.25M, $2.1B."""
    if not math.isfinite(x):
        return "n/a"
    sign = "-" if x < 0 else ""
    a = abs(x)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= size:
            v = a / size
            digits = 2 if v < 10 else 1 if v < 100 else 0
            text = f"{v:.{digits}f}"
            if "." in text:  # $1.50M -> $1.5M, $2.00M -> $2M; never touch integer zeros ($20k)
                text = text.rstrip("0").rstrip(".")
            return f"{sign}${text}{suffix}"
    return f"{sign}${a:.0f}"


USD = FuncFormatter(usd)


def save(fig, folder, name, written):
    path = os.path.join(folder, name)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    written.append(path)


def note(folder, text):
    print(f"{folder}: {text}", file=sys.stderr)


# --- sweeps --------------------------------------------------------------------------------------

class Sweep:
    def __init__(self, folder):
        self.folder = folder
        self.name = os.path.basename(os.path.normpath(folder))
        self.summary = Table(os.path.join(folder, "summary.csv"))
        self.runs = Table(os.path.join(folder, "runs.csv"))
        self.summary.require("point", "case", "runs", "failed_runs")
        self.runs.require("run_id", "point", "case", "replication", "status")
        self.params = parameter_columns(self.summary, "runs")
        run_params = parameter_columns(self.runs, "replication")
        if run_params != self.params:
            raise PlotError(f"{self.runs.path}: parameter columns {run_params} differ from those of "
                            f"{self.summary.path} ({self.params})")
        self.points = [int(p) for p in self.summary.numbers("point")]
        self.cases = self.summary.text("case")
        self.is_cases = any(c != "" for c in self.cases)
        self.failed = int(np.nansum(self.summary.numbers("failed_runs")))
        self.runs_per_point = self.summary.numbers("runs")

    def point_labels(self):
        """One short label per design point: the case name, else `key=value, ...`."""
        if self.is_cases:
            return [c if c else f"point {p}" for p, c in zip(self.points, self.cases)]
        if not self.params:
            return [f"point {p}" for p in self.points]
        shorts = short_keys(self.params)
        columns = [level_texts(self.summary, k) for k in self.params]
        return [", ".join(f"{s}={col[i]}" for s, col in zip(shorts, columns)) for i in range(len(self.points))]

    def failed_note(self):
        return f"; {self.failed} failed run{'s' if self.failed != 1 else ''} excluded" if self.failed else ""

    def replications_note(self):
        n = self.runs_per_point
        if len(n) and np.all(n == n[0]):
            return f"{int(n[0])} runs per point"
        return f"{int(np.nanmin(n))}-{int(np.nanmax(n))} runs per point"


def plot_sweep(sweep, out, written):
    if sweep.is_cases:
        note(sweep.folder, "cases sweep, heatmap_bad_debt.png not drawn (see cases_bad_debt.png)")
    elif len(sweep.params) == 2:
        plot_bad_debt_2d(sweep, out, written)
    elif len(sweep.params) == 1:
        plot_bad_debt_1d(sweep, out, written)
    else:
        note(sweep.folder, f"{len(sweep.params)} parameter columns, heatmap_bad_debt.png needs 1 or 2; not drawn")
    plot_cascade_depth(sweep, out, written)
    if sweep.is_cases:
        plot_cases_bad_debt(sweep, out, written)
    plot_impact(sweep, out, written)


def plot_impact(sweep, out, written):
    """With the no-impact counterfactual in runs.csv: per design point, mean bad debt without market impact
    and the part the impact added on top, with the amplification of liquidated debt written above."""
    r = sweep.runs
    if "bad_debt_without_impact" not in r.index:
        return
    points, with_impact = ok_runs(sweep, "bad_debt")
    _, without = ok_runs(sweep, "bad_debt_without_impact")
    _, amp = ok_runs(sweep, "amplification")
    if len(without) != len(with_impact) or not np.isfinite(without).any():
        return  # the counterfactual was off (nan)
    if len(sweep.points) > 16:
        note(sweep.folder, f"{len(sweep.points)} design points, impact_bad_debt.png needs at most 16; not drawn")
        return
    labels = sweep.point_labels()
    base = np.array([without[points == p].mean() if (points == p).any() else np.nan for p in sweep.points])
    total = np.array([with_impact[points == p].mean() if (points == p).any() else np.nan for p in sweep.points])
    ratio = np.array([amp[points == p].mean() if (points == p).any() else np.nan for p in sweep.points])
    x = np.arange(len(sweep.points))
    fig, ax = plt.subplots(figsize=(max(6.5, 1.2 * len(x) + 3), 5.4))
    ax.bar(x, base, width=0.6, color="#9fb8d6", label="bad debt without market impact")
    ax.bar(x, total - base, bottom=base, width=0.6, color="tab:red", label="added by the sales' impact")
    for i in x:
        if np.isfinite(total[i]):
            ax.text(i, max(total[i], base[i]), f"×{ratio[i]:.2f}", ha="center", va="bottom", fontsize=9)
    many = len(x) > 5
    ax.set_xticks(x, labels, rotation=30 if many else 0, ha="right" if many else "center")
    ax.yaxis.set_major_formatter(USD)
    ax.set_ylabel("bad debt, mean over runs (USD)")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_title(f"What the cascade adds — {sweep.name}\n(×: liquidated debt with impact ÷ without, on the same paths)")
    save(fig, out, "impact_bad_debt.png", written)


def plot_bad_debt_2d(sweep, out, written):
    s = sweep.summary
    s.require("bad_debt_mean", "bad_debt_p95")
    kx, ky = sweep.params
    xs, ys = level_texts(s, kx), level_texts(s, ky)
    xs_raw, ys_raw = s.text(kx), s.text(ky)
    xl, yl = ordered_by(xs, xs_raw), ordered_by(ys, ys_raw)
    stats = {"mean": s.numbers("bad_debt_mean"), "p95": s.numbers("bad_debt_p95")}
    is_grid = len(xl) * len(yl) == len(xs) and len(set(zip(xs, ys))) == len(xs)

    fig, axes = plt.subplots(1, 2, figsize=(13, 5.4))
    for ax, (stat, values) in zip(axes, stats.items()):
        title = "Mean bad debt" if stat == "mean" else "95th percentile of bad debt"
        if is_grid:
            grid = np.full((len(yl), len(xl)), np.nan)
            for x, y, v in zip(xs, ys, values):
                grid[yl.index(y), xl.index(x)] = v
            masked = np.ma.masked_invalid(grid)
            cmap = plt.get_cmap("viridis").copy()
            cmap.set_bad("#dddddd")
            im = ax.imshow(masked, origin="lower", aspect="auto", cmap=cmap)
            ax.set_xticks(range(len(xl)), xl)
            ax.set_yticks(range(len(yl)), yl)
            ax.grid(False)
            lo, hi = np.nanmin(grid), np.nanmax(grid)
            for (j, i), v in np.ndenumerate(grid):
                # dark text on the light (high) end of viridis, white on the dark end
                light = math.isfinite(v) and hi > lo and (v - lo) / (hi - lo) > 0.6
                ax.text(i, j, usd(v) if math.isfinite(v) else "no ok runs", ha="center", va="center",
                        fontsize=10.5 if len(xl) <= 6 else 8, color="black" if light else "white")
        else:
            # sampled designs (LHS, Sobol, Halton): points are scattered, not a grid, so no cells to fill
            px = [parameter_value(t) for t in xs_raw]
            py = [parameter_value(t) for t in ys_raw]
            if any(v is None for v in px + py):
                note(sweep.folder, "2 parameters that neither form a grid nor are numbers; heatmap_bad_debt.png not drawn")
                plt.close(fig)
                return
            im = ax.scatter(px, py, c=values, cmap="viridis", s=90, edgecolors="black", linewidths=0.4)
            title += " (design points)"
        cb = fig.colorbar(im, ax=ax, format=USD)
        cb.set_label(f"bad debt, {stat} over runs (USD)")
        if not is_grid:
            for axis, raw in ((ax.xaxis, xs_raw), (ax.yaxis, ys_raw)):
                if max(abs(v) for v in (parameter_value(t) for t in raw)) >= 1e4:
                    axis.set_major_formatter(FuncFormatter(lambda x, _: compact(repr(x))))
        ax.set_xlabel(kx + (" (s)" if not is_grid and (kx + "_text") in s.index else ""))
        ax.set_ylabel(ky + (" (s)" if not is_grid and (ky + "_text") in s.index else ""))
        ax.set_title(title)
    fig.suptitle(f"Bad debt across the sweep — {sweep.name} ({sweep.replications_note()}{sweep.failed_note()})")
    save(fig, out, "heatmap_bad_debt.png", written)


def plot_bad_debt_1d(sweep, out, written):
    s = sweep.summary
    s.require("bad_debt_mean", "bad_debt_mean_ci95_low", "bad_debt_mean_ci95_high", "bad_debt_p95")
    (key,) = sweep.params
    texts = s.text(key)
    positions = [parameter_value(t) for t in texts]
    categorical = any(p is None for p in positions)
    if categorical:
        levels = ordered_levels(texts)
        positions = [levels.index(t) for t in texts]
    elif max(abs(v) for v in positions) >= 1e4:
        levels = None
    order = np.argsort(positions, kind="stable")
    x = np.array(positions, dtype=float)[order]
    mean, lo, hi, p95 = (s.numbers(c)[order] for c in
                         ("bad_debt_mean", "bad_debt_mean_ci95_low", "bad_debt_mean_ci95_high", "bad_debt_p95"))

    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    ax.fill_between(x, lo, hi, color="tab:blue", alpha=0.2, linewidth=0, label="95% CI of the mean")
    ax.plot(x, mean, "o-", color="tab:blue", linewidth=2, label="mean")
    ax.plot(x, p95, "s--", color="tab:red", linewidth=1.6, label="95th percentile")
    if categorical:
        ax.set_xticks(range(len(levels)), [compact(t) for t in levels])
    elif (key + "_text") in s.index:
        ax.set_xticks(positions, level_texts(s, key))
    elif max(abs(v) for v in positions) >= 1e4:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: compact(repr(x))))
    ax.set_xlabel(key + (" (s)" if is_duration(texts) else ""))
    ax.set_ylabel("bad debt (USD)")
    ax.yaxis.set_major_formatter(USD)
    ax.set_ylim(bottom=min(0.0, float(np.nanmin(lo))) if np.isfinite(lo).any() else 0.0)
    ax.legend(loc="best")
    ax.set_title(f"Bad debt vs {short_keys([key])[0]} — {sweep.name}\n"
                 f"({sweep.replications_note()}{sweep.failed_note()})")
    save(fig, out, "heatmap_bad_debt.png", written)


def ok_runs(sweep, metric):
    """(point index of each ok run, metric values) for the ok runs of runs.csv."""
    r = sweep.runs
    r.require(metric)
    ok = np.array([st == "ok" for st in r.text("status")])
    points = r.numbers("point")[ok].astype(int)
    values = r.numbers(metric)[ok]
    keep = np.isfinite(values)
    if not keep.all():
        note(sweep.folder, f"{int((~keep).sum())} ok run(s) with a non-finite {metric} left out")
    return points[keep], values[keep]


def plot_cascade_depth(sweep, out, written):
    points, depth = ok_runs(sweep, "cascade_depth")
    if len(depth) == 0:
        note(sweep.folder, "no ok runs, cascade_depth.png not drawn")
        return
    if not np.all(depth == np.round(depth)):
        note(sweep.folder, "cascade_depth has non-integer values; rounded to the nearest integer")
    depth = np.round(depth).astype(int)
    if sweep.is_cases and len(sweep.points) > MAX_POINTS_SEPARATE:
        plot_cascade_depth_by_case(sweep, points, depth, out, written)
        return
    bins = np.arange(min(0, depth.min()), depth.max() + 1)  # from 0, so "no cascade" shows even when empty
    separate = len(sweep.points) <= MAX_POINTS_SEPARATE

    fig, ax = plt.subplots(figsize=(9 if separate else 7.5, 5.2))
    if separate:
        labels = sweep.point_labels()
        k = len(sweep.points)
        width = 0.8 / k
        if sweep.is_cases or len(sweep.params) != 1:
            colors = [plt.get_cmap("tab10")(j % 10) for j in range(k)]
        else:  # the points of a 1-parameter sweep are ordered: an ordered palette reads low -> high
            colors = [plt.get_cmap("viridis")(0.9 * j / max(1, k - 1)) for j in range(k)]
        for j, p in enumerate(sweep.points):
            counts = np.array([(depth[points == p] == b).sum() for b in bins])
            ax.bar(bins - 0.4 + width * (j + 0.5), counts, width=width * 0.95, color=colors[j],
                   label=f"{labels[j]} (n={int((points == p).sum())})")
        ax.legend(title="design point" if not sweep.is_cases else "case", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0)
        scope = "per design point" if not sweep.is_cases else "per case"
    else:
        counts = np.array([(depth == b).sum() for b in bins])
        bars = ax.bar(bins, counts, width=0.7, color="tab:blue")
        ax.bar_label(bars, fontsize=9, padding=2)
        scope = f"pooled over {len(sweep.points)} design points"
    ax.set_xticks(bins)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if bins.size > 12:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.set_xlabel("cascade depth (generations of liquidations)")
    ax.set_ylabel("runs (count)")
    ax.set_title(f"Cascade depth, {scope} — {sweep.name}\n({len(depth)} ok runs{sweep.failed_note()})")
    ax.grid(axis="x", visible=False)
    save(fig, out, "cascade_depth.png", written)


def plot_cascade_depth_by_case(sweep, points, depth, out, written):
    """Many cases: one row per case, each run a dot at its depth (jittered with a fixed seed), the mean a
    diamond; reads better than interleaved bars once there are more than a handful of cases."""
    labels = sweep.point_labels()
    fig, ax = plt.subplots(figsize=(9.5, 0.55 * len(sweep.points) + 1.8))
    rng = np.random.default_rng(0)
    for j, p in enumerate(sweep.points):
        d = depth[points == p]
        ax.scatter(d + rng.uniform(-0.15, 0.15, size=len(d)), np.full(len(d), j) + rng.uniform(-0.18, 0.18, size=len(d)),
                   s=22, color="tab:blue", alpha=0.7, edgecolors="black", linewidths=0.3, zorder=3)
        if len(d):
            ax.scatter([d.mean()], [j], marker="D", s=70, color="white", edgecolors="tab:red", linewidths=2, zorder=4)
    ax.set_yticks(range(len(sweep.points)), [f"{lab} (n={int((points == p).sum())})" for lab, p in zip(labels, sweep.points)])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("cascade depth (generations of liquidations)")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[
        Line2D([], [], marker="o", linestyle="", color="tab:blue", markeredgecolor="black", label="one run"),
        Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="tab:red", markeredgewidth=2, label="mean"),
    ], loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_title(f"Cascade depth per case — {sweep.name}\n({len(depth)} ok runs{sweep.failed_note()})")
    save(fig, out, "cascade_depth.png", written)


def plot_cases_bad_debt(sweep, out, written):
    points, bad = ok_runs(sweep, "bad_debt")
    labels = sweep.point_labels()
    groups = [bad[points == p] for p in sweep.points]
    if not any(len(g) for g in groups):
        note(sweep.folder, "no ok runs, cases_bad_debt.png not drawn")
        return
    failed = sweep.summary.numbers("failed_runs")

    fig, ax = plt.subplots(figsize=(max(6.5, (1.9 if len(groups) <= 5 else 1.2) * len(groups) + 2.5), 5.6))
    positions = np.arange(1, len(groups) + 1)
    drawn = [i for i, g in enumerate(groups) if len(g)]
    ax.boxplot([groups[i] for i in drawn], positions=positions[drawn], widths=0.5, showfliers=False,
               patch_artist=True, boxprops={"facecolor": "#cfe0f3", "edgecolor": "#34495e"},
               medianprops={"color": "#1f3a5f", "linewidth": 2}, whiskerprops={"color": "#34495e"},
               capprops={"color": "#34495e"})
    rng = np.random.default_rng(0)  # fixed jitter so the same data give the same figure
    for i, g in enumerate(groups):
        jitter = rng.uniform(-0.17, 0.17, size=len(g))
        ax.scatter(positions[i] + jitter, g, s=22, color="tab:orange", alpha=0.75, edgecolors="black",
                   linewidths=0.3, zorder=3)
        if len(g):
            ax.scatter([positions[i]], [g.mean()], marker="D", s=70, color="white", edgecolors="tab:red",
                       linewidths=2, zorder=4)
    ticks = []
    for i, lab in enumerate(labels):
        extra = f", {int(failed[i])} failed" if failed[i] > 0 else ""
        ticks.append(f"{lab}\n(n={len(groups[i])}{extra})")
    ax.set_xticks(positions, ticks, rotation=30 if len(groups) > 5 else 0, ha="right" if len(groups) > 5 else "center")
    ax.set_xlim(0.4, len(groups) + 0.6)
    ax.yaxis.set_major_formatter(USD)
    ax.set_ylabel("bad debt per run (USD)")
    ax.grid(axis="x", visible=False)
    ax.legend(handles=[
        Line2D([], [], marker="o", linestyle="", color="tab:orange", markeredgecolor="black", label="one run"),
        Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="tab:red", markeredgewidth=2,
               label="mean"),
        Line2D([], [], color="#1f3a5f", linewidth=2, label="median, box = quartiles, whiskers = 1.5 IQR"),
    ], loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_title(f"Bad debt by case — {sweep.name}")
    save(fig, out, "cases_bad_debt.png", written)


# --- liquidator P&L -------------------------------------------------------------------------------

PNL_PARTS = [  # (column, label, sign in the profit)
    ("bonus_usd", "bonus", 1), ("incentives_usd", "incentives", 1), ("revaluation_usd", "revaluation", 1),
    ("slippage_usd", "slippage", -1), ("flash_fees_usd", "flash-loan fees", -1),
    ("gas_succeeded_usd", "gas, succeeded", -1), ("gas_failed_usd", "gas, failed", -1),
    ("builder_payments_usd", "builder payments", -1),
]


def plot_liquidator_pnl(folder, out, written, labels=None):
    """Stacked bars of each liquidator class's P&L components (gains up, costs down) with its profit, one
    group per design point (mean over the point's runs) or the one run."""
    path = os.path.join(folder, "liquidators.csv")
    if not os.path.isfile(path):
        return
    t = Table(path)
    t.require("class", "profit_usd", *[c for c, _, _ in PNL_PARTS])
    if len(t) == 0:
        note(folder, "liquidators.csv has no rows, liquidator_pnl.png not drawn")
        return
    classes = list(dict.fromkeys(t.text("class")))
    points = [int(p) for p in t.numbers("point")] if "point" in t.index else [0] * len(t)
    point_ids = list(dict.fromkeys(points))
    names = t.text("class")
    groups = [(p, c) for p in point_ids for c in classes]

    def mean(column, p, c):
        v = [x for x, pp, cc in zip(t.numbers(column), points, names) if pp == p and cc == c]
        return float(np.mean(v)) if v else math.nan

    fig, ax = plt.subplots(figsize=(max(7.5, 0.9 * len(groups) + 4), 5.4))
    x = np.arange(len(groups))
    colors = plt.get_cmap("tab10")
    up = np.zeros(len(groups))
    down = np.zeros(len(groups))
    for k, (column, label, sign) in enumerate(PNL_PARTS):
        v = np.array([sign * mean(column, p, c) for p, c in groups])
        v = np.nan_to_num(v)
        if not np.any(v):
            continue
        pos, neg = np.where(v > 0, v, 0), np.where(v < 0, v, 0)
        ax.bar(x, pos, bottom=up, color=colors(k), width=0.6, label=label)
        ax.bar(x, neg, bottom=down, color=colors(k), width=0.6)
        up, down = up + pos, down + neg
    profit = np.array([mean("profit_usd", p, c) for p, c in groups])
    ax.scatter(x, profit, marker="D", s=60, color="white", edgecolors="black", linewidths=1.6, zorder=4, label="profit")
    ax.axhline(0, color="black", linewidth=0.8)
    if labels is not None:
        group_labels = [f"{labels[p]}\n{c}" if len(classes) > 1 else labels[p] for p, c in groups]
    else:
        group_labels = classes
    many = len(groups) > 5
    ax.set_xticks(x, group_labels, rotation=30 if many else 0, ha="right" if many else "center")
    ax.yaxis.set_major_formatter(USD)
    ax.set_ylabel("USD" + (" (mean over runs)" if "point" in t.index else ""))
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    name = os.path.basename(os.path.normpath(folder))
    ax.set_title(f"Liquidator P&L: gains above zero, costs below — {name}")
    save(fig, out, "liquidator_pnl.png", written)


# --- price paths ---------------------------------------------------------------------------------

def plot_paths(folder, out, written):
    """Fan chart of `cascade paths` output: per asset that moves, the median over replications, the
    25-75% and 5-95% bands at each time, and the first few paths."""
    t = Table(os.path.join(folder, "paths.csv"))
    t.require("replication", "time_s", "asset", "price")
    assets = list(dict.fromkeys(t.text("asset")))
    reps = t.numbers("replication").astype(int)
    times = t.numbers("time_s")
    prices = t.numbers("price")
    names = np.array(t.text("asset"))
    moving = [a for a in assets if np.nanmax(prices[names == a]) > np.nanmin(prices[names == a])]
    if not moving:
        note(folder, "no asset's price moves, paths_fan.png not drawn")
        return
    fig, axes = plt.subplots(len(moving), 1, figsize=(10, 3.6 * len(moving) + 0.8), squeeze=False)
    for ax, a in zip(axes[:, 0], moving):
        sel = names == a
        rs = sorted(set(reps[sel].tolist()))
        grid = sorted(set(times[sel].tolist()))
        index = {v: i for i, v in enumerate(grid)}
        m = np.full((len(rs), len(grid)), np.nan)
        rpos = {r: i for i, r in enumerate(rs)}
        for r, tt, pp in zip(reps[sel], times[sel], prices[sel]):
            m[rpos[r], index[tt]] = pp
        hours = np.array(grid) / 3600.0
        q = np.nanpercentile(m, [5, 25, 50, 75, 95], axis=0)
        ax.fill_between(hours, q[0], q[4], color="tab:blue", alpha=0.15, linewidth=0, label="5-95%")
        ax.fill_between(hours, q[1], q[3], color="tab:blue", alpha=0.3, linewidth=0, label="25-75%")
        for i in range(min(5, len(rs))):
            ax.plot(hours, m[i], color="gray", linewidth=0.7, alpha=0.8, label="replications 0-4" if i == 0 else None)
        ax.plot(hours, q[2], color="tab:blue", linewidth=2, label="median")
        ax.set_ylabel(f"{a} price (USD)")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: usd(x) if abs(x) >= 1e4 else f"${x:,.2f}" if abs(x) < 10 else f"${x:,.0f}"))
        ax.set_title(f"{a}: {len(rs)} replications", loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    axes[-1, 0].set_xlabel("time (hours)")
    fig.suptitle(f"Price paths — {os.path.basename(os.path.normpath(folder))}")
    save(fig, out, "paths_fan.png", written)


# --- single run ----------------------------------------------------------------------------------

def monotone(v):
    v = v[np.isfinite(v)]
    return bool(np.all(np.diff(v) >= 0))


def plot_run(folder, out, written):
    name = os.path.basename(os.path.normpath(folder))
    ts = Table(os.path.join(folder, "timeseries.csv"))
    ts.require("time_s", "bad_debt", "liquidations")
    assets = [c[len("reference_price_"):] for c in ts.header if c.startswith("reference_price_")]
    if not assets:
        raise PlotError(f"{ts.path}: missing required column(s) reference_price_<ASSET> (no asset prices found)")
    for a in assets:
        ts.require(f"oracle_price_{a}", f"amm_price_{a}")
    hours = ts.numbers("time_s") / 3600.0

    liq = None
    liq_path = os.path.join(folder, "liquidations.csv")
    if os.path.exists(liq_path):
        liq = Table(liq_path)
        liq.require("time_s", "asset", "price", "generation")
        unknown = sorted(set(liq.text("asset")) - set(assets))
        if unknown:
            note(folder, f"liquidations.csv names asset(s) {', '.join(unknown)} without prices in timeseries.csv; not marked")

    # One price panel per asset: assets differ in price by orders of magnitude, and on a shared axis the
    # oracle lag of the cheaper one would be flattened out of sight. With one asset this is two panels.
    n = len(assets)
    fig, axes = plt.subplots(n + 1, 1, sharex=True, figsize=(11, 3.3 * n + 3.2),
                             gridspec_kw={"height_ratios": [3] * n + [2.4]})
    generations = np.array([])
    if liq is not None and len(liq):
        generations = np.round(liq.numbers("generation")).astype(int)
    gen_levels = sorted(set(generations.tolist()))
    gen_cmap = plt.get_cmap("plasma")

    def gen_color(g):
        if len(gen_levels) <= 1:
            return gen_cmap(0.1)
        return gen_cmap(0.85 * gen_levels.index(g) / (len(gen_levels) - 1))

    for ax, a in zip(axes, assets):
        ax.plot(hours, ts.numbers(f"reference_price_{a}"), color="black", linewidth=1.4, label="reference")
        ax.plot(hours, ts.numbers(f"oracle_price_{a}"), color="tab:blue", linewidth=1.4, drawstyle="steps-post",
                label="oracle")
        ax.plot(hours, ts.numbers(f"amm_price_{a}"), color="tab:green", linewidth=1.1, alpha=0.85, label="AMM")
        if liq is not None and len(liq):
            mine = np.array([x == a for x in liq.text("asset")])
            t, p = liq.numbers("time_s")[mine] / 3600.0, liq.numbers("price")[mine]
            for g in gen_levels:
                sel = generations[mine] == g
                if sel.any():
                    ax.scatter(t[sel], p[sel], s=46, color=gen_color(g), edgecolors="black", linewidths=0.6,
                               zorder=4, label=f"liquidation, gen {g}")
        ax.set_ylabel(f"{a} price (USD)")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"${x:,.0f}"))
        ax.set_title(f"{a}: reference, oracle and AMM prices" + (", liquidations marked" if liq is not None else ""),
                     loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, framealpha=0.9)

    ax = axes[-1]
    bad = ts.numbers("bad_debt")
    ax.plot(hours, bad, color="tab:red", linewidth=2, drawstyle="steps-post",
            label="bad debt" + (" (cumulative)" if monotone(bad) else ""))
    ax.fill_between(hours, 0, bad, step="post", color="tab:red", alpha=0.12, linewidth=0)
    ax.set_ylabel("bad debt (USD)", color="tab:red")
    ax.yaxis.set_major_formatter(USD)
    if np.nanmax(np.abs(bad), initial=0.0) == 0:
        ax.set_ylim(0, 1000)  # an all-zero series would otherwise get a degenerate axis of "$0" ticks
        ax.text(0.5, 0.5, "no bad debt in this run", transform=ax.transAxes, ha="center", va="center",
                color="tab:red", fontsize=11)
    else:
        ax.set_ylim(min(0.0, float(np.nanmin(bad))), 1.08 * float(np.nanmax(bad)))
    ax.set_xlabel("time (hours)")
    count = ts.numbers("liquidations")
    cumulative = monotone(count)
    twin = ax.twinx()
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    twin.plot(hours, count, color="tab:gray", linewidth=1.5, drawstyle="steps-post",
              label="liquidations so far" if cumulative else "liquidations per step")
    twin.set_ylabel("liquidations (count)", color="dimgray")
    twin.yaxis.set_major_locator(MaxNLocator(integer=True))
    # extra headroom so the two rising curves don't end on the same line when both saturate
    twin.set_ylim(0, max(1.0, 1.5 * float(np.nanmax(count, initial=0.0))))
    ax.set_title("Bad debt and liquidations", loc="left")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", bbox_to_anchor=(1.08, 1.0), borderaxespad=0, framealpha=0.9)
    ax.set_xlim(hours[0], hours[-1])
    fig.suptitle(f"Single run — {name}")
    save(fig, out, "run_prices.png", written)


# --- driver --------------------------------------------------------------------------------------

def plot_loan_bands(folder, out, written):
    """One soft-liquidation loan's bands through the run: per band (its price range on the y axis) the
    share of its value still in collateral, at each sample; the AMM's oracle price on top."""
    t = Table(os.path.join(folder, "bands.csv"))
    t.require("time_s", "position", "band", "price_up", "price_down", "usd", "collateral", "oracle_price")
    if len(t) == 0:
        return
    time_h = t.numbers("time_s") / 3600.0
    band = t.numbers("band").astype(int)
    up, down = t.numbers("price_up"), t.numbers("price_down")
    x, y, oracle = t.numbers("usd"), t.numbers("collateral"), t.numbers("oracle_price")
    times = np.unique(time_h)
    bands = np.unique(band)
    share = np.full((len(bands), len(times)), np.nan)
    tops = {b: u for b, u in zip(band, up)}
    bottoms = {b: d for b, d in zip(band, down)}
    for i in range(len(time_h)):
        value = x[i] + y[i] * oracle[i]
        r = np.searchsorted(bands, band[i])
        c = np.searchsorted(times, time_h[i])
        share[r, c] = y[i] * oracle[i] / value if value > 0 else np.nan
    fig, ax = plt.subplots(figsize=(9, 4.8))
    edges_t = np.append(times, times[-1] + (times[-1] - times[0]) / max(1, len(times) - 1))
    for r, b in enumerate(bands):
        ax.pcolormesh(edges_t, [bottoms[b], tops[b]], share[r:r + 1, :], cmap="viridis", vmin=0, vmax=1, shading="flat")
    per_time = {}
    for i in range(len(time_h)):
        per_time[time_h[i]] = oracle[i]
    ax.plot(list(per_time.keys()), list(per_time.values()), color="crimson", lw=1.2, label="AMM oracle (EMA)")
    ax.set_ylim(min(bottoms.values()) * 0.97, max(max(tops.values()) * 1.03, min(max(per_time.values()), max(tops.values()) * 1.3)))
    ax.set_xlabel("hours")
    ax.set_ylabel("band price range (debt units)")
    ax.set_title(f"Soft liquidation of loan {int(t.numbers('position')[0])}: share of each band still in collateral")
    sm = plt.cm.ScalarMappable(cmap="viridis", norm=plt.Normalize(0, 1))
    fig.colorbar(sm, ax=ax, label="collateral share of the band's value")
    ax.legend(loc="upper right", frameon=False)
    save(fig, out, "loan_bands.png", written)


def plot_folder(folder, out, written):
    if not os.path.isdir(folder):
        raise PlotError(f"{folder}: is not a folder")
    has = {f: os.path.isfile(os.path.join(folder, f)) for f in ("summary.csv", "runs.csv", "timeseries.csv", "paths.csv")}
    if has["paths.csv"] and not (has["runs.csv"] or has["timeseries.csv"]):
        os.makedirs(out, exist_ok=True)
        plot_paths(folder, out, written)
        return
    # A single run (`cascade run`) writes runs.csv (one row) and timeseries.csv but no summary.csv; a sweep
    # writes runs.csv and summary.csv.
    is_sweep = has["summary.csv"] or (has["runs.csv"] and not has["timeseries.csv"])
    if is_sweep and has["summary.csv"] != has["runs.csv"]:
        present, absent = ("summary.csv", "runs.csv") if has["summary.csv"] else ("runs.csv", "summary.csv")
        raise PlotError(f"{os.path.join(folder, absent)}: missing; {present} is there, a sweep needs both")
    if not is_sweep and not has["timeseries.csv"]:
        raise PlotError(f"{folder}: holds no known results (expected summary.csv and runs.csv of a sweep, "
                        f"timeseries.csv of a single run, or paths.csv of cascade paths)")
    os.makedirs(out, exist_ok=True)
    if is_sweep:
        sweep = Sweep(folder)
        plot_sweep(sweep, out, written)
        plot_liquidator_pnl(folder, out, written, labels=dict(zip(sweep.points, sweep.point_labels())))
    if has["timeseries.csv"]:
        plot_run(folder, out, written)
        plot_liquidator_pnl(folder, out, written)
        if os.path.isfile(os.path.join(folder, "bands.csv")):
            plot_loan_bands(folder, out, written)


def output_folders(folders, out):
    """Where each result folder's figures go: the folder itself, --out, or --out/<folder name> when
    several folders share one --out (so their figures don't overwrite each other)."""
    if out is None:
        return list(folders)
    if len(folders) == 1:
        return [out]
    names, result = {}, []
    for f in folders:
        base = os.path.basename(os.path.normpath(os.path.abspath(f))) or "results"
        names[base] = names.get(base, 0) + 1
        result.append(os.path.join(out, base if names[base] == 1 else f"{base}-{names[base]}"))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="Plot Cascade result folders (sweeps and single runs) as PNG figures.")
    parser.add_argument("folders", nargs="+", metavar="RESULT_DIR", help="a sweep or single-run result folder")
    parser.add_argument("--out", metavar="DIR", help="write figures here instead of into each result folder")
    args = parser.parse_args(argv)
    plt.rcParams.update(STYLE)
    written = []
    try:
        for folder, out in zip(args.folders, output_folders(args.folders, args.out)):
            plot_folder(folder, out, written)
    except PlotError as e:
        for path in written:
            print(path)
        print(f"plot_results: error: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
