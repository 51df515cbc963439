#!/usr/bin/env bash
# make bench: times every pipeline stage (each its own process through cli/target/minqing) at several input sizes,
# next to hand-written DuckDB counterparts of ingest and metrics; prints the table and writes
# $BENCH_OUT/bench.csv, bench.txt and bench.png. Not part of make test. Needs `make build` first.
#
#   BENCH_SIZES   case counts, default "100000 1000000 10000000" (e.g. BENCH_SIZES="20000" for a quick check)
#   BENCH_OUT     output folder, default target/bench (logs/ per process; work/ is deleted per size unless BENCH_KEEP=1)
#   BENCH_MONTH   month the report stage renders, default 2021-08
#   BENCH_ENGINES "duckdb spark" (default: ingest, metrics and topics also timed with --engine spark) or "duckdb"
#   MINQING_JAVA_OPTS  extra JVM options for the minqing stages (e.g. -Xmx8g), passed through the launcher
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ! -x cli/target/minqing || ! -f bench/target/classpath.txt ]]; then
  echo "bench: build first: make build (cli/target/minqing and bench/target/classpath.txt are missing)" >&2
  exit 2
fi
# Peak memory comes from GNU time -v; install it when missing and we may.
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "bench: installing GNU time (Debian package 'time') for peak-memory measurement"
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
  else
    echo "bench: /usr/bin/time (GNU time) is missing; install the 'time' package (apt-get install time)" >&2
    exit 2
  fi
fi

args=(--sizes "${BENCH_SIZES:-100000 1000000 10000000}" --out "${BENCH_OUT:-target/bench}" --month "${BENCH_MONTH:-2021-08}"
      --engines "${BENCH_ENGINES:-duckdb spark}")
if [[ "${BENCH_KEEP:-0}" == 1 ]]; then args+=(--keep); fi
exec java -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.minqing.bench.PipelineBench "${args[@]}"
