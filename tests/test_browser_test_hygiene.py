"""The browser tests wait for the page they check (CI lost a whole session to one that did not).

A click that follows a link or sends a form returns once the next document is committed, before
it is parsed; an htmx click returns before its swap. A check that does not wait (``is_visible()``,
``count()``, ``inner_text()``, ``page.evaluate``...) made right then reads an empty or old page:
on an idle machine it passes, on a busy CI machine it fails (``documentElement`` was null in
``test_it_runs_the_main_steps_on_a_phone``). So, in every browser test file:

* the page's width is measured only through ``conftest.page_fits`` (it waits for the load and
  measures a complete document), never by a ``scrollWidth`` of its own;
* the statement right after a click is not a check that does not wait: first wait for something
  of the new state (``locator.wait_for()``, ``expect(...)``, ``page.wait_for_url``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve()

# Calls that read the page as it is at that instant, without waiting for anything.
NON_WAITING = {
    "all",
    "all_inner_texts",
    "all_text_contents",
    "bounding_box",
    "count",
    "evaluate",
    "get_attribute",
    "inner_html",
    "inner_text",
    "is_checked",
    "is_disabled",
    "is_editable",
    "is_enabled",
    "is_hidden",
    "is_visible",
    "page_fits",  # it waits for the load, but of the page still there if nothing navigated yet
    "text_content",
}
# Actions that may navigate or swap content.
NAVIGATING = {"click", "dblclick", "tap", "press"}
# Calls that wait for a state: a helper that makes one first is a wait, not a bare read.
WAITING = {"expect", "wait_for", "wait_for_selector", "wait_for_url", "expect_navigation"}


def browser_test_files() -> list[Path]:
    files = [*ROOT.glob("berdaya/**/tests/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]
    return sorted(path for path in files if path.resolve() != HERE)


def _called_names(node: ast.AST) -> set[str]:
    """The names called in ``node``, but not in its lambdas: a lambda is called later, polled."""
    names = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, ast.Lambda):
            continue
        if isinstance(current, ast.Call):
            func = current.func
            if isinstance(func, ast.Attribute):
                names.add(func.attr)
            elif isinstance(func, ast.Name):
                names.add(func.id)
        todo.extend(ast.iter_child_nodes(current))
    return names


def _statements(tree: ast.AST):
    """Each block of statements (a body, an else, a with...), in order."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                yield block


def problems(source: str, name: str) -> list[str]:
    """What in ``source`` (a test file named ``name``) reads a page without waiting for it."""
    own = [
        f"{name}:{number}: measures scrollWidth itself; use conftest.page_fits(page, width)"
        for number, line in enumerate(source.splitlines(), start=1)
        if "scrollWidth" in line
    ]
    found = list(own)
    tree = ast.parse(source)
    # the file's own helpers that read the page without waiting (e.g. a local ``fits(page)``)
    not_waiting = set(NON_WAITING)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("test_"):
            if _called_names(node) & NON_WAITING and not _called_names(node) & WAITING:
                not_waiting.add(node.name)
    for block in _statements(tree):
        for before, after in zip(block, block[1:], strict=False):
            if not (isinstance(before, ast.Expr) and isinstance(before.value, ast.Call)):
                continue
            func = before.value.func
            if not (isinstance(func, ast.Attribute) and func.attr in NAVIGATING):
                continue
            # the first thing read after the click: an assert, a loop's list, a helper's call
            if isinstance(after, ast.For):
                head = [after.iter]
            elif isinstance(after, ast.With):
                head = [item.context_expr for item in after.items]
            else:
                head = [after]
            reads = set().union(*(_called_names(node) for node in head)) & not_waiting
            if reads:
                found.append(
                    f"{name}:{after.lineno}: {', '.join(sorted(reads))} right after a "
                    f"{func.attr}() (line {before.lineno}), without waiting for the new page"
                )
    return found


FAILED_ON_CI = """
def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_it_runs_the_main_steps_on_a_phone(phone_page):
    page = phone_page
    page.get_by_role("button", name="Simpan dan lihat rincian").click()
    assert page.get_by_text("Rp425.000").first.is_visible()
    page.get_by_role("link", name="Kelompok Mawar").click()
    page.get_by_role("link", name="Putuskan per anggota").click()
    fits_the_phone(page)
    for radio in page.get_by_role("radio", name="Setujui").all():
        radio.check()
"""

WAITS = """
from conftest import page_fits


def test_it_waits(phone_page):
    page = phone_page
    page.get_by_role("button", name="Simpan dan lihat rincian").click()
    page.get_by_role("button", name="Ajukan sekarang").wait_for()
    expect(page.get_by_text("Rp425.000").first).to_be_visible()
    page.get_by_role("link", name="Putuskan per anggota").click()
    expect(page.get_by_role("radio", name="Setujui")).to_have_count(2)
    assert page_fits(page, 360)
    for radio in page.get_by_role("radio", name="Setujui").all():
        radio.check()
"""


def test_the_check_finds_the_test_that_failed_on_ci_and_passes_it_when_it_waits():
    # Given the financing phone test as it failed on CI (its measurement and checks, in short)
    found = problems(FAILED_ON_CI, "financing")
    # Then its own scrollWidth, the check after "Simpan" and the measurement after
    # "Putuskan per anggota" are each named
    assert any("measures scrollWidth" in line for line in found), found
    assert any("is_visible right after a click()" in line for line in found), found
    assert any("fits_the_phone right after a click()" in line for line in found), found
    # And the same steps that first wait for the new page pass
    assert problems(WAITS, "financing") == []


def test_every_browser_test_waits_for_the_page_it_checks():
    # Given every test file (the browser tests among them)
    files = browser_test_files()
    assert any(path.name == "test_browser.py" for path in files)
    # Then none measures the width itself or reads a page right after a click
    found = []
    for path in files:
        found += problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)
