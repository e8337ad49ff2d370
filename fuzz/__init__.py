"""Fuzzing for euno-lint: mutations of Terraform modules, the lint target, and the harness."""
