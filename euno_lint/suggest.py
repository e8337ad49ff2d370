"""Suggest the valid word a user probably meant ("Daily" -> "daily", "wendesday" -> "wednesday")."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence


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


def sole_candidate(
    word: str, candidates: Sequence[str], meaning: Callable[[str], object] = str.lower
) -> tuple[str, bool] | None:
    """The one candidate `word` can only mean (`closest`'s), and whether it differs from it in
    case alone; None when there is none or it is not the only one: the only candidate the word
    starts (3 letters at least), or the only one nearest by edits (a transposition is one
    edit; at most 2, and a third of the word). Candidates with the same `meaning` (``thu``
    and ``thursday``) count as one."""
    if word in candidates:
        return None
    lowered = word.strip().lower()
    by_case = [c for c in candidates if c.lower() == lowered]
    if len(by_case) == 1 and word == word.strip():
        return by_case[0], True
    meant = closest(word, candidates)
    if meant is None:
        return None
    if len(lowered) >= 3:
        started = {meaning(c) for c in candidates if c.lower().startswith(lowered)}
        if started == {meaning(meant)}:
            return meant, False
    distances = {c: edit_distance(lowered, c.lower()) for c in candidates}
    best = min(distances.values())
    nearest = {meaning(c) for c, d in distances.items() if d == best}
    if best > max(1, min(2, len(lowered) // 3)) or nearest != {meaning(meant)}:
        return None
    return meant, False


def edit_distance(first: str, second: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning one word into the
    other (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
