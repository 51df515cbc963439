#!/usr/bin/env bash
# The cluster test (make cluster-test): the same ingest and transform run once on the default embedded engine
# (DuckDB, in-process, no Spark) and once through spark-submit (the Spark engine) against a standalone master +
# worker on loopback, and every staged, rejects and mart table of the two lakes must be identical row for row.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${CLUSTER_TEST_DIR:-$root/target/cluster-test}"
export CLUSTER_DIR="$work/cluster"
rm -rf "$work/sample" "$work/lake-local" "$work/lake-cluster"
mkdir -p "$work"
cd "$root"
make build                                             # the local launcher, with Spark on its classpath
mvn -B -q -Pcluster -DskipTests -pl cli package        # + cli/target/minqing-app.jar, Spark provided
chmod +x cli/target/minqing
minqing=cli/target/minqing
sub=scripts/cluster/standalone.sh
# read CSV files over 512 KiB in 256 KiB ranges (three of the messy exports), so the parallel scan and the range
# reading run on the executors too
export MINQING_INGEST_SPLIT_MB=0.25
trap '"$sub" stop' EXIT

"$minqing" generate --out "$work/sample" --seed 42 --from 2021-01 --to 2021-08 --messy   # messy: GBK, XLSX, rejects too
"$minqing" ingest --engine duckdb --input "$work/sample/exports" --profile sample-district --demo --lake "$work/lake-local"
"$minqing" transform --engine duckdb --lake "$work/lake-local"

"$sub" start
"$sub" submit ingest --input "$work/sample/exports" --profile sample-district --demo --lake "$work/lake-cluster"
"$sub" submit transform --lake "$work/lake-cluster"

duckdb_jar="$(tr ':' '\n' < cli/target/classpath.txt | grep duckdb_jdbc)"
java -cp "$duckdb_jar" scripts/cluster/CompareLakes.java "$work/lake-local" "$work/lake-cluster"
