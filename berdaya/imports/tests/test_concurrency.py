"""Two workers or two clicks on one import at the same moment, on PostgreSQL: the import's row
lock makes the second wait and see the first's write, so each batch is written once and an import
is undone once. Each test fails without its lock (checked by removing the lock and running it;
see docs/adr/0005). The dry-run commit test forces its interleaving: it holds the import's row
from its own connection until both commits wait (without the lock both had read it as a dry
run before either wrote it)."""

from __future__ import annotations

import pytest

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held, run_together
from berdaya.imports import engine, services
from berdaya.imports.models import Import, ImportedRow
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes
from berdaya.registry.models import Person
from berdaya.registry.tests.conftest import ensure_reference_data

pytestmark = MARKS
ROWS = 3


@pytest.fixture
def staff(personas):
    ensure_reference_data()
    return personas.staff


def created(actor) -> Import:
    rows = [person_row(n) for n in range(1, ROWS + 1)]
    return services.import_create(
        actor=actor, upload=upload(xlsx_bytes(rows)), kind="registry",
        dry_run=False, on_existing="update", start=False,
    )  # fmt: skip


def test_two_workers_on_one_import_write_each_batch_once(staff):
    # given an import queued twice (a resume clicked while the first worker still runs)
    imp = created(staff)

    # when two workers run it at the same moment
    results, errors = run_together(lambda: engine.run(imp.pk), lambda: engine.run(imp.pk))
    # then its rows are written once and the import ends done, not failed on a duplicate NIK
    assert errors == [] and results == ["ok", "ok"]
    imp.refresh_from_db()
    assert (imp.status, imp.new, imp.error) == ("done", ROWS, "")
    assert Person.objects.filter(nik__startswith="327606570885").count() == ROWS
    assert ImportedRow.objects.filter(import_run=imp).count() == ROWS


def test_it_undoes_an_import_once_when_undone_twice_at_once(staff):
    # given a finished import
    imp = engine.run(created(staff).pk)

    # when two staff undo it at the same moment
    def undo():
        services.import_undo(imp=imp, actor=staff)

    results, errors = run_together(undo, undo)
    # then it is undone once, and the other is told so
    assert errors == []
    assert sorted(results) == ["import_undone", "ok"]
    assert (
        Event.objects.filter(
            content_type__app_label=imp._meta.app_label,
            content_type__model=imp._meta.model_name,
            object_id=str(imp.pk),
            verb="undone",
        ).count()
        == 1
    )
    assert not Person.objects.filter(nik__startswith="327606570885").exists()


def test_it_commits_a_dry_run_once_when_committed_twice_at_once(staff):
    # given a finished dry run
    rows = [person_row(10 + n) for n in range(1, 3)]
    imp = services.import_create(
        actor=staff, upload=upload(xlsx_bytes(rows)), kind="registry",
        dry_run=True, on_existing="update", start=False,
    )  # fmt: skip
    imp = engine.run(imp.pk)

    # when two staff turn it into the import at the same moment, while its row is held until
    # both wait
    def hold():
        Import.objects.select_for_update().get(pk=imp.pk)

    def commit():
        services.import_commit(imp=imp, actor=staff)

    results, errors = run_held(hold, commit, commit)
    # then it is committed once, and the other is told it is no longer a dry run
    assert errors == []
    assert sorted(results) == ["import_not_dry_run", "ok"]
    commits = Event.objects.filter(
        content_type__app_label=imp._meta.app_label,
        content_type__model=imp._meta.model_name,
        object_id=str(imp.pk),
        verb="commit_requested",
    )
    assert commits.count() == 1
