#!/usr/bin/env bash
# The national benchmark: every community code of China (620,573), generated
# figures for every source; time and peak memory of `shequ build`, of a
# straightforward pandas script computing the same per-community ratio
# indicators, and a check that the two agree. Results go to BENCHMARKS.md by
# hand, with the machine.
#
#   bash bench/run.sh [DIR]    (DIR defaults to /tmp/shequ-national)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/shequ-national}
export CGO_ENABLED=1
go build -tags duckdb_arrow -o bin/shequ ./cmd/shequ
if [ ! -f "$dir/warehouse/shequ-warehouse.json" ]; then
  go run -tags duckdb_arrow ./bench/national --out "$dir"
fi
go build -o "$dir/duckcopy" ./bench/duckcopy
py=/usr/bin/python3
if ! "$py" -c 'import pandas' 2>/dev/null; then
  echo "pandas is missing: apt-get install python3-pandas (Debian's, for $py)" >&2
  exit 1
fi
measure() { # label command…: prints wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" "$@" > "$dir/$label.out" 2> "$dir/$label.err" || { cat "$dir/$label.err"; exit 1; }
  grep -E "^$label:" "$dir/$label.err"
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
measure shequ-build bin/shequ build --warehouse "$dir/warehouse"
grep -E "step=" "$dir/shequ-build.err" | sed 's/.*step=/  step=/'
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
