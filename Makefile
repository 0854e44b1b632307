# rtmpcodec developer tasks. `make test` is the README's test command; CI
# (.ci/run) runs it plus check-generated, lint and a short fuzz pass.

GO ?= go
# Length of each native fuzz target's run in `make fuzz`.
FUZZTIME ?= 30s
# Fuzz workers per target; the project's machines have 2 cores.
FUZZPARALLEL ?= 1
# Cap on minimizing each new interesting input: large inputs otherwise stall
# a short run for up to a minute each.
FUZZMINIMIZE ?= 5s
# Packages holding native fuzz targets: the shared properties in fuzz/, and
# the CLI's own (internal/cli, the command's code).
FUZZPKGS ?= ./fuzz ./internal/cli
# staticcheck is fetched through the Go module proxy at this version.
STATICCHECK_VERSION ?= v0.8.2
# go-fuzz entry point for `make gofuzz` (a Fuzz* function in fuzz/ under the
# gofuzz build tag), its worker count and, optionally, how long to run it
# (empty: until interrupted).
TARGET ?=
GOFUZZ_WORKDIR ?= fuzz/gofuzz-work
GOFUZZPROCS ?= 1
GOFUZZTIME ?=

.PHONY: test test-race interop generate check-generated lint fuzz gofuzz bench build libfuzzer libfuzzer-import fuzz-cover fuzz-seeds

test:
	$(GO) test ./...
	cd bench/peers && GOWORK=off $(GO) test ./...
	@command -v ffmpeg >/dev/null && command -v nginx >/dev/null || \
		echo "NOTE: the interop tests SKIPPED (FFmpeg or nginx not installed); make interop installs them and runs them"

# Every package under the race detector. Allocation pins skip themselves
# there (the detector allocates); `make test` holds them.
test-race:
	$(GO) test -race ./...

# The interop tests against real FFmpeg, nginx-rtmp and others on
# 127.0.0.1, after installing them (Debian packages; needs root). With
# RTMPCODEC_INTEROP set, a program that is missing fails a test instead of
# skipping it. A table of every test's result ends the output.
interop:
	sh interop/install.sh
	RTMPCODEC_INTEROP=1 $(GO) test -count=1 -json ./interop | $(GO) run ./interop/summary

generate:
	$(GO) generate ./...

# Fails when a committed generated file differs from what gen writes now.
check-generated:
	$(GO) run ./gen -root . -check

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags gofuzz ./fuzz/...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Runs every native fuzz target in FUZZPKGS in turn for FUZZTIME each.
# Go 1.26's fuzz coordinator can report "context deadline exceeded" when
# -fuzztime ends while a worker is busy (go.dev/issue/75804, fixed in Go
# 1.27); that run wrote no failing input and is reported, not failed. Any
# other failure, or one that wrote an input, fails the target.
fuzz:
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for pkg in $(FUZZPKGS); do \
		targets=$$($(GO) test $$pkg -list '^Fuzz' | grep '^Fuzz'); \
		if [ -z "$$targets" ]; then echo "no fuzz targets in $$pkg"; exit 1; fi; \
		for t in $$targets; do \
			echo "== $$pkg $$t ($(FUZZTIME))"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) -parallel $(FUZZPARALLEL) > $$log 2>&1; \
			status=$$?; tail -n 4 $$log; \
			if [ $$status -ne 0 ]; then \
				if grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log && [ $$(grep -c -- '--- FAIL' $$log) -eq 1 ]; then \
					echo "note: $$t stopped on Go's fuzztime deadline race (go.dev/issue/75804), no failing input: not counted as a failure"; \
				else cat $$log; exit 1; fi; \
			fi; \
		done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

build:
	$(GO) build -o bin/rtmpcodec ./cmd/rtmpcodec

# Peer comparison (issue 8). bench/peers is a module of its own, so the
# peers never become dependencies of this one; it benchmarks this working
# tree through a replace directive. COUNT runs of BENCHTIME each; the raw
# output lands in bench/peers/results/ (gitignored), then the benchstat
# table (one table per benchmark, implementations as columns, rtmpcodec
# first as the base) and the decode/byte-exactness table are printed.
COUNT ?= 6
BENCHTIME ?= 1s
BENCHSTAT_VERSION ?= v0.0.0-20260908200009-22c9c6c9d4da
# The column order (and set) must match `order` in bench/peers/impl.go; a
# test there checks it.
BENCHSTAT_FLAGS ?= -table .name -row /in -col '/impl@(rtmpcodec rtmpcodec-fresh copy copy-stream frame raw joy4 gortmplib lal goamf0 gortmp livego)'

.PHONY: bench-peers

