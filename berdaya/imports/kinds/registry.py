"""The ``registry`` kind: legacy mitra binaan rows, written by ``berdaya.registry.bulk``."""

from __future__ import annotations

from multiprocessing.sharedctypes import RawValue

from berdaya.imports.models import Import
from berdaya.imports.validation.registry import RegistryRowChecker
from berdaya.registry import bulk

# The row checks use only what ``Checker`` loads up front (regions, KBLI): the engine may run
# them in a thread beside the database writes.
CHECKS_READ_NO_DATABASE = True


class Checker(RegistryRowChecker):
    new_batch = bulk.LegacyBatch  # pickled as columns between the checks and the writer

    def __init__(self, imp: Import) -> None:
        super().__init__()
        # COPY text made with the checks, for the new rows of an import (PostgreSQL); a dry run
        # writes nothing.
        self.lines = bulk.on_postgres() and not imp.dry_run
        # Set by the writer after each batch, read by the checks (in a forked process too, so
        # in shared memory): the last batch created no row, so the next rows are most likely
        # known (a re-import) and get no COPY text; the writer makes it for any that are new.
        self.rows_known = RawValue("b", 0)

    def write_row(self, number: int, clean: dict) -> bulk.LegacyRow:
        return bulk.legacy_row(
            number, clean["person"], clean["business"], clean["registered_on"],
            lines=self.lines and not self.rows_known.value,
        )  # fmt: skip

    def written(self, outcomes: list[bulk.Outcome]) -> None:
        """The writer's word after a batch: whether it created any row."""
        self.rows_known.value = not any(o.action == "created" for o in outcomes)


def nik_of(clean: dict) -> str:
    return clean["person"]["nik"]


def _source(imp: Import) -> tuple[str, dict]:
    note = f"Data lama dari impor #{imp.pk} ({imp.filename[:120]})"
    return note, {"import": imp.pk}


def preview(imp: Import, rows: list[bulk.LegacyRow]) -> list[str]:
    return bulk.legacy_preview(rows=rows, on_existing=imp.on_existing)


def write(imp: Import, rows: list[bulk.LegacyRow]) -> list[bulk.Outcome]:
    note, data = _source(imp)
    return bulk.legacy_upsert(
        rows=rows, on_existing=imp.on_existing, actor=imp.created_by, note=note, data=data
    )


def touched(imp: Import, rows) -> int:
    created = [r for r in rows if r.action == "created"]
    return bulk.legacy_untouched_since(
        person_ids=[r.person_id for r in rows if r.person_id],
        business_ids=[r.business_id for r in rows if r.business_id],
        registration_ids=[r.registration_id for r in created if r.registration_id],
        since=max(r.written_at for r in rows) if rows else imp.finished_at,
    )


def undo(imp: Import, created, updated, actor) -> None:
    bulk.legacy_undo(
        created=[(r.person_id, r.business_id, r.registration_id) for r in created],
        restored=[(r.person_id, r.business_id, r.before) for r in updated],
        actor=actor,
        data={"import": imp.pk},
    )
