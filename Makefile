# minqing — the two commands are `make run` and `make test`; the rest are for developers.
# Everything the commands need is installed by these targets (Maven downloads the libraries).
MVN ?= mvn -B -q
MINQING := cli/target/minqing
OUT ?= out
SEED ?= 20210831

.PHONY: help build run test test-fast clean

help:
	@echo "make run    - build, then run the pipeline on a generated sample district (output under $(OUT)/)"
	@echo "make test   - run every test (what CI runs)"
	@echo "make build  - compile and package the minqing launcher only ($(MINQING))"
	@echo "make clean  - remove build output and $(OUT)/"

build:
	$(MVN) -DskipTests install
	@chmod +x $(MINQING)

run: build
	$(MINQING) run --out $(OUT) --seed $(SEED)

test:
	mvn -B verify

clean:
	mvn -B -q clean
	rm -rf $(OUT)
