"""Reproducible benchmarks of the escalation router: engine, pipeline overhead, end to end.

``python -m benchmarks.run --quick --json``; see benchmarks/README.md.
"""
