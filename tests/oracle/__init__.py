"""Terraform as the oracle: a stand-in provider that serves a schema, and a harness that runs
Terraform offline against it (see harness.py)."""
