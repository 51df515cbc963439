#!/usr/bin/env bash
# Ingest benchmark (not a test; run by hand once, on a quiet machine): rows/s of `minqing ingest` on an N-case
# clean sample-district cases.csv next to DuckDB's COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet).
# Usage: [ENGINES='duckdb spark'] ingest/bench/bench.sh 1000000 [WORKDIR]   (after `mvn -pl cli -am package -DskipTests`)
set -euo pipefail
N=${1:-1000000}
W=${2:-/tmp/minqing-bench-$N}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
M=$ROOT/cli/target/minqing
rm -rf "$W" && mkdir -p "$W"
/usr/bin/time -f "generate: %e s, max RSS %M KB" "$M" generate --out "$W/gen" --cases "$N" --seed 1 > /dev/null
CSV=$W/gen/exports/cases.csv
echo "input: $(wc -l < "$CSV") lines, $(du -h "$CSV" | cut -f1)"
for E in ${ENGINES:-duckdb spark}; do
  start=$(date +%s.%N)
  /usr/bin/time -f "minqing ingest --engine $E: %e s wall, %U+%S CPU s, max RSS %M KB" "$M" ingest --engine "$E" --input "$CSV" \
    --lake "$W/lake-$E" --as-of 2030-01-01 --reject-threshold 1 | tail -3
  end=$(date +%s.%N)
  echo "minqing ingest --engine $E rows/s: $(python3 -c "print(round($N/($end-$start)))")"
done
DUCK=$(tr ':' '\n' < "$ROOT/cli/target/classpath.txt" | grep duckdb_jdbc | head -1)
java -cp "$DUCK" "$ROOT/ingest/bench/DuckCopy.java" "$CSV" "$W/duck.parquet"
