#!/usr/bin/env bash
# The national benchmark: every community code of China (620,573), generated
# figures for every source. Times and peak memory of
#   1. `shequ build` of the generated warehouse;
#   2. a straightforward pandas script computing the same per-community
#      ratio indicators from CSV copies of the inputs, and a check that the
#      two agree;
#   3. the whole `shequ run` — ingest of the CSV copies, build, reports —
#      into a warehouse of its own (DIR/run-warehouse, reports in
#      DIR/run-reports), twice: the first run ingests everything, the second
#      finds the inputs unchanged (the ingest skips them), so its build and
#      reports phases compare the reports with the build itself. Each
#      phase's time and the process's peak memory so far come from the
#      run's log (msg=run phase=…).
# Results go to BENCHMARKS.md by hand, with the machine.
#
#   bash bench/run.sh [DIR]       (DIR defaults to /tmp/shequ-national, or
#                                  /tmp/shequ-national-N with N set)
#
# Environment:
#   N=20000            use only the first N communities (default: all)
#   RUN_TIMEOUT=600    stop each `shequ run` after so many seconds (default:
#                      no limit); a run stopped in its reports has printed
#                      its summary and logged its ingest and build already
#   SKIP_PANDAS=1      leave out the pandas script and the comparison
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-0}
if [ "$n" -gt 0 ]; then
  dir=${1:-/tmp/shequ-national-$n}
else
  dir=${1:-/tmp/shequ-national}
fi
timeout_s=${RUN_TIMEOUT:-0}
export CGO_ENABLED=1
go build -tags duckdb_arrow -o bin/shequ ./cmd/shequ
# The generated folder is made again when it is missing, predates the run
# configuration, or holds another number of communities.
if [ ! -f "$dir/warehouse/shequ-warehouse.json" ] || [ ! -f "$dir/run.yaml" ] || [ "$(cat "$dir/communities" 2>/dev/null)" != "$n" ]; then
  go run -tags duckdb_arrow ./bench/national --out "$dir" --communities "$n"
  echo "$n" > "$dir/communities"
fi
go build -o "$dir/duckcopy" ./bench/duckcopy
py=/usr/bin/python3
if [ -z "${SKIP_PANDAS:-}" ] && ! "$py" -c 'import pandas' 2>/dev/null; then
  echo "pandas is missing: apt-get install python3-pandas (Debian's, for $py), or set SKIP_PANDAS=1" >&2
  exit 1
fi
measure() { # label command…: prints wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" "$@" > "$dir/$label.out" 2> "$dir/$label.err" || { cat "$dir/$label.err"; exit 1; }
  grep -E "^$label:" "$dir/$label.err"
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "communities: $(if [ "$n" -gt 0 ]; then echo "the first $n"; else echo all; fi)"
measure shequ-build bin/shequ build --warehouse "$dir/warehouse"
grep -E "step=" "$dir/shequ-build.err" | sed 's/.*step=/  step=/'
if [ -z "${SKIP_PANDAS:-}" ]; then
  measure pandas "$py" bench/pandas_indicators.py "$dir/csv" "$dir/pandas.csv"
  cat "$dir/pandas.out"
  # shequ query reads no files, so the two are compared in a DuckDB of its
  # own (bench/duckcopy prints each result row to standard error).
  "$dir/duckcopy" "ATTACH '$dir/warehouse/shequ.duckdb' AS w (READ_ONLY)" "
    SELECT count(*) AS compared,
           count(*) FILTER (WHERE (s.value IS NULL) <> (p.value IS NULL) OR abs(s.value - p.value) > 1e-9 * greatest(1, abs(p.value))) AS differ
    FROM w.indicator_values s
    JOIN read_csv('$dir/pandas.csv', types = {'community_code': 'VARCHAR'}) p USING (community_code, indicator_id)" \
    2>"$dir/compare.out" >/dev/null
  echo "compared, differ: $(cat "$dir/compare.out")"
fi

# shequ_run LABEL: one `shequ run --json` under /usr/bin/time (and timeout
# when RUN_TIMEOUT is set); prints its wall time and peak RSS, each phase
# the log recorded, the build's steps, and the state of its reports.
shequ_run() {
  local label=$1 code=0
  local cmd=(bin/shequ run --config "$dir/run.yaml" --json)
  if [ "$timeout_s" -gt 0 ]; then
    cmd=(timeout -k 30 "$timeout_s" "${cmd[@]}")
  fi
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" "${cmd[@]}" > "$dir/$label.json" 2> "$dir/$label.err" || code=$?
  grep -E "^$label:" "$dir/$label.err" || true
  grep -E "msg=run phase=" "$dir/$label.err" | sed 's/.*msg=run /  /' || true
  grep -E "msg=build step=" "$dir/$label.err" | sed 's/.*step=/    step=/' || true
  "$py" - "$dir/$label.json" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    print("  no summary on standard output (the run ended before its commit)")
    sys.exit(0)
st = {}
for f in d["files"]:
    st[f["status"]] = st.get(f["status"], 0) + 1
print("  summary: files %s; %s communities; reports %s" % (
    ", ".join("%d %s" % (v, k) for k, v in sorted(st.items())),
    ", ".join("%s %d" % kv for kv in sorted(((d.get("build") or {}).get("communities") or {}).items())),
    d.get("reports_status", "-")))
EOF
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "  stopped by RUN_TIMEOUT=$timeout_s s (exit $code) $(grep -q 'msg=run phase=commit' "$dir/$label.err" && echo 'after the commit, in the reports' || echo 'before the commit')"
  elif [ "$code" -ne 0 ]; then
    echo "  exit $code:"; grep -E "^shequ:" "$dir/$label.err" | sed 's/^/  /'
    exit 1
  fi
}
rm -rf "$dir/run-warehouse" "$dir/run-reports"
shequ_run shequ-run-first      # ingest, build, reports
shequ_run shequ-run-unchanged  # the same inputs: ingest skipped, build, reports
