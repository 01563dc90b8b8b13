#!/usr/bin/env python3
"""Writes the bad-scenario corpus of Tests/CascadeCLITests/BadInputTests.swift.

Each case is NAME.toml (a small valid scenario with one thing wrong), optionally NAME.args (the command line
after `cascade`, `{}` standing for the scenario path; default `run {}`; the test adds `--out FOLDER`), and
NAME.expected: the exact stderr, with $DIR for this folder's absolute path. The .expected files are written by
`make_corpus.py --expected path/to/cascade` and then reviewed by hand: a message that does not tell the user
what is wrong and what was expected is a bug in cascade, not in the corpus.

    python3 Tests/Fixtures/bad-scenarios/make_corpus.py [--expected .build/debug/cascade]
"""
import os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

SIMULATION = '[simulation]\nname = "bad"\nseed = 7\nhorizon = "1d"\ntick = "10m"\n'
ASSET = '[price]\n\n[[price.assets]]\nname = "ETH"\nmodel = "gbm"\ninitial_price = 2000.0\nannual_volatility = 0.8\n'
MARKET = '[market]\n\n[[market.pools]]\nname = "pool"\nasset = "ETH"\ndepth_usd = 5_000_000.0\n'
COLLATERAL = '[protocol]\n\n[[protocol.collateral]]\nname = "ETH"\nltv = 0.80\nliquidation_threshold = 0.825\nliquidation_bonus = 0.05\n'
LIQUIDATION = '[protocol.liquidation]\nmechanism = "fixed-spread"\nclose_factor = 0.5\n'
POSITIONS = ('[positions]\ncount = 20\nsize = { type = "lognormal", zeta = 8.5, sigma = 1.0 }\n'
             'initial_health_factor = { type = "pareto", shape = 3.0, scale = 1.05 }\n')
ORACLE = '[[oracles]]\ntype = "chainlink"\nheartbeat_seconds = "1h"\n'
NETWORK = '[network]\nblock_time_seconds = 12\n'
SWEEP = '[sweep]\nreplications = 2\n\n[[sweep.parameters]]\nkey = "protocol.collateral[0].liquidation_bonus"\nvalues = [0.05, 0.1]\n'
SECTIONS = [SIMULATION, ASSET, MARKET, COLLATERAL, LIQUIDATION, POSITIONS, ORACLE, NETWORK]


def scenario(*, replace=(), drop=(), add='', sweep=False):
    """The valid base with text replacements, sections dropped (by their first line) and text appended."""
    parts = [s for s in SECTIONS if s.splitlines()[0] not in drop]
    text = '\n'.join(parts) + ('\n' + SWEEP if sweep else '') + add
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def replay(file, keys='timestamps = "point"\nafter_end = "hold"\n'):
    return scenario(replace=[('model = "gbm"\ninitial_price = 2000.0\nannual_volatility = 0.8\n',
                              f'model = "replay"\nfile = "{file}"\n{keys}')])


