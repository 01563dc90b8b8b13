#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/Package.swift and runs each for FUZZ_SECONDS (default 60).
#
#   FUZZ_SECONDS=600 bash fuzz/run.sh [FuzzScenario|FuzzPriceCSV ...]
#
# How it builds: `swift build -c release --sanitize=fuzzer` on this small package, which depends on the
# Cascade package by path. SwiftPM then compiles every target (ours and TOMLKit's C++ toml++) with
# -sanitize=fuzzer coverage and links libFuzzer's main; each fuzz target defines only
# `@_cdecl("LLVMFuzzerTestOneInput")`. (Compiling the sources by hand with swiftc would need TOMLKit's C++ too.)
#
# Seeds: the bad-scenario corpus and the real scenarios for FuzzScenario; the CSVs of Scenarios/data and the
# corpus's replay files for FuzzPriceCSV. Inputs found to crash are written to fuzz/artifacts/<target>/;
# each must become a regression test (Tests/ExperimentsTests/Config/FuzzRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzScenario FuzzPriceCSV)

swift build -c release --sanitize=fuzzer
bin="$(swift build -c release --sanitize=fuzzer --show-bin-path)"

for target in "${targets[@]}"; do
    corpus=".corpus/$target"
    artifacts="artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    case "$target" in
        FuzzScenario)
            seeds=(../Tests/Fixtures/bad-scenarios ../Tests/Fixtures/scenarios ../Scenarios)
            find "${seeds[@]}" -maxdepth 1 -type f -name '*.toml' -exec cp {} "$corpus/" \;
            max_len=16384 ;;
        FuzzPriceCSV)
            find ../Scenarios/data ../Tests/Fixtures/bad-scenarios/data -maxdepth 1 -type f -name '*.csv' -exec cp {} "$corpus/" \;
            max_len=32768 ;;
        *) echo "unknown fuzz target $target" >&2; exit 2 ;;
    esac
    echo "== $target for ${FUZZ_SECONDS} s (corpus $corpus, crashes into $artifacts/)"
    # Swift's own backtracer would catch the crash first and libFuzzer would write no crash file.
    SWIFT_BACKTRACE=enable=no "$bin/$target" "$corpus" -max_total_time="$FUZZ_SECONDS" -max_len="$max_len" -timeout=10 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 2>&1 | tee "$artifacts/last-run.log" | grep -E '^#[0-9]+.*(INITED|DONE|pulse)|^stat::|==ERROR|SUMMARY|Test unit written' || true
done
