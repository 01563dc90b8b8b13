#!/usr/bin/env python3
"""An integer port of LLAMMA's arithmetic, to give Cascade's soft-liquidation tests exact contract values.

Source: curvefi/curve-stablecoin, tag v1 = commit edbb5ef5bf42, vyper 0.3.10:
  contracts/AMM.vy          limit_p_o, get_dynamic_fee, _p_oracle_up (solmate exp), _get_y0, _get_p,
                            deposit_range, withdraw, calc_swap_out, _exchange (exact-in), get_xy_up,
                            get_sum_xy, get_amount_for_price
  contracts/Controller.vy   get_y_effective, _calculate_debt_n1, _create_loan, _health, _get_f_remove
  contracts/price_oracles/EmaPriceOracle.vy   ema_price

Every function keeps the contract's uint256/int256 semantics: `//` on non-negative values is vyper's unsafe_div
and `/` on uint256; `sdiv` is the EVM's signed division (truncation toward zero). Tokens have 18 decimals
(BORROWED_PRECISION = COLLATERAL_PRECISION = 1) and the admin fee is 0 unless set. The one shortcut: `wad_ln`
(only used to pick n1 in `calculate_debt_n1`) is evaluated with 60-digit decimals and truncated, which agrees
with snekmate's integer approximation except within a few wei of a band boundary.

Run it to print the vectors that Tests/CascadeModelTests/Mechanisms/SoftLiquidation use:
    python3 scripts/reference/llamma_contract.py
"""
from decimal import Decimal, getcontext
import math

getcontext().prec = 60
WAD = 10**18
MAX_TICKS = 50
MAX_SKIP_TICKS = 1024
DEAD_SHARES = 1000
PREV_P_O_DELAY = 120
MAX_P_O_CHG = 12500 * 10**14


def sdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def exp_int(power):
    """solmate's expWad as ported in AMM.vy _p_oracle_up and EmaPriceOracle.vy exp."""
    if power <= -41446531673892821376:
        return 0
    assert power < 135305999368893231589
    x = sdiv(power * 2**96, 10**18)
    k = sdiv(sdiv(x * 2**96, 54916777467707473351141471128) + 2**95, 2**96)
    x = x - k * 54916777467707473351141471128
    y = x + 1346386616545796478920950773328
    y = sdiv(y * x, 2**96) + 57155421227552351082224309758442
    p = y + x - 94201549194550492254356042504812
    p = sdiv(p * y, 2**96) + 28719021644029726153956944680412240
    p = p * x + (4385272521454847904659076985693276 * 2**96)
    q = x - 2855989394907223263936484059900
    q = sdiv(q * x, 2**96) + 50020603652535783019961831881945
    q = sdiv(q * x, 2**96) - 533845033583426703283633433725380
    q = sdiv(q * x, 2**96) + 3604857256930695427073651918091429
    q = sdiv(q * x, 2**96) - 14423608567350463180887372962807573
    q = sdiv(q * x, 2**96) + 26449188498355588339934803723976023
    r = sdiv(p, q) * 3822833074963236453042738258902158003155416615667
    shift = k - 195
    return r << shift if shift >= 0 else r >> (-shift)


def wad_ln(x):
    return int((Decimal(x) / Decimal(WAD)).ln() * WAD)