CASES = {
    # TOML syntax
    'syntax-unclosed-table': (scenario(replace=[('[network]', '[network')]), None),
    'syntax-two-values': (scenario(replace=[('seed = 7', 'seed = 7 8')]), None),
    'syntax-duplicate-key': (scenario(replace=[('seed = 7', 'seed = 7\nseed = 8')]), None),
    'syntax-unterminated-string': (scenario(replace=[('name = "bad"', 'name = "bad')]), None),
    'syntax-duplicate-table': (scenario(add='\n[network]\ngas_limit = 1\n'), None),
    'empty-file': ('', None),
    # unknown keys at every level
    'unknown-section': (scenario(add='\n[simulaton]\nseed = 1\n'), None),
    'unknown-key-simulation': (scenario(replace=[('seed = 7', 'seeed = 7')]), None),
    'unknown-key-asset': (scenario(replace=[('annual_volatility = 0.8', 'annual_volatility = 0.8\nvolatility = 0.8')]), None),
    'unknown-key-pool': (scenario(replace=[('depth_usd = 5_000_000.0', 'depth_usd = 5_000_000.0\ndepth = 1.0')]), None),
    'unknown-key-collateral': (scenario(replace=[('liquidation_bonus = 0.05', 'liquidation_bonus = 0.05\nbonus = 0.05')]), None),
    'unknown-key-liquidation': (scenario(replace=[('close_factor = 0.5', 'close_factr = 0.5')]), None),
    'unknown-key-positions': (scenario(replace=[('count = 20', 'count = 20\nnumber = 20')]), None),
    'unknown-key-distribution': (scenario(replace=[('zeta = 8.5, sigma = 1.0', 'zeta = 8.5, sigma = 1.0, mu = 3.0')]), None),
    'unknown-key-oracle': (scenario(replace=[('heartbeat_seconds = "1h"', 'heartbeat = "1h"')]), None),
    'unknown-key-network': (scenario(replace=[('block_time_seconds = 12', 'block_time = 12')]), None),
    'unknown-key-sweep-parameter': (scenario(sweep=True, replace=[('values = [0.05, 0.1]', 'values = [0.05, 0.1]\nvalue = 1')]), 'sweep {}'),
    'key-of-other-model': (scenario(replace=[('annual_volatility = 0.8', 'annual_volatility = 0.8\nomega = 0.0001')]), None),
    # wrong types
    'wrong-type-seed': (scenario(replace=[('seed = 7', 'seed = "seven"')]), None),
    'wrong-type-horizon': (scenario(replace=[('horizon = "1d"', 'horizon = true')]), None),
    'wrong-type-count': (scenario(replace=[('count = 20', 'count = 20.5')]), None),
    'wrong-type-assets-table': (scenario(replace=[('[[price.assets]]', '[price.assets]')]), None),
    'wrong-type-distribution': (scenario(replace=[('size = { type = "lognormal", zeta = 8.5, sigma = 1.0 }', 'size = "big"')]), None),
    'bad-duration': (scenario(replace=[('horizon = "1d"', 'horizon = "1 fortnight"')]), None),
    # missing required sections and keys
    'missing-simulation': (scenario(drop=['[simulation]']), None),
    'missing-price': (scenario(drop=['[price]'], replace=[]), None),
    'missing-market': (scenario(drop=['[market]']), None),
    'missing-protocol': (scenario(drop=['[protocol]', '[protocol.liquidation]']), None),
    'missing-liquidation': (scenario(drop=['[protocol.liquidation]']), None),
    'missing-positions': (scenario(drop=['[positions]']), None),
    'missing-horizon': (scenario(replace=[('horizon = "1d"\n', '')]), None),
    # out-of-range values
    'negative-volatility': (scenario(replace=[('annual_volatility = 0.8', 'annual_volatility = -0.8')]), None),
    'lt-above-one': (scenario(replace=[('liquidation_threshold = 0.825', 'liquidation_threshold = 1.2')]), None),
    'ltv-above-lt': (scenario(replace=[('ltv = 0.80', 'ltv = 0.90')]), None),
    'english-auction-flash-loan': (scenario(replace=[('mechanism = "fixed-spread"\nclose_factor = 0.5\n', 'mechanism = "english-auction"\n')],
                                            add='\n[[liquidators]]\nname = "bidder"\ncapital = "flash-loan"\n'), None),
    'liquidator-channel-unknown': (scenario(add='\n[[liquidators]]\nname = "bot"\nchannel = "flashbots"\n'), None),
    'liquidator-revert-gas-share': (scenario(add='\n[[liquidators]]\nname = "bot"\nrevert_gas_share = 1.5\n'), None),
    'borrowers-latency-without-mean': (scenario(add='\n[borrowers]\nenabled = true\nreaction_latency = { type = "cauchy", location = 600.0, scale = 60.0 }\n'), None),
    'close-factor-zero': (scenario(replace=[('close_factor = 0.5', 'close_factor = 0.0')]), None),
    'close-factor-above-one': (scenario(replace=[('close_factor = 0.5', 'close_factor = 1.5')]), None),
    'correlation-not-positive-definite': (scenario(
        replace=[('[[price.assets]]', 'correlation = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]\n\n[[price.assets]]')],
        add='\n[[price.assets]]\nname = "BTC"\nmodel = "gbm"\ninitial_price = 30000.0\nannual_volatility = 0.6\n'
            '\n[[price.assets]]\nname = "SOL"\nmodel = "gbm"\ninitial_price = 20.0\nannual_volatility = 1.2\n'), None),
    'garch-alpha-plus-beta': (scenario(replace=[('model = "gbm"\ninitial_price = 2000.0\nannual_volatility = 0.8\n',
        'model = "garch"\ninitial_price = 2000.0\nomega = 0.000001\nalpha = 0.3\nbeta = 0.7\ndegrees_of_freedom = 5.0\n')]), None),
    'zero-block-time': (scenario(replace=[('block_time_seconds = 12', 'block_time_seconds = 0')]), None),
    'zero-heartbeat': (scenario(replace=[('heartbeat_seconds = "1h"', 'heartbeat_seconds = 0')]), None),
    'zero-tick': (scenario(replace=[('tick = "10m"', 'tick = "0s"')]), None),
    'negative-count': (scenario(replace=[('count = 20', 'count = -5')]), None),
    # NaN and infinity, in the file and in --set
    'nan-volatility': (scenario(replace=[('annual_volatility = 0.8', 'annual_volatility = nan')]), None),
    'inf-initial-price': (scenario(replace=[('initial_price = 2000.0', 'initial_price = inf')]), None),
    'set-nan': (scenario(), 'run {} --set price.assets[0].annual_volatility=nan'),
    'set-inf': (scenario(), 'run {} --set protocol.liquidation.close_factor=inf'),
    'set-negative-inf': (scenario(), 'run {} --set price.assets[0].initial_price=-inf'),
    'set-no-equals': (scenario(), 'run {} --set price.assets[0].initial_price'),
    'set-bad-key-path': (scenario(), 'run {} --set price..assets=1'),
    'set-missing-entry': (scenario(), 'run {} --set liquidators[3].count=2'),
    # replay files
    'replay-missing-file': (replay('data/no-such-file.csv'), None),
    'replay-empty-file': (replay('data/empty.csv'), None),
    'replay-duplicate-timestamp': (replay('data/duplicate-timestamp.csv'), None),
    'replay-negative-price': (replay('data/negative-price.csv'), None),
    'replay-binary-file': (replay('data/binary.csv'), None),
    'replay-directory': (replay('data'), None),
    'osm-delay-with-transactions': (scenario(replace=[('type = "chainlink"\nheartbeat_seconds = "1h"\n', 'type = "osm"\npokes = "transactions"\ndelay_seconds = "30m"\n')]), None),
    'osm-median-key-with-free-pokes': (scenario(replace=[('type = "chainlink"\nheartbeat_seconds = "1h"\n', 'type = "osm"\nmedian_spread = 0.01\n')]), None),
    'replay-timestamps-missing': (replay('data/unsorted.csv', keys=''), None),
    'replay-milliseconds': (replay('data/milliseconds.csv'), None),
    'replay-horizon-past-end': (replay('data/unsorted.csv', keys='timestamps = "point"\n'), None),
    'replay-bar-high': (replay('data/bars.csv', keys='price_column = "high"\ntimestamps = "bar_open"\nafter_end = "hold"\n'), None),
    # scripted moves: the error names the entry's own line, and a misspelt shape is the only problem
    'moves-bad-shape': (scenario(replace=[('annual_volatility = 0.8', 'annual_volatility = 0.8\n\n[[price.assets.moves]]\n'
                                           'shape = "linear"\nchange = -0.2\nstart_seconds = "2h"\nduration_seconds = "1h"\n\n'
                                           '[[price.assets.moves]]\nshape = "lineer"\nchange = -0.2\nstart_seconds = "5h"\n'
                                           'duration_seconds = "1h"')]), None),
    # sweeps
    'sweep-zero-points': (scenario(sweep=True, replace=[('values = [0.05, 0.1]', 'values = []')]), 'sweep {}'),
    'sweep-missing-section': (scenario(), 'sweep {}'),
    'sweep-shard-out-of-range': (scenario(sweep=True), 'sweep {} --shard 3/2'),
    'sweep-shard-malformed': (scenario(sweep=True), 'sweep {} --shard half'),
    'sweep-bad-point': (scenario(sweep=True, replace=[('values = [0.05, 0.1]', 'values = [0.05, 1.5]')]), 'sweep {}'),
    'sweep-case-mechanism-keys': (scenario(add='\n[sweep]\ndesign = "cases"\nreplications = 1\n\n[[sweep.cases]]\nname = "dutch"\n'
                                           'set = { "protocol.liquidation.mechanism" = "dutch-auction" }\n'), 'sweep {}'),
}

