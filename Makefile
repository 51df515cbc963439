# minqing — the two commands are `make run` and `make test`; the rest are for developers.
# Everything the commands need is installed by these targets (Maven downloads the libraries).
MVN ?= mvn -B -q
MINQING := cli/target/minqing
OUT ?= out
SEED ?= 20210831

.PHONY: help deps build run test clean cluster-test bench eval

help:
	@echo "make run    - build, then run the pipeline on a generated sample district (output under $(OUT)/)"
	@echo "make test   - run every test (what CI runs)"
	@echo "make build  - compile and package the minqing launcher only ($(MINQING))"
	@echo "make cluster-test - ingest + transform through spark-submit on a loopback standalone cluster, compared with the embedded engine"
	@echo "make bench  - time every stage at 100k/1M/10M cases next to hand-written DuckDB (BENCH_SIZES=\"20000\" for a quick run); not part of make test"
	@echo "make eval   - topic quality: NMI/ARI/purity on the Teddy Cup labels, planted stories on the sample district; not part of make test"
	@echo "make clean  - remove build output and $(OUT)/"

deps:
	@bash scripts/ensure-report-deps.sh

build:
	$(MVN) -DskipTests install
	@chmod +x $(MINQING)

run: deps build
	$(MINQING) run --out $(OUT) --seed $(SEED)

test: deps
	mvn -B verify

cluster-test: deps
	bash scripts/cluster/cluster-test.sh

bench: deps build
	bash scripts/bench.sh

eval: build
	mvn -B -q -pl transform -am -Ptopics-eval verify -DskipTests

clean:
	mvn -B -q clean
	rm -rf $(OUT)