bench-peers:
	@mkdir -p bench/peers/results
	@cd bench/peers && { GOWORK=off $(GO) test -run '^$$' -bench . -count $(COUNT) -benchtime $(BENCHTIME) . 2>&1; \
		echo $$? > results/status; } | tee results/bench.txt
	@test "$$(cat bench/peers/results/status)" = 0 || { echo "bench-peers: go test failed"; exit 1; }
	@echo
	@cd bench/peers && GOWORK=off $(GO) run golang.org/x/perf/cmd/benchstat@$(BENCHSTAT_VERSION) \
		$(BENCHSTAT_FLAGS) results/bench.txt > results/benchstat.txt && cat results/benchstat.txt
	@echo
	@cd bench/peers && GOWORK=off $(GO) run ./cmd/exactness > results/exactness.txt && cat results/exactness.txt

# Builds every native target in fuzz/ as a libFuzzer binary without Docker
# (clang from Debian, installed when missing; go-118-fuzz-build through the
# module proxy) by running .clusterfuzzlite/build.sh, the OSS-Fuzz build
# script, on a scratch copy of the tree, then runs each for FUZZTIME on its
# seed corpus. TARGETS (a grep -E pattern) picks targets to run, and
# LIBFUZZER_FLAGS adds flags: "-fork=N" or "-jobs=N -workers=N" use N cores.
# Binaries, corpora and crashes stay in .work/libfuzzer. See
# tools/libfuzzer/run.sh.
libfuzzer:
	FUZZTIME=$(FUZZTIME) bash tools/libfuzzer/run.sh

# Turns what `make libfuzzer` found into committed corpus: per target, the
# inputs libFuzzer's merge keeps for coverage the committed corpus lacks,
# written to fuzz/testdata/fuzz/<target> (tools/libfuzzer/import.sh).
libfuzzer-import:
	bash tools/libfuzzer/import.sh

# Replays every fuzz target's committed corpus (its seeds and testdata/fuzz
# files) with coverage of codec/, and prints the statement coverage per
# package and in total, and every function no input reaches with the reason
# fuzz/COVERAGE.md gives. Fails under FUZZCOVER_MIN percent, or when an
# unreached function has no reason.
FUZZCOVER_MIN ?= 90
fuzz-cover:
	@mkdir -p .work
	$(GO) test $(FUZZPKGS) -run '^Fuzz' -count=1 -coverpkg=./codec/... -coverprofile=.work/fuzz-cover.out > .work/fuzz-cover.log || { cat .work/fuzz-cover.log; exit 1; }
	$(GO) run ./internal/fuzzcorpus/cmd/coverreport -profile .work/fuzz-cover.out -gaps fuzz/COVERAGE.md -min $(FUZZCOVER_MIN)

# Writes the committed corpus of every target in fuzz/ into SEEDS_OUT, as
# native files (SEEDS_OUT/native/<target>/), framed for libFuzzer
# (SEEDS_OUT/libfuzzer/<target>/) and as OSS-Fuzz seed zips
# (SEEDS_OUT/zip/).
SEEDS_OUT ?= .work/seeds
fuzz-seeds:
	$(GO) run ./internal/fuzzcorpus/cmd/seedcorpus -pkg ./fuzz -native $(SEEDS_OUT)/native -libfuzzer $(SEEDS_OUT)/libfuzzer -zip $(SEEDS_OUT)/zip

# Builds TARGET with go-fuzz-build (a tool dependency in go.mod) and runs
# go-fuzz on it, seeded with the corpus as raw bytes. Work, new corpus
# entries and crashers stay in $(GOFUZZ_WORKDIR)/$(TARGET).
gofuzz:
	@if [ -z "$(TARGET)" ]; then \
		echo "usage: make gofuzz TARGET=<entry> [GOFUZZTIME=60s] [GOFUZZPROCS=1]; entries:"; \
		grep -ho '^func Fuzz[A-Za-z0-9]*' fuzz/gofuzz_*.go | sed 's/^func /  /'; \
		exit 2; \
	fi
	mkdir -p $(GOFUZZ_WORKDIR)/$(TARGET)
	$(GO) run ./fuzz/cmd/gofuzzseeds -out $(GOFUZZ_WORKDIR)/$(TARGET)/corpus
	$(GO) tool go-fuzz-build -func $(TARGET) -o $(GOFUZZ_WORKDIR)/$(TARGET).zip ./fuzz
	@if [ -n "$(GOFUZZTIME)" ]; then \
		timeout $(GOFUZZTIME) $(GO) tool go-fuzz -bin $(GOFUZZ_WORKDIR)/$(TARGET).zip -workdir $(GOFUZZ_WORKDIR)/$(TARGET) -procs $(GOFUZZPROCS); \
		status=$$?; [ $$status -eq 124 ] || exit $$status; \
		crashers=$$(ls $(GOFUZZ_WORKDIR)/$(TARGET)/crashers 2>/dev/null | grep -vc '\.\(output\|quoted\)$$'); \
		echo "gofuzz: $(TARGET) ran $(GOFUZZTIME); crashers: $$crashers"; [ "$$crashers" = 0 ]; \
	else \
		$(GO) tool go-fuzz -bin $(GOFUZZ_WORKDIR)/$(TARGET).zip -workdir $(GOFUZZ_WORKDIR)/$(TARGET) -procs $(GOFUZZPROCS); \
	fi
