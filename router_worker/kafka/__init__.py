"""Kafka in and out: the consumer with its rebalance listener, per-partition transactional
producers, and the worker that ties them to the pipeline."""
