"""Suggest the valid word a user probably meant ("Daily" -> "daily", "wendesday" -> "wednesday")."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to `word`: same letters in other case, a prefix, a near spelling."""
    lowered = word.strip().lower()
    if not lowered:
        return None
    for candidate in candidates:
        if candidate.lower() == lowered:
            return candidate
    for candidate in candidates:  # a letter typed for the digit it looks like (EUNO2O1)
        if _look_alike(candidate.lower()) == _look_alike(lowered):
            return candidate
    prefixed = [c for c in candidates if c.lower().startswith(lowered) and len(lowered) >= 2]
    if len(prefixed) == 1:
        return prefixed[0]
    by_lower = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    if match:
        return by_lower[match[0]]
    contained = [c for c in candidates if lowered.startswith(c.lower()) and len(c) >= 3]
    return max(contained, key=len) if contained else None


_LOOK_ALIKES = str.maketrans("oil", "011")


def _look_alike(word: str) -> str:
    return word.translate(_LOOK_ALIKES)


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    """``; did you mean "x"?`` for the closest candidate, or an empty string."""
    match = closest(word, candidates)
    return f'; did you mean "{match}"?' if match else ""


def sole_candidate(word: str, candidates: Sequence[str]) -> tuple[str, bool] | None:
    """The one candidate `word` can only mean, and whether it differs from it in case alone;
    None when there is no such candidate or more than one is close."""
    if word in candidates:
        return None
    by_case = [c for c in candidates if c.lower() == word.strip().lower()]
    if len(by_case) == 1 and word == word.strip():
        return by_case[0], True
    by_lower = {c.lower(): c for c in candidates}
    near = difflib.get_close_matches(word.strip().lower(), list(by_lower), n=2, cutoff=0.6)
    if len(near) != 1 or closest(word, candidates) != by_lower[near[0]]:
        return None
    return by_lower[near[0]], False