DATA = {
    'empty.csv': b'',
    'duplicate-timestamp.csv': b'unix_time_s,close\n1583798400,203.42\n1583802000,201.18\n1583802000,199.00\n',
    'negative-price.csv': b'unix_time_s,close\n1583798400,203.42\n1583802000,-201.18\n',
    'binary.csv': bytes(range(256)) * 4,
    # Rows out of order are allowed (sorted on load): BadInputTests checks this one runs.
    'unsorted.csv': b'unix_time_s,close\n1583805600,199.50\n1583798400,203.42\n1583802000,201.18\n',
    'milliseconds.csv': b'unix_time_s,close\n1583798400000,203.42\n1583802000000,201.18\n',
    'bars.csv': b'unix_time_s,open,high,low,close\n1583798400,202.77,204.08,200.77,203.42\n1583802000,203.42,204.79,200.75,201.18\n',
}


def write():
    os.makedirs(os.path.join(HERE, 'data'), exist_ok=True)
    for name, data in DATA.items():
        with open(os.path.join(HERE, 'data', name), 'wb') as f:
            f.write(data)
    for name, (text, args) in CASES.items():
        with open(os.path.join(HERE, name + '.toml'), 'w') as f:
            f.write(text)
        args_path = os.path.join(HERE, name + '.args')
        if args:
            with open(args_path, 'w') as f:
                f.write(args + '\n')
        elif os.path.exists(args_path):
            os.remove(args_path)
    with open(os.path.join(HERE, 'replay-unsorted-ok.toml'), 'w') as f:
        f.write(replay('data/unsorted.csv'))
    # Byte-level cases that no text editor would write.
    with open(os.path.join(HERE, 'invalid-utf8.toml'), 'wb') as f:
        f.write(scenario().encode().replace(b'name = "bad"', b'name = "b\xff\xfed"'))
    with open(os.path.join(HERE, 'binary-nul.toml'), 'wb') as f:
        f.write(b'[simulation]\x00\x01\x02' + bytes(range(256)))


def expected(binary):
    names = sorted(n[:-5] for n in os.listdir(HERE) if n.endswith('.toml') and n != 'replay-unsorted-ok.toml')
    for name in names:
        args_path = os.path.join(HERE, name + '.args')
        args = open(args_path).read().split() if os.path.exists(args_path) else ['run', '{}']
        argv = [binary] + [name + '.toml' if a == '{}' else a for a in args] + ['--out', '/nonexistent-cascade-out']
        p = subprocess.run(argv, cwd=HERE, capture_output=True)
        err = p.stderr.decode('utf-8', 'replace').replace(HERE, '$DIR')
        print(f'--- {name} (exit {p.returncode})\n{err}')
        with open(os.path.join(HERE, name + '.expected'), 'w') as f:
            f.write(err)


if __name__ == '__main__':
    write()
    if len(sys.argv) == 3 and sys.argv[1] == '--expected':
        expected(os.path.abspath(sys.argv[2]))
