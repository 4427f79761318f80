# blandby: `make test` is what CI runs (.ci/run) and what a developer runs
# before pushing. It checks formatting, vets, runs every test with the race
# detector (against a real SQLite file and a throwaway PostgreSQL cluster,
# started by scripts/with-postgres when the PostgreSQL binaries are there)
# and runs each fuzz target briefly.

GO        ?= go
FUZZTIME  ?= 5s
# package:FuzzTarget pairs run by `make fuzz`.
FUZZ_TARGETS = .:FuzzParseDecimal ./indicator:FuzzRead ./history:FuzzRead ./register:FuzzCSV ./register:FuzzParquet

.PHONY: test fmt-check vet unit fuzz build demo

test: fmt-check vet unit fuzz

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	scripts/with-postgres $(GO) test -race -count=1 -timeout 20m ./...

# Each fuzz target for FUZZTIME (override: make fuzz FUZZTIME=2m).
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=2s $$pkg; \
	done

build:
	$(GO) build -o bin/blandby ./cmd/blandby

demo:
	$(GO) run ./cmd/blandby demo