class AMM:
    def __init__(self, A, base_price, fee, p_o, admin_fee=0, t=0):
        self.A = A
        self.Am1 = A - 1
        self.BASE_PRICE = base_price
        self.SQRT_BAND_RATIO = int(math.sqrt(A / (A - 1)) * 1e18)   # as the tests' conftest passes it
        self.LOG_A_RATIO = int(math.log(A / (A - 1)) * 1e18)
        pw = WAD
        for _ in range(50):
            pw = pw * A // (A - 1)
        self.MAX_ORACLE_DN_POW = pw
        self.fee = fee
        self.admin_fee = admin_fee
        self.rate = 0
        self.rate_mul = WAD
        self.rate_time = t
        self.t = t
        self.price = p_o                 # the price oracle contract's price()
        self.old_p_o = p_o
        self.old_dfee = 0
        self.prev_p_o_time = t
        self.active_band = 0
        self.min_band = 0
        self.max_band = 0
        self.bands_x = {}
        self.bands_y = {}
        self.total_shares = {}
        self.user_ns = {}
        self.user_ticks = {}
        self.admin_fees_x = 0
        self.admin_fees_y = 0

    # --- oracle and fees (AMM.vy limit_p_o, get_dynamic_fee, _price_oracle_w)
    def limit_p_o(self, p):
        p_new = p
        dt = PREV_P_O_DELAY - min(PREV_P_O_DELAY, self.t - self.prev_p_o_time)
        ratio = 0
        if dt > 0:
            old = self.old_p_o
            if p > old:
                ratio = old * WAD // p
                if ratio < 10**36 // MAX_P_O_CHG:
                    p_new = old * MAX_P_O_CHG // WAD
                    ratio = 10**36 // MAX_P_O_CHG
            else:
                ratio = p * WAD // old
                if ratio < 10**36 // MAX_P_O_CHG:
                    p_new = old * WAD // MAX_P_O_CHG
                    ratio = 10**36 // MAX_P_O_CHG
            ratio = min((WAD + self.old_dfee - (ratio**3) // 10**36) * dt // PREV_P_O_DELAY, WAD - 1)
        return [p_new, ratio]

    def price_oracle_ro(self):
        return self.limit_p_o(self.price)

    def price_oracle_w(self):
        p = self.limit_p_o(self.price)
        self.prev_p_o_time = self.t
        self.old_p_o = p[0]
        self.old_dfee = p[1]
        return p

    def get_dynamic_fee(self, p_o, p_o_up):
        p_c_d = (p_o**2 // p_o_up) * p_o // p_o_up
        p_c_u = (p_c_d * self.A // self.Am1) * self.A // self.Am1
        if p_o < p_c_d:
            return (p_c_d - p_o) * (WAD // 4) // p_c_d
        elif p_o > p_c_u:
            return (p_o - p_c_u) * (WAD // 4) // p_o
        return 0

    # --- grid (AMM.vy _rate_mul, _base_price, _p_oracle_up)
    def rate_mul_now(self):
        return self.rate_mul * (WAD + self.rate * (self.t - self.rate_time)) // WAD

    def base_price(self):
        return self.BASE_PRICE * self.rate_mul_now() // WAD

    def p_oracle_up(self, n):
        power = -n * self.LOG_A_RATIO
        e = exp_int(power)
        assert e > 1000
        return self.base_price() * e // WAD

    def p_current_down(self, n):
        p_base = self.p_oracle_up(n)
        p_o = self.price_oracle_ro()[0]
        return (p_o**2 // p_base * p_o) // p_base

    # --- band invariant (AMM.vy _get_y0, _get_p)
    def get_y0(self, x, y, p_o, p_o_up):
        b = 0
        if x != 0:
            b = p_o_up * self.Am1 * x // p_o
        if y != 0:
            b += self.A * p_o**2 // p_o_up * y // WAD
        if x > 0 and y > 0:
            D = b**2 + ((4 * self.A * p_o) * y // WAD) * x
            return (b + math.isqrt(D)) * WAD // (2 * self.A * p_o)
        return b * WAD // (self.A * p_o)

    def get_p_band(self, n, x, y):
        p_o_up = self.p_oracle_up(n)
        p_o = self.price_oracle_ro()[0]
        if x == 0:
            if y == 0:
                return ((p_o**2 // p_o_up * p_o // p_o_up) * self.A) // self.Am1
            return p_o**2 // p_o_up * p_o // p_o_up
        if y == 0:
            p_o_up = p_o_up * self.Am1 // self.A
            return p_o**2 // p_o_up * p_o // p_o_up
        y0 = self.get_y0(x, y, p_o, p_o_up)
        f = (self.A * y0 * p_o // p_o_up) * p_o
        g = self.Am1 * y0 * p_o_up // p_o
        return (f + x * WAD) // (g + y)

    def get_p(self):
        n = self.active_band
        return self.get_p_band(n, self.bands_x.get(n, 0), self.bands_y.get(n, 0))

    # --- deposits (AMM.vy deposit_range, withdraw)
    def deposit_range(self, user, amount, n1, n2):
        n0 = self.active_band
        n_bands = n2 - n1 + 1
        assert n_bands <= MAX_TICKS
        y_per_band = amount // n_bands
        assert y_per_band > 100, "Amount too low"
        self.user_ns[user] = (n1, n2)
        for i in range(MAX_SKIP_TICKS + 1):
            if n1 > n0:
                if i != 0:
                    self.active_band = n0
                break
            assert self.bands_x.get(n0, 0) == 0 and i < MAX_SKIP_TICKS, "Deposit below current band"
            n0 -= 1
        ticks = []
        for i in range(n_bands):
            band = n1 + i
            assert self.bands_x.get(band, 0) == 0, "Band not empty"
            y = y_per_band
            if i == 0:
                y = amount - y * (n_bands - 1)
            total_y = self.bands_y.get(band, 0)
            s = self.total_shares.get(band, 0)
            ds = (s + DEAD_SHARES) * y // (total_y + 1)
            assert ds > 0
            ticks.append(ds)
            self.total_shares[band] = s + ds
            self.bands_y[band] = total_y + y
        self.min_band = min(self.min_band, n1)
        self.max_band = max(self.max_band, n2)
        self.user_ticks[user] = ticks

    def withdraw(self, user, frac):
        n1, n2 = self.user_ns[user]
        shares = list(self.user_ticks[user])
        total_x = total_y = 0
        min_band = self.min_band
        old_max_band = self.max_band
        max_band = n1 - 1
        for i, n in enumerate(range(n1, n2 + 1)):
            x = self.bands_x.get(n, 0)
            y = self.bands_y.get(n, 0)
            ds = frac * shares[i] // WAD
            shares[i] -= ds
            s = self.total_shares.get(n, 0)
            new_shares = s - ds
            self.total_shares[n] = new_shares
            s += DEAD_SHARES
            dx = (x + 1) * ds // s
            dy = (y + 1) * ds // s
            x -= dx
            y -= dy
            if new_shares == 0:
                self.admin_fees_x += x
                self.admin_fees_y += y
                x = y = 0
            if n == min_band and x == 0 and y == 0:
                min_band += 1
            if x > 0 or y > 0:
                max_band = n
            self.bands_x[n] = x
            self.bands_y[n] = y
            total_x += dx
            total_y += dy
        if frac == WAD:
            del self.user_ticks[user]
        else:
            self.user_ticks[user] = shares
        self.min_band = min_band
        if old_max_band <= n2:
            self.max_band = max_band
        return [total_x, total_y]

    # --- swaps (AMM.vy calc_swap_out, _exchange with use_in_amount)
    def calc_swap_out(self, pump, in_amount, p_o):
        out = dict(in_amount=0, out_amount=0, n1=0, n2=self.active_band, ticks_in=[], last_tick_j=0, admin_fee=0)
        p_o_up = self.p_oracle_up(out['n2'])
        x = self.bands_x.get(out['n2'], 0)
        y = self.bands_y.get(out['n2'], 0)
        in_left = in_amount
        fee = max(self.fee, p_o[1])
        j = MAX_TICKS
        for i in range(MAX_TICKS + MAX_SKIP_TICKS):
            y0 = f = g = Inv = 0
            dynamic_fee = fee
            if x > 0 or y > 0:
                if j == MAX_TICKS:
                    out['n1'] = out['n2']
                    j = 0
                y0 = self.get_y0(x, y, p_o[0], p_o_up)
                f = (self.A * y0 * p_o[0] // p_o_up * p_o[0]) // WAD
                g = self.Am1 * y0 * p_o_up // p_o[0]
                Inv = (f + x) * (g + y)
                dynamic_fee = max(self.get_dynamic_fee(p_o[0], p_o_up), fee)
            antifee = WAD**2 // (WAD - min(dynamic_fee, WAD - 1))
            if j != MAX_TICKS:
                out['ticks_in'].append(x if pump else y)
            p_ratio = p_o_up * WAD // p_o[0]
            if pump:
                if y != 0 and g != 0:
                    x_dest = (Inv // g - f) - x
                    dx = x_dest * antifee // WAD
                    if dx >= in_left:
                        x_dest = in_left * WAD // antifee
                        out['last_tick_j'] = min(Inv // (f + (x + x_dest)) - g + 1, y)
                        x_dest = (in_left - x_dest) * self.admin_fee // WAD
                        x += in_left
                        out['out_amount'] += y - out['last_tick_j']
                        out['ticks_in'][j] = x - x_dest
                        out['in_amount'] = in_amount
                        out['admin_fee'] += x_dest
                        break
                    dx = max(dx, 1)
                    x_dest = (dx - x_dest) * self.admin_fee // WAD
                    in_left -= dx
                    out['ticks_in'][j] = x + dx - x_dest
                    out['in_amount'] += dx
                    out['out_amount'] += y
                    out['admin_fee'] += x_dest
                if i != MAX_TICKS + MAX_SKIP_TICKS - 1:
                    if out['n2'] == self.max_band or j == MAX_TICKS - 1 or p_ratio < 10**36 // self.MAX_ORACLE_DN_POW:
                        break
                    out['n2'] += 1
                    p_o_up = p_o_up * self.Am1 // self.A
                    x = 0
                    y = self.bands_y.get(out['n2'], 0)
            else:
                if x != 0 and f != 0:
                    y_dest = (Inv // f - g) - y
                    dy = y_dest * antifee // WAD
                    if dy >= in_left:
                        y_dest = in_left * WAD // antifee
                        out['last_tick_j'] = min(Inv // (g + (y + y_dest)) - f + 1, x)
                        y_dest = (in_left - y_dest) * self.admin_fee // WAD
                        y += in_left
                        out['out_amount'] += x - out['last_tick_j']
                        out['ticks_in'][j] = y - y_dest
                        out['in_amount'] = in_amount
                        out['admin_fee'] += y_dest
                        break
                    dy = max(dy, 1)
                    y_dest = (dy - y_dest) * self.admin_fee // WAD
                    in_left -= dy
                    out['ticks_in'][j] = y + dy - y_dest
                    out['in_amount'] += dy
                    out['out_amount'] += x
                    out['admin_fee'] += y_dest
                if i != MAX_TICKS + MAX_SKIP_TICKS - 1:
                    if out['n2'] == self.min_band or j == MAX_TICKS - 1 or p_ratio > self.MAX_ORACLE_DN_POW:
                        break
                    out['n2'] -= 1
                    p_o_up = p_o_up * self.A // self.Am1
                    x = self.bands_x.get(out['n2'], 0)
                    y = 0
            if j != MAX_TICKS:
                j += 1
        return out

    def exchange(self, i, in_amount):
        """i = 0: borrowed coin in (pump); i = 1: collateral in (dump). Returns [in, out]."""
        p_o = self.price_oracle_w()
        if in_amount == 0:
            return [0, 0]
        out = self.calc_swap_out(i == 0, in_amount, p_o)
        if out['out_amount'] == 0 or out['in_amount'] == 0:
            return [0, 0]
        if i == 0:
            self.admin_fees_x += out['admin_fee']
        else:
            self.admin_fees_y += out['admin_fee']
        n = min(out['n1'], out['n2'])
        n_diff = abs(out['n2'] - out['n1'])
        for k in range(MAX_TICKS):
            x = y = 0
            if i == 0:
                x = out['ticks_in'][k]
                if n == out['n2']:
                    y = out['last_tick_j']
            else:
                y = out['ticks_in'][n_diff - k]
                if n == out['n2']:
                    x = out['last_tick_j']
            self.bands_x[n] = x
            self.bands_y[n] = y
            if k == n_diff:
                break
            n += 1
        self.active_band = out['n2']
        return [out['in_amount'], out['out_amount']]

    # --- user value (AMM.vy get_xy_up, _get_xy, get_amount_for_price)
    def get_xy_up(self, user, use_y):
        n1, n2 = self.user_ns[user]
        ticks = self.user_ticks[user]
        p_o = self.price_oracle_ro()[0]
        n_active = self.active_band
        p_o_down = self.p_oracle_up(n1)
        XY = 0
        for i, n in enumerate(range(n1, n2 + 1)):
            x = self.bands_x.get(n, 0) if n <= n_active else 0
            y = self.bands_y.get(n, 0) if n >= n_active else 0
            p_o_up = p_o_down
            p_o_down = p_o_down * self.Am1 // self.A
            if x == 0 and y == 0:
                continue
            total_share = self.total_shares.get(n, 0)
            user_share = ticks[i]
            if total_share == 0 or user_share == 0:
                continue
            total_share += DEAD_SHARES
            p_current_mid = (p_o**2 // p_o_down * p_o) // p_o_up
            if x == 0 or y == 0:
                if p_o > p_o_up:
                    y_equiv = y if y != 0 else x * WAD // p_current_mid
                    if use_y:
                        XY += y_equiv * user_share // total_share
                    else:
                        XY += (y_equiv * p_o_up // self.SQRT_BAND_RATIO) * user_share // total_share
                    continue
                elif p_o < p_o_down:
                    x_equiv = x if x != 0 else y * p_current_mid // WAD
                    if use_y:
                        XY += (x_equiv * self.SQRT_BAND_RATIO // p_o_up) * user_share // total_share
                    else:
                        XY += x_equiv * user_share // total_share
                    continue
            y0 = self.get_y0(x, y, p_o, p_o_up)
            f = ((self.A * y0 * p_o // p_o_up) * p_o) // WAD
            g = self.Am1 * y0 * p_o_up // p_o
            Inv = (f + x) * (g + y)
            if p_o > p_o_up:
                y_o = max(Inv // f, g) - g
                if use_y:
                    XY += y_o * user_share // total_share
                else:
                    XY += (y_o * p_o_up // self.SQRT_BAND_RATIO) * user_share // total_share
            elif p_o < p_o_down:
                x_o = max(Inv // g, f) - f
                if use_y:
                    XY += (x_o * self.SQRT_BAND_RATIO // p_o_up) * user_share // total_share
                else:
                    XY += x_o * user_share // total_share
            else:
                y_o = self.A * y0 * (p_o - p_o_down) // p_o
                x_o = max(Inv // (g + y_o), f) - f
                if use_y:
                    XY += (y_o + x_o * WAD // math.isqrt(p_o_up * p_o)) * user_share // total_share
                else:
                    XY += (x_o + y_o * math.isqrt(p_o_down * p_o) // WAD) * user_share // total_share
        return XY

    def get_sum_xy(self, user):
        n1, n2 = self.user_ns[user]
        xs = ys = 0
        for i, n in enumerate(range(n1, n2 + 1)):
            ts = self.total_shares.get(n, 0) + DEAD_SHARES
            ds = self.user_ticks[user][i]
            xs += (self.bands_x.get(n, 0) + 1) * ds // ts
            ys += (self.bands_y.get(n, 0) + 1) * ds // ts
        return [xs, ys]

    def get_amount_for_price(self, p):
        n = self.active_band
        p_o = self.price_oracle_ro()
        p_o_up = self.p_oracle_up(n)
        p_down = (p_o[0]**2 // p_o_up * p_o[0]) // p_o_up
        p_up = p_down * self.A**2 // self.Am1**2
        amount = 0
        y0 = f = g = Inv = 0
        j = MAX_TICKS
        pump = True
        fee = max(self.fee, p_o[1])
        for i in range(MAX_TICKS + MAX_SKIP_TICKS):
            x = self.bands_x.get(n, 0)
            y = self.bands_y.get(n, 0)
            if i == 0 and p < self.get_p_band(n, x, y):
                pump = False
            dynamic_fee = fee
            not_empty = x > 0 or y > 0
            if not_empty:
                y0 = self.get_y0(x, y, p_o[0], p_o_up)
                f = ((self.A * y0 * p_o[0] // p_o_up) * p_o[0]) // WAD
                g = self.Am1 * y0 * p_o_up // p_o[0]
                Inv = (f + x) * (g + y)
                if j == MAX_TICKS:
                    j = 0
                dynamic_fee = max(self.get_dynamic_fee(p_o[0], p_o_up), fee)
            antifee = WAD**2 // (WAD - min(dynamic_fee, WAD - 1))
            if p_down <= p <= p_up:
                if not_empty:
                    ynew = max(math.isqrt(Inv * WAD // p), g) - g
                    xnew = max(Inv // (g + ynew), f) - f
                    if pump:
                        amount += (max(xnew, x) - x) * antifee // WAD
                    else:
                        amount += (max(ynew, y) - y) * antifee // WAD
                break
            p_ratio = p_o_up * WAD // p_o[0]
            if pump:
                if not_empty:
                    amount += ((Inv // g - f) - x) * antifee // WAD
                if n == self.max_band or j == MAX_TICKS - 1 or p_ratio < 10**36 // self.MAX_ORACLE_DN_POW:
                    break
                n += 1
                p_down = p_up
                p_up = p_up * self.A**2 // self.Am1**2
                p_o_up = p_o_up * self.Am1 // self.A
            else:
                if not_empty:
                    amount += ((Inv // f - g) - y) * antifee // WAD
                if n == self.min_band or j == MAX_TICKS - 1 or p_ratio > self.MAX_ORACLE_DN_POW:
                    break
                n -= 1
                p_up = p_down
                p_down = p_down * self.Am1**2 // self.A**2
                p_o_up = p_o_up * self.A // self.Am1
            if j != MAX_TICKS:
                j += 1
        if amount == 0:
            return 0, pump
        return (amount - 1) + 1, pump


class Controller:
    def __init__(self, amm, loan_discount, liquidation_discount):
        self.amm = amm
        self.loan_discount = loan_discount
        self.liquidation_discount = liquidation_discount
        self.LOGN_A_RATIO = wad_ln(amm.A * WAD // (amm.A - 1))
        self.SQRT_BAND_RATIO = math.isqrt(10**36 * amm.A // (amm.A - 1))
        self.debt = {}

    def get_y_effective(self, collateral, N, discount):
        A, Am1 = self.amm.A, self.amm.Am1
        d = collateral * (WAD - min(discount + (DEAD_SHARES * WAD) // max(collateral // N, DEAD_SHARES), WAD)) \
            // (self.SQRT_BAND_RATIO * N)
        y_eff = d
        for _ in range(1, N):
            d = d * Am1 // A
            y_eff += d
        return y_eff

    def calculate_debt_n1(self, collateral, debt, N):
        n0 = self.amm.active_band
        p_base = self.amm.p_oracle_up(n0)
        y_eff = self.get_y_effective(collateral, N, self.loan_discount)
        y_eff = y_eff * p_base // (debt + 1)
        assert y_eff > 0
        n1 = wad_ln(y_eff)
        if n1 < 0:
            n1 -= self.LOGN_A_RATIO - 1
        n1 = sdiv(n1, self.LOGN_A_RATIO)
        n1 = min(n1, 1024 - N) + n0
        assert self.amm.p_oracle_up(n1) < self.amm.price_oracle_ro()[0], "Debt too high"
        return n1

    def create_loan(self, user, collateral, debt, N):
        n1 = self.calculate_debt_n1(collateral, debt, N)
        self.debt[user] = debt
        self.amm.deposit_range(user, collateral, n1, n1 + N - 1)
        return n1

    def health(self, user, full, liquidation_discount=None):
        ld = self.liquidation_discount if liquidation_discount is None else liquidation_discount
        debt = self.debt[user]
        h = WAD - ld
        h = sdiv(self.amm.get_xy_up(user, False) * h, debt) - WAD
        if full:
            ns0 = self.amm.user_ns[user][0]
            if ns0 > self.amm.active_band:
                p = self.amm.price_oracle_ro()[0]
                p_up = self.amm.p_oracle_up(ns0)
                if p > p_up:
                    h += (p - p_up) * self.amm.get_sum_xy(user)[1] // debt
        return h


def f_remove(frac, health_limit):
    if frac >= WAD:
        return WAD
    f = (WAD + health_limit // 2) * (WAD - frac) // (WAD + health_limit)
    return (f + frac) * frac // WAD


def ema_price(last_price, last_t, current_price, t, ma_exp_time):
    if last_t < t:
        alpha = exp_int(-((t - last_t) * WAD // ma_exp_time))
        return (current_price * (WAD - alpha) + last_price * alpha) // WAD
    return last_price


def tok(v):
    return f"{v / 1e18:.17g}"


def vectors():
    """The cases BandAMMTests checks, as (name, value in tokens or dollars)."""
    out = []
    A, fee = 100, 10**16
    amm = AMM(A, 3000 * WAD, fee, 3000 * WAD)
    for n in (1, -7, 40):
        out.append((f"p_oracle_up({n})", amm.p_oracle_up(n)))
    amm.price = 2950 * WAD
    for t in (0, 60, 120):
        amm.t = t
        out.append((f"jump fee 3000->2950 after {t} s", amm.limit_p_o(amm.price)[1]))
    amm.t = 0
    amm.price = 2000 * WAD
    out.append(("clipped oracle 3000->2000", amm.limit_p_o(amm.price)[0]))
    out.append(("clipped jump fee 3000->2000", amm.limit_p_o(amm.price)[1]))
    out.append(("dynamic fee p_o 3000 p_up 3100", amm.get_dynamic_fee(3000 * WAD, 3100 * WAD)))
    out.append(("dynamic fee p_o 3000 p_up 2900", amm.get_dynamic_fee(3000 * WAD, 2900 * WAD)))
    out.append(("y0 x 1000 y 0.5 p_o 2990 p_up 3000", amm.get_y0(1000 * WAD, WAD // 2, 2990 * WAD, 3000 * WAD)))

    # A loan market as the contract's tests set it up: A = 100, fee 1%, loan discount 5%, liquidation
    # discount 2%, oracle 3000 (tests/stableborrow/conftest.py L80-85).
    amm = AMM(A, 3000 * WAD, fee, 3000 * WAD)
    c = Controller(amm, 5 * 10**16, 2 * 10**16)
    out.append(("y_effective 10 ETH N=10", c.get_y_effective(10 * WAD, 10, c.loan_discount)))
    n1 = c.create_loan("a", 10 * WAD, 20000 * WAD, 10)
    out.append(("loan a n1", n1 * WAD))
    n1b = c.create_loan("b", 3 * WAD, 7000 * WAD, 4)
    out.append(("loan b n1", n1b * WAD))
    out.append(("health a", c.health("a", False)))
    out.append(("health a full", c.health("a", True)))
    out.append(("health b", c.health("b", False)))
    out.append(("x_down a at 3000", amm.get_xy_up("a", False)))
    # The oracle falls to 2500 and stays there 10 minutes (no jump fee): arbitrage pumps 3000 USD.
    amm.t = 600
    amm.price = 2500 * WAD
    out.append(("p before pump", amm.get_p()))
    dx, dy = amm.exchange(0, 3000 * WAD)
    out.append(("pump 3000 in", dx))
    out.append(("pump 3000 out", dy))
    out.append(("active band after pump", amm.active_band * WAD))
    out.append(("p after pump", amm.get_p()))
    for n in range(min(n1, n1b), max(n1 + 9, n1b + 3) + 1):
        out.append((f"band {n} x after pump", amm.bands_x.get(n, 0)))
        out.append((f"band {n} y after pump", amm.bands_y.get(n, 0)))
    out.append(("x_down a after pump", amm.get_xy_up("a", False)))
    out.append(("y_up a after pump", amm.get_xy_up("a", True)))
    out.append(("x_down b after pump", amm.get_xy_up("b", False)))
    out.append(("health a after pump", c.health("a", False)))
    out.append(("health b after pump", c.health("b", True)))
    sx, sy = amm.get_sum_xy("a")
    out.append(("sum x a", sx))
    out.append(("sum y a", sy))
    target = amm.get_p() * 95 // 100
    amount, pump = amm.get_amount_for_price(target)
    out.append(("amount for 95% price", amount))
    out.append(("amount for 95% price is pump", int(pump) * WAD))
    # 30 s later the oracle is 2400: a dump of 1 ETH, then a pump that crosses bands.
    amm.t = 630
    amm.price = 2400 * WAD
    out.append(("jump fee at 2400", amm.limit_p_o(amm.price)[1]))
    dx, dy = amm.exchange(1, WAD)
    out.append(("dump 1 in", dx))
    out.append(("dump 1 out", dy))
    out.append(("active band after dump", amm.active_band * WAD))
    amm.t = 1230
    dx, dy = amm.exchange(0, 20000 * WAD)
    out.append(("pump 20000 in", dx))
    out.append(("pump 20000 out", dy))
    out.append(("active band after big pump", amm.active_band * WAD))
    out.append(("health a after big pump", c.health("a", True)))
    out.append(("health b after big pump", c.health("b", True)))
    out.append(("x_down b after big pump", amm.get_xy_up("b", False)))
    # Liquidating half of b's debt with its 2% health limit.
    fr = f_remove(WAD // 2, 2 * 10**16)
    out.append(("f_remove 0.5 h 0.02", fr))
    x, y = amm.withdraw("b", fr)
    out.append(("withdraw b x", x))
    out.append(("withdraw b y", y))
    # The EMA: from 3000 at t = 0, source 2500, written at 60 s then read at 660 s with source 2400 (T = 600 s).
    p1 = ema_price(3000 * WAD, 0, 2500 * WAD, 60, 600)
    out.append(("ema at 60 s", p1))
    out.append(("ema at 660 s", ema_price(p1, 60, 2400 * WAD, 660, 600)))
    return out


if __name__ == "__main__":
    for name, v in vectors():
        print(f"{name}\t{tok(v)}")
