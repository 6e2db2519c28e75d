# escalation-router: the commands a developer and CI use.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install install-train kafka-install kafka-up kafka-down test test-fast lint format schemas demo model bench clean

install:            ## the worker + test tools (no torch)
	$(PIP) install -q -e '.[dev]'

install-train:      ## + the training extra (torch, transformers)
	$(PIP) install -q -e '.[dev,train]'

kafka-install:      ## resolve Apache Kafka's jars from Maven Central into ~/.cache
	scripts/kafka.sh install

kafka-up:           ## a single-node KRaft broker on 127.0.0.1:19092
	scripts/kafka.sh start

kafka-down:
	scripts/kafka.sh stop

test:               ## every test; starts its own broker unless KAFKA_BOOTSTRAP_SERVERS is set
	$(PYTHON) -m pytest -q -rs

test-fast:          ## no broker, no torch
	$(PYTHON) -m pytest -q -m "not kafka and not torch and not slow"

lint:
	ruff check .
	ruff format --check .
	mypy

format:
	ruff format .
	ruff check --fix .

schemas:            ## regenerate schemas/*.schema.json from the pydantic models
	$(PYTHON) -m router_worker.cli schemas --out schemas

demo: install kafka-install  ## broker + worker + sample producer, decisions printed live
	$(PYTHON) scripts/demo.py

model: install-train  ## rebuild the default model (see README: "The model")
	scripts/build_default_model.sh

bench:              ## benchmarks/run --quick --json
	$(PYTHON) -m benchmarks.run --quick --json

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
