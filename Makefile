# Cascade — see README.md. `make help` lists the targets.
SWIFT        ?= swift
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE_BIN  := .build/release/cascade
SCENARIO     ?= Scenarios/baseline.toml
RESULTS      ?= Results

.PHONY: help setup build run test bench plots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Install GSL (libgsl-dev) and pkg-config if missing
	@bash scripts/setup.sh

build: setup ## Build the cascade tool in release mode
	$(SWIFT) build -c release --product cascade

run: build ## Set up, build and run the main study on the default scenario into Results/
	$(RELEASE_BIN) run $(SCENARIO) --out $(RESULTS)/baseline

test: setup ## Set up and run the whole test suite
	$(SWIFT) build -c release --product cascade
	$(SWIFT) test

bench: build ## Run the benchmarks (kernel hold model vs C reference, ...)
	bash benchmarks/kernel.sh 1000 10 42 >/dev/null  # builds benchmarks/bin/hold_c
	$(RELEASE_BIN) bench all --runs 5 --c-reference benchmarks/bin/hold_c --simpy benchmarks/peer/run_simpy.sh

plots: ## Plot a result folder as PNGs into it (RESULTS=Results/baseline); sets up .venv-plots/
	@bash scripts/plots/setup_venv.sh
	.venv-plots/bin/python scripts/plots/plot_results.py $(RESULTS)

clean: ## Remove build output and generated results
	rm -rf .build benchmarks/bin benchmarks/.venv .venv-plots
	find $(RESULTS) -mindepth 1 ! -name README.md -exec rm -rf {} +
