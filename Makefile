# blandby: `make test` is what CI runs (.ci/run) and what a developer runs
# before pushing. It checks formatting, vets, runs every test with the race
# detector (against a real SQLite file and a throwaway PostgreSQL cluster,
# started by scripts/with-postgres when the PostgreSQL binaries are there),
# then the full-scale tier without it (FULLSCALE below), and runs each fuzz
# target briefly.
#
# `make check` is the inner loop (under a minute once built): formatting, vet
# and the unit tests with -short, which leaves out the browser tests, the
# full-scale synthetic Denmark and the slowest end-to-end runs, without the
# race detector and without PostgreSQL. `make test` runs everything.

GO        ?= go
# FUZZTIME, when set (make fuzz FUZZTIME=2m), fuzzes every target that long;
# by default each target runs the executions it is listed with below (about
# 5 s each here). Counts, not durations: with a duration, Go 1.26's fuzzing
# coordinator can report a spurious "context deadline exceeded" failure as
# the time runs out (go.dev/issue/75804, fixed in Go 1.27).
FUZZTIME  ?=
# package:FuzzTarget:executions triples run by `make fuzz`.
FUZZ_TARGETS = .:FuzzParseDecimal:50000x ./indicator:FuzzRead:5000x ./history:FuzzRead:50000x \
	./register:FuzzCSV:300x ./register:FuzzParquet:200x ./register:FuzzDepartments:20000x

.PHONY: test check fmt-check vet unit short fuzz build demo

test: fmt-check vet unit fuzz

check: fmt-check vet short

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# The full-scale tier: tests of a long sequential computation (the
# calibration of the synthetic Denmark, the report and the monitor over a
# demo, the golden compute run, the crash tests that kill the binary again
# and again, the route matrix, log hygiene, the load figure) and the browser
# tests (web/*browser_test.go: Chromium drives every page, in both languages,
# as each role, with axe-core; the server code they reach runs under the
# detector in the web package's own tests). Their files are built only
# without the race detector (//go:build !race), which finds nothing in them
# and makes them 5–14× slower; unit runs them in a second pass without it.
FULLSCALE      = ^(TestCalibration|TestReportAndMonitor|TestComputeGolden|TestCrashSafety|TestCrashDuringImportAtRandom|TestAuthzMatrix|TestLogHygiene|TestLoadUnderAnonymousFlood|Test\w*Browser\w*|TestLettingKeyboard)$$
FULLSCALE_PKGS = ./synth ./cmd/blandby ./web

unit:
	scripts/with-postgres $(GO) test -race -count=1 -timeout 20m ./...
	scripts/with-postgres $(GO) test -count=1 -timeout 10m -run '$(FULLSCALE)' $(FULLSCALE_PKGS)

short:
	$(GO) test -short -count=1 ./...

# Each fuzz target for its executions, or for FUZZTIME when set.
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; budget=$${rest#*:}; \
		budget=$${FUZZTIME:-$$budget}; \
		echo "fuzz $$pkg $$name ($$budget)"; \
		$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$$budget -fuzzminimizetime=200x $$pkg; \
	done

build:
	$(GO) build -o bin/blandby ./cmd/blandby

demo:
	$(GO) run ./cmd/blandby demo
