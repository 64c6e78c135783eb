#!/bin/sh
# bench/ingest.sh times validated ingest of a person-level census CSV
# against DuckDB's own COPY (FROM read_csv(...)) TO parquet of the same
# file, in the same run, and prints wall seconds, the ratio and peak RSS.
# Each command runs REPS times (default 3), alternating, and the median
# wall time and the largest peak RSS are reported.
#
#   bench/ingest.sh [PERSONS...]      default: 1000000 10000000
#
# Line 1 of a file generated now is the synthetic-data mark of shequ gen;
# read_csv's sniffer skips it (the same 8 columns and rows as without it),
# as the ingest skips it above the header, so files generated before the
# mark, kept in BENCH_DIR, are read alike.
#
# Needs /usr/bin/time. Files go to ${BENCH_DIR:-/tmp/shequ-bench}.
set -eu
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/shequ-bench}
reps=${REPS:-3}
mkdir -p "$dir"
go build -tags duckdb_arrow -o "$dir/shequ" ./cmd/shequ
go build -o "$dir/duckcopy" ./bench/duckcopy
export SHEQU_PII_KEY=${SHEQU_PII_KEY:-0123456789abcdef0123}

# median FILE: the median of the first column, and the largest second.
median() {
	sort -n "$1" | awk '{t[NR]=$1; if ($2>m) m=$2} END {printf "%s %d\n", t[int((NR+1)/2)], m}'
}

printf '%-10s %-6s %9s %9s %6s %12s %12s\n' persons enc copy_s ingest_s ratio copy_rss_mb ingest_rss_mb
[ $# -gt 0 ] || set -- 1000000 10000000
for n in "$@"; do
	for enc in utf-8 gbk; do
		out="$dir/gen-$n-$enc"
		[ -f "$out/persons/人口个案.csv" ] || "$dir/shequ" gen --out "$out" --persons "$n" --persons-encoding "$enc" >/dev/null
	done
	utf="$dir/gen-$n-utf-8/persons/人口个案.csv"
	: >"$dir/copy.times"
	: >"$dir/utf-8.times"
	: >"$dir/gbk.times"
	i=0
	while [ "$i" -lt "$reps" ]; do
		rm -f "$dir/copy.parquet"
		/usr/bin/time -f '%e %M' -a -o "$dir/copy.times" "$dir/duckcopy" \
			"COPY (FROM read_csv('$utf')) TO '$dir/copy.parquet' (FORMAT parquet)" >/dev/null
		for enc in utf-8 gbk; do
			rm -rf "$dir/wh"
			/usr/bin/time -f '%e %M' -a -o "$dir/$enc.times" "$dir/shequ" ingest --warehouse "$dir/wh" \
				--source census_persons --period 2020 "$dir/gen-$n-$enc/persons/人口个案.csv" >/dev/null 2>&1
		done
		i=$((i + 1))
	done
	read -r ct crss <<-EOT
		$(median "$dir/copy.times")
	EOT
	for enc in utf-8 gbk; do
		read -r it irss <<-EOT
			$(median "$dir/$enc.times")
		EOT
		printf '%-10s %-6s %9s %9s %6s %12s %12s\n' "$n" "$enc" "$ct" "$it" \
			"$(echo "$it $ct" | awk '{printf "%.2f", $1/$2}')" "$((crss / 1024))" "$((irss / 1024))"
	done
done
