"""Entry point: ``euno-lint`` and ``python -m euno_lint``.

``--version`` is answered before anything else is imported, so that it costs no more than
starting Python.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line interface."""
    if sys.argv[1:] == ["--version"]:
        from euno_lint import __version__

        sys.stdout.write(f"euno-lint {__version__}\n")
        raise SystemExit(0)
    from euno_lint.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
