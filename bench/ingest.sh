#!/bin/sh
# bench/ingest.sh times validated ingest of a person-level census CSV
# against DuckDB's own COPY (FROM read_csv(...)) TO parquet of the same
# file, in the same run, and prints wall seconds, the ratio and peak RSS.
#
#   bench/ingest.sh [PERSONS...]      default: 1000000 10000000
#
# Needs /usr/bin/time. Files go to ${BENCH_DIR:-/tmp/shequ-bench}.
set -eu
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/shequ-bench}
mkdir -p "$dir"
go build -o "$dir/shequ" ./cmd/shequ
go build -o "$dir/duckcopy" ./bench/duckcopy
export SHEQU_PII_KEY=${SHEQU_PII_KEY:-0123456789abcdef0123}
printf '%-10s %-6s %9s %9s %6s %12s %12s\n' persons enc copy_s ingest_s ratio copy_rss_mb ingest_rss_mb
[ $# -gt 0 ] || set -- 1000000 10000000
for n in "$@"; do
	for enc in utf-8 gbk; do
		out="$dir/gen-$n-$enc"
		f="$out/persons/人口个案.csv"
		[ -f "$f" ] || "$dir/shequ" gen --out "$out" --persons "$n" --persons-encoding "$enc" >/dev/null
		if [ "$enc" = utf-8 ]; then
			rm -f "$dir/copy.parquet"
			/usr/bin/time -f '%e %M' -o "$dir/copy.time" "$dir/duckcopy" \
				"COPY (FROM read_csv('$f')) TO '$dir/copy.parquet' (FORMAT parquet)" >/dev/null
		fi
		rm -rf "$dir/wh"
		/usr/bin/time -f '%e %M' -o "$dir/ingest.time" "$dir/shequ" ingest --warehouse "$dir/wh" \
			--source census_persons --period 2020 "$f" >/dev/null 2>&1
		read -r ct crss <"$dir/copy.time"
		read -r it irss <"$dir/ingest.time"
		printf '%-10s %-6s %9s %9s %6s %12s %12s\n' "$n" "$enc" "$ct" "$it" \
			"$(echo "$it $ct" | awk '{printf "%.2f", $1/$2}')" "$((crss / 1024))" "$((irss / 1024))"
	done
done
