"""Splitting search text into words (shared by the search and the word list it corrects to)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words_of(text: str, *, limit: int | None = 8) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text or "")]
    return words if limit is None else words[:limit]
