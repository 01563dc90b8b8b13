#!/usr/bin/env python3
"""Hold-model benchmark in SimPy, the peer for Cascade's SimKernel (see ../README.md).

Same model as ../hold/hold.c and Experiments.runHoldModel: PENDING events are always scheduled; each time the
earliest fires, one replacement is scheduled at its time + Exponential(mean 1). In SimPy's idiom the pending
events are `env.timeout`s of PENDING concurrent processes, each looping `yield env.timeout(delay)`; every
timeout that fires is one event. SimPy's scheduler is the same (time, priority, event id) heap.

Draws: Python's `random.Random(seed).expovariate(1.0)` (Mersenne Twister, but Python's seeding and inversion,
not GSL's), so final_time is statistically, not bitwise, comparable with the Swift and C runs. The draw order
matches theirs: the initial delays in process order, then one per fired event.

Prints: events=N seconds=S events_per_second=E final_time=T
"""
import argparse
import random
import time

import simpy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to fire (default 1,000,000)")
    parser.add_argument("--pending", type=int, default=1_000, help="events kept scheduled (default 1,000)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.events < 0 or args.pending <= 0:
        parser.error(f"need --events >= 0 and --pending > 0, got {args.events} and {args.pending}")

    env = simpy.Environment()
    draw = random.Random(args.seed).expovariate
    target = args.events
    fired = 0
    last_time = 0.0
    done = env.event()

    def holder(env):
        nonlocal fired, last_time
        while True:
            yield env.timeout(draw(1.0))
            if fired == target:
                return
            fired += 1
            last_time = env.now
            if fired == target:
                done.succeed()

    start = time.perf_counter()
    for _ in range(args.pending):
        env.process(holder(env))
    if target > 0:
        env.run(until=done)
    seconds = time.perf_counter() - start
    rate = fired / seconds if seconds > 0 else 0.0
    print(f"events={fired} seconds={seconds:.6f} events_per_second={rate:.0f} final_time={last_time:.17g}")


if __name__ == "__main__":
    main()
