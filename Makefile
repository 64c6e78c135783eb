# shequ: a thin layer over the go tool. DuckDB links through cgo, and
# duckdb-go's Arrow interface (used by the build and by shequ query) needs
# the duckdb_arrow build tag: every go command here passes it.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
TAGS    := duckdb_arrow
export CGO_ENABLED = 1

BIN := bin/shequ

.PHONY: all build demo test test-short bench bench-ingest bench-workbook lint golden fuzz clean

all: build

build:
	$(GO) build -tags $(TAGS) -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/shequ

## demo: generate the sample exports and run the whole pipeline into ./shequ-demo
demo: build
	./$(BIN) demo --out shequ-demo

## test: every test, including the end-to-end ones that drive the built binary
test:
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -count=1 ./...

test-short:
	$(GO) test -tags $(TAGS) -short ./...

## bench: Go benchmarks, the national build against pandas, the ingest against DuckDB's COPY, then workbook memory (see BENCHMARKS.md)
bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	bash bench/run.sh
	sh bench/ingest.sh
	$(GO) run ./bench/workbook
	$(MAKE) build && $(GO) run ./bench/workbook --ingest $(BIN)

## bench-workbook: peak memory and time of reading workbooks of 300k, 1M and 2M rows (slow; see BENCHMARKS.md)
bench-workbook: build
	$(GO) run ./bench/workbook
	$(GO) run ./bench/workbook --ingest $(BIN)

## bench-ingest: 1M and 10M-row person-level ingest against DuckDB's COPY (slow; see BENCHMARKS.md)
bench-ingest:
	sh bench/ingest.sh

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

## golden: regenerate testdata/exports and the decoder fixtures
golden:
	$(GO) test -tags $(TAGS) ./internal/samplegen/ -run TestFixture -update
	$(GO) test -tags $(TAGS) ./pipelines/decode/ -run TestGenerateFixtures -update

## fuzz: run each fuzz target for a minute
fuzz:
	for t in FuzzParseInt FuzzParseFloat FuzzParseDate FuzzParseDateTime FuzzCheckResidentID FuzzHeaderKey; do $(GO) test -tags $(TAGS) ./pipelines/values/ -run '^$$' -fuzz "^$$t$$" -fuzztime 60s || exit 1; done
	$(GO) test -tags $(TAGS) ./pipelines/decode/ -run '^$$' -fuzz '^FuzzDecodeCSV$$' -fuzztime 60s
	$(GO) test -tags $(TAGS) ./pipelines/decode/ -run '^$$' -fuzz '^FuzzChunks$$' -fuzztime 60s
	$(GO) test -tags $(TAGS) ./internal/inequality/ -run '^$$' -fuzz '^FuzzMeasures$$' -fuzztime 60s

clean:
	rm -rf bin shequ-demo
