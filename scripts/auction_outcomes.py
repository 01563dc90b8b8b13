#!/usr/bin/env python3
"""Black Thursday figures from `cascade run` folders (runs.csv), one line per folder and a summary.

    auctions            `liquidations` (flip: bites of at most `lump`; clip: barks)
    zero-bid by count   auction_zero_bids / liquidations (deals that paid ≤ 1% of the tab)
    zero-bid by volume  zero_bid_debt / liquidated_debt
    ETH sold for 0      zero_bid_collateral_value (USD at the reference price of each deal)
    shortfall           bad_debt (auction principal not recovered, plus any still unrealised)

    python3 scripts/auction_outcomes.py Results/black-thursday-2020-run [more folders...]

scripts/black_thursday_study.py runs the 32 replications docs/MODEL.md quotes.
"""
import csv, sys


def load(folder):
    r = next(csv.DictReader(open(f"{folder}/runs.csv")))
    f = lambda k: float(r[k])
    return dict(auctions=f("liquidations"), debt=f("liquidated_debt"), zero=f("auction_zero_bids"),
                zero_share=f("auction_zero_bids") / max(1, f("liquidations")),
                zero_volume=f("zero_bid_debt") / max(1e-9, f("liquidated_debt")),
                zero_eth_usd=f("zero_bid_collateral_value"), shortfall=f("bad_debt"))


if __name__ == "__main__":
    rows = [load(f) for f in sys.argv[1:]]
    for f, r in zip(sys.argv[1:], rows):
        print(f"{f}: auctions {r['auctions']:.0f}, debt {r['debt']/1e6:.2f}M, zero-bid {r['zero']:.0f} ({100*r['zero_share']:.1f}% by count, "
              f"{100*r['zero_volume']:.1f}% by volume), ETH for 0 DAI {r['zero_eth_usd']/1e6:.2f}M USD, shortfall {r['shortfall']/1e6:.2f}M")
    if len(rows) > 1:
        for k, scale, unit in (("zero_share", 100, "%"), ("zero_volume", 100, "%"), ("zero_eth_usd", 1e-6, "M USD"),
                               ("shortfall", 1e-6, "M"), ("debt", 1e-6, "M")):
            v = [r[k] * scale for r in rows]
            print(f"{k}: mean {sum(v)/len(v):.2f} {unit}, range {min(v):.2f}–{max(v):.2f}")
