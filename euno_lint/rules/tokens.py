"""What a Hex API token looks like, and how a rule may mention one without printing it."""

from __future__ import annotations

import re
from typing import Final

TOKEN_PATH: Final = "configuration.api_token"
HEX_TOKEN: Final = re.compile(r"hxt[pw]_[A-Za-z0-9]{20,}")


def redacted(secret: str) -> str:
    """The printable stand-in for a secret: its Hex prefix at most, then an ellipsis."""
    return secret[:5] + "…" if HEX_TOKEN.fullmatch(secret) else "…"


def scrub(text: str) -> str:
    """Text with everything shaped like a Hex API token replaced by its stand-in."""
    return HEX_TOKEN.sub(lambda match: redacted(match.group(0)), text)
