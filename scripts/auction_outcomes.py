#!/usr/bin/env python3
"""Black Thursday figures from one `cascade run` folder (liquidations.csv + timeseries.csv).

Prints, for English (flip) or Dutch (clip) auctions: auctions started, zero-bid share (deals that paid ≤ 1% of
the debt), USD value of the ETH those zero-bid deals handed over (collateral × reference price at the deal,
read from timeseries.csv, linear between samples), and the shortfall (debt at kick − DAI paid, where positive).

    python3 scripts/auction_outcomes.py Results/black-thursday-2020-run [more folders...]
"""
import bisect, csv, sys

def load(folder):
    ts = list(csv.DictReader(open(f"{folder}/timeseries.csv")))
    t = [float(r["time_s"]) for r in ts]
    ref = [float(r["reference_price_ETH"]) for r in ts]
    def price(x):
        i = bisect.bisect_right(t, x)
        if i == 0: return ref[0]
        if i >= len(t): return ref[-1]
        w = (x - t[i - 1]) / (t[i] - t[i - 1])
        return ref[i - 1] + w * (ref[i] - ref[i - 1])
    kicks, paid, bought = {}, {}, {}
    zero_n, zero_usd = 0, 0.0
    for r in csv.DictReader(open(f"{folder}/liquidations.csv")):
        m, p = r["mechanism"], r["position"]
        if m in ("english-kick", "dutch-bark"):
            kicks[p] = float(r["debt_repaid"])
        elif m in ("english-deal", "dutch-take"):
            paid[p] = paid.get(p, 0.0) + float(r["debt_repaid"])
            if m == "english-deal" and float(r["debt_repaid"]) <= 0.01 * kicks[p] * 1.13:
                zero_n += 1
                zero_usd += float(r["collateral_seized"]) * price(float(r["time_s"]))
    debt = sum(kicks.values())
    short = sum(max(0.0, d - paid.get(p, 0.0)) for p, d in kicks.items())
    return dict(auctions=len(kicks), debt=debt, zero=zero_n, zero_share=zero_n / max(1, len(kicks)),
                zero_eth_usd=zero_usd, shortfall=short)

rows = [load(f) for f in sys.argv[1:]]
for f, r in zip(sys.argv[1:], rows):
    print(f"{f}: auctions {r['auctions']}, debt {r['debt']/1e6:.2f}M, zero-bid {r['zero']} ({100*r['zero_share']:.1f}%), "
          f"ETH for 0 DAI {r['zero_eth_usd']/1e6:.2f}M USD, shortfall {r['shortfall']/1e6:.2f}M DAI")
if len(rows) > 1:
    for k, scale, unit in (("zero_share", 100, "%"), ("zero_eth_usd", 1e-6, "M USD"), ("shortfall", 1e-6, "M DAI"), ("debt", 1e-6, "M DAI")):
        v = [r[k] * scale for r in rows]
        print(f"{k}: mean {sum(v)/len(v):.2f} {unit}, range {min(v):.2f}–{max(v):.2f}")
