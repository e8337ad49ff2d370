"""The language server (``euno-lint --lsp``): diagnostics, code actions and hover for editors.

`positions` converts between our 1-based character columns and LSP's 0-based UTF-16 positions,
`protocol` turns findings into diagnostics, code actions and hover text, `session` lints open
buffers with their module on disk, and `server` wires them to pygls. Only this package imports
pygls and lsprotocol; they come with the ``lsp`` extra.
"""

from __future__ import annotations

INSTALL_HINT = "pip install 'euno-lint[lsp]'"


def available() -> bool:
    """Whether pygls, which the server needs, can be imported."""
    try:
        import pygls  # noqa: F401
    except ImportError:
        return False
    return True
