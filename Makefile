# Cascade — see README.md. `make help` lists the targets.
SWIFT        ?= swift
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE_BIN  := .build/release/cascade
SCENARIO     ?= Scenarios/crash-mechanisms.toml
RESULTS      ?= Results
STUDY        ?= $(RESULTS)/$(basename $(notdir $(SCENARIO)))
PLOTS        ?= $(STUDY) $(STUDY)/run-0

.PHONY: help setup build run test bench plots clean dist cluster-test

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Install GSL (libgsl-dev) and pkg-config if missing
	@bash scripts/setup.sh

build: setup ## Build the cascade tool in release mode
	$(SWIFT) build -c release --product cascade

run: build ## Set up, build and run the main study (a crash under 4 mechanisms x 2 oracles, figures) into Results/crash-mechanisms
	@rm -rf $(STUDY)
	$(RELEASE_BIN) sweep $(SCENARIO) --out $(STUDY)
	$(RELEASE_BIN) run $(SCENARIO) --out $(STUDY)/run-0
	@bash scripts/plots/setup_venv.sh
	.venv-plots/bin/python scripts/plots/plot_results.py $(STUDY) $(STUDY)/run-0
	@echo "What the figures show: Results/README.md"

test: setup ## Set up and run the whole test suite
	@bash scripts/plots/setup_venv.sh
	$(SWIFT) test

bench: build ## Run the benchmarks (kernel hold model vs C reference, ...)
	bash benchmarks/kernel.sh 1000 10 42 >/dev/null  # builds benchmarks/bin/hold_c
	$(RELEASE_BIN) bench all --runs 5 --c-reference benchmarks/bin/hold_c --simpy benchmarks/peer/run_simpy.sh

plots: ## Plot result folders as PNGs into them (PLOTS="Results/baseline ..."); sets up .venv-plots/
	@bash scripts/plots/setup_venv.sh
	.venv-plots/bin/python scripts/plots/plot_results.py $(PLOTS)

dist: setup ## Build dist/cascade with the Swift runtime linked in (for cluster nodes without the toolchain) and check it
	$(SWIFT) build -c release --product cascade --static-swift-stdlib --build-path .build-dist
	@mkdir -p dist
	cp .build-dist/release/cascade dist/cascade
	$(SWIFT) build -c release --product cascade
	bash scripts/dist_check.sh dist/cascade $(RELEASE_BIN)

cluster-test: dist ## Run a sharded sweep on a throw-away single-node Slurm cluster (installs slurm-wlm, munge); not part of make test
	bash scripts/slurm/cluster_test.sh dist/cascade

clean: ## Remove build output and generated results
	rm -rf .build .build-dist dist benchmarks/bin benchmarks/.venv .venv-plots
	find $(RESULTS) -mindepth 1 ! -name README.md -exec rm -rf {} +

# --- Robustness (issue 9): not part of `make test` -------------------------------------------------------
FUZZ_SECONDS ?= 60
SOAK_RUNS    ?= 100000
.PHONY: fuzz sanitize soak

fuzz: setup ## Fuzz the scenario reader and the replay CSV reader, FUZZ_SECONDS each (default 60)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

sanitize: setup ## Tests under the address sanitizer, parallel sweep tests under the thread sanitizer
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 $(SWIFT) test --sanitize=address --build-path .build-asan
	$(SWIFT) test --sanitize=thread --build-path .build-tsan --filter 'SweepExecutorTests|FailedRunTests|EndToEndTests|InterruptionTests'

soak: build ## Sweep a tiny scenario SOAK_RUNS times (default 100000), reporting RSS and open files
	bash scripts/soak.sh $(RELEASE_BIN) $(SOAK_RUNS)
