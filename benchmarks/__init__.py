"""Benchmarks for euno-lint: a deterministic workload generator and a side-by-side runner.

`benchmarks.generate` writes the Terraform trees (W1 pre-commit, W2 monorepo, W3 heavy, W4 big
file); `benchmarks.run` times euno-lint on them against python-hcl2 alone and plain Python
start-up, and checks the ratios the project promises. Neither is part of the shipped package.
"""
