"""Errors that speak to people: a stable machine code plus a message in Bahasa Indonesia."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Problem:
    code: str
    message: str
    field: str | None = None
    members: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        data: dict = {"code": self.code, "message": self.message}
        if self.field is not None:
            data["field"] = self.field
        if self.members or self.field is None:
            # A rule about people (not about one input field) always names them, maybe none.
            data["members"] = self.members
        return data


def sentences(messages: Iterable[str]) -> str:
    """Messages written for people, one after the other as sentences: "A. B." (each ends with
    its stop; one without gets a full stop), never "A.; B."."""
    texts = (m.strip() for m in messages)
    return " ".join(t if t.endswith((".", "?", "!")) else f"{t}." for t in texts if t)


class RuleError(Exception):
    """A business rule refused the request (API: 422). Carries one or more problems."""

    status_code = 422

    def __init__(self, *problems: Problem | tuple) -> None:
        self.problems = [p if isinstance(p, Problem) else Problem(*p) for p in problems]
        super().__init__(sentences(p.message for p in self.problems))

    @classmethod
    def one(cls, code: str, message: str, *, field: str | None = None, members=None) -> RuleError:
        return cls(Problem(code, message, field, list(members or [])))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class ConflictError(Exception):
    """The request conflicts with the current state (a step from the wrong status, a duplicate).
    API: 409."""

    status_code = 409

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


class AccessDenied(Exception):
    """The user may not do this (API: 403)."""

    status_code = 403

    def __init__(self, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
        self.message = message
        super().__init__(message)
