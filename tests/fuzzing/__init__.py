"""The fuzzing harness shared by the suite (tests/test_fuzz.py) and fuzz/fuzz_lint.py."""
