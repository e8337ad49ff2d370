"""The benchmark workloads and runner shared by benchmarks/*.py and the smoke test."""
