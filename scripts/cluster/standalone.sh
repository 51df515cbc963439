#!/usr/bin/env bash
# A Spark standalone cluster on loopback, made from the Spark jars on Maven Central (no Spark download needed):
#   scripts/cluster/standalone.sh start   → master spark://127.0.0.1:$PORT and one worker; prints the master URL
#   scripts/cluster/standalone.sh submit ARGS…  → spark-submit (client mode) of cli/target/minqing-app.jar
#   scripts/cluster/standalone.sh stop
# State lives in $CLUSTER_DIR (default target/cluster). On a real cluster use the distribution's own
# bin/spark-submit with the same jar (see README, "Running on a cluster").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${CLUSTER_DIR:-$root/target/cluster}"
port="${SPARK_MASTER_PORT:-7177}"
master="spark://127.0.0.1:$port"
export SPARK_HOME="$dir/spark-home"
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_MASTER_HOST=127.0.0.1
export SPARK_WORKER_DIR="$dir/work"
jvm_flags="$(cat "$root/cli/target/jvm.options")"

layout() {
  # SPARK_HOME/jars with the jars a Spark distribution of our version has (resolved by Maven).
  if [ ! -f "$SPARK_HOME/jars/.complete" ]; then
    mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf" "$dir/daemon-conf"
    mvn -q -B -f "$root/scripts/cluster/spark-dist.pom.xml" dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$dir/spark-dist.classpath"
    tr ':' '\n' < "$dir/spark-dist.classpath" | while read -r j; do ln -sf "$j" "$SPARK_HOME/jars/"; done
    # Master and worker log at INFO into their own files (the readiness checks below read them);
    # applications submitted to the cluster keep minqing's quiet WARN configuration.
    sed 's/^rootLogger.level = warn/rootLogger.level = info/' "$root/contract/src/main/resources/log4j2.properties" \
      > "$dir/daemon-conf/log4j2.properties"
    cp "$root/contract/src/main/resources/log4j2.properties" "$SPARK_HOME/conf/log4j2.properties"
    touch "$SPARK_HOME/jars/.complete"
  fi
}

wait_for() { # pattern file seconds
  for _ in $(seq 1 "$3"); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 1; done
  echo "timed out waiting for '$1' in $2:" >&2; tail -20 "$2" >&2; return 1
}

case "${1:-}" in
  start)
    layout
    mkdir -p "$dir/logs" "$SPARK_WORKER_DIR"
    # shellcheck disable=SC2086
    java $jvm_flags -Xmx1g -cp "$dir/daemon-conf:$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
      > "$dir/logs/master.log" 2>&1 & echo $! > "$dir/master.pid"
    wait_for "I have been elected leader\|Starting Spark master" "$dir/logs/master.log" 60
    # shellcheck disable=SC2086
    java $jvm_flags -Xmx1g -cp "$dir/daemon-conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "${WORKER_CORES:-2}" --memory "${WORKER_MEMORY:-4g}" --webui-port 0 --work-dir "$SPARK_WORKER_DIR" "$master" \
      > "$dir/logs/worker.log" 2>&1 & echo $! > "$dir/worker.pid"
    wait_for "Successfully registered with master" "$dir/logs/worker.log" 60
    echo "$master"
    ;;
  submit)
    shift
    app="$root/cli/target/minqing-app.jar"
    [ -f "$app" ] || { echo "missing $app: run 'mvn -Pcluster -DskipTests package' first" >&2; exit 2; }
    # shellcheck disable=SC2086
    java $jvm_flags -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
      --master "$master" --deploy-mode client --conf spark.executor.memory=2g --conf spark.cores.max=2 \
      --conf "spark.executor.extraJavaOptions=$jvm_flags" --conf "spark.driver.extraJavaOptions=$jvm_flags" \
      --class io.minqing.cli.Minqing "$app" "$@"
    ;;
  stop)
    for p in worker master; do
      if [ -f "$dir/$p.pid" ]; then kill "$(cat "$dir/$p.pid")" 2>/dev/null || true; rm -f "$dir/$p.pid"; fi
    done
    ;;
  *) echo "usage: $0 start|submit ARGS…|stop" >&2; exit 2 ;;
esac
