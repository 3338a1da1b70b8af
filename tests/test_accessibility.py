"""Accessibility (issue 14, "Done when"): axe-core reports no serious or critical problem on the
public pages and on the main page of every role, at 360 px and at 1280 px.

axe-core comes from npm (package.json, pinned in package-lock.json); ``make test`` installs it
through ``scripts/ensure_axe.sh``. Without it these tests fail (they never skip), so a CI run
cannot pass them by accident. Each page is loaded in Chromium against the live server, axe's
source is evaluated in it (through the DevTools protocol, which the site's CSP does not govern),
and ``axe.run`` checks the whole document with its default rules. A failure lists every serious
or critical violation: page, width, rule, impact, what to do and each offending element.

The signed-in pages are those of the route-policy world (``tests/world``): every role sees real
data (lists, cards, tables), not empty states only. Set ``BERDAYA_A11Y_SHOTS=<dir>`` to also save
a full-page screenshot of every page checked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.world import build_world

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1280)
BLOCKING = ("serious", "critical")

PUBLIC_PAGES = ("/", "/katalog/", "/daftar/", "/daftar/langkah/1/", "/akun/masuk/")

# Each role's main page(s): the home page (what waits for their action) and the page their menu
# leads to first; then pages whose wide tables scroll sideways on a phone (a scrolling region must
# be reachable by keyboard: axe's scrollable-region-focusable). ``{name}`` takes ``world.ids``.
ROLE_PAGES = {
    "anon": PUBLIC_PAGES,
    "partner": ("/", "/mitra/", "/mitra/usaha/{business}/laporan/"),
    "partner_nodata": ("/",),
    "rt_chair": ("/", "/dkum/mitra/"),
    "rw_chair": ("/", "/dkum/mitra/"),
    "kelurahan_officer": ("/", "/dkum/mitra/"),
    "staff": (
        "/",
        "/dkum/mitra/",
        "/dkum/mitra/{registration}/",
        "/dkum/perubahan-identitas/",
        "/pembiayaan/laporan/",
    ),
    "admin": ("/", "/dkum/mitra/", "/privasi/log-akses/"),
    "head": ("/", "/dasbor/", "/koperasi/kepatuhan-rat/"),
    "bank_officer": ("/", "/pembiayaan/", "/pembiayaan/pengajuan/{application}/tagihan/cetak/"),
    "baznas_officer": ("/", "/pembiayaan/"),
    "coop_board": ("/", "/koperasi/"),
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed ({AXE} is missing): run `bash scripts/ensure_axe.sh` "
            "(make test does) — the accessibility tests never skip."
        )
    return AXE.read_text(encoding="utf-8")


def axe_problems(page, axe_source: str, label: str) -> list[str]:
    """Run axe on the loaded page; one line per serious or critical violation and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return {passed: r.passes.length, violations: r.violations.map(v => ({id: v.id,"
        " impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target.join(' '),"
        " impact: n.impact, why: (n.any[0] || n.all[0] || n.none[0] || {}).message || ''}))}))}; }"
    )
    assert result["passed"] > 0, f"{label}: axe checked nothing"
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact in BLOCKING:
                lines.append(
                    f"{label}: [{impact}] {violation['id']} — {violation['help']} — "
                    f"{node['target']} ({node['why']})"
                )
    return lines


def check_pages(browser, base: str, axe_source: str, who: str, paths, cookie=None) -> list[str]:
    problems: list[str] = []
    shots = os.environ.get("BERDAYA_A11Y_SHOTS")
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 800 if width > 360 else 740}, locale="id-ID"
        )
        if cookie:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
            )
        page = context.new_page()
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.ok, (
                f"{who} {path}: {response and response.status}"
            )
            page.wait_for_load_state("load")
            label = f"{who} {path} @{width}px"
            problems += axe_problems(page, axe_source, label)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                name = f"{who}{path.replace('/', '_')}{width}.png"
                page.screenshot(path=str(Path(shots) / name), full_page=True)
        context.close()
    return problems


def report(problems: list[str]) -> str:
    return f"{len(problems)} serious/critical accessibility violations:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_check_reports_serious_problems_and_passes_a_clean_page(browser, axe_source):
    # Given a page with an unlabelled field, an image without text and a light-grey paragraph
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_content(
        '<html lang="id"><head><title>Uji</title></head><body><main><h1>Uji</h1>'
        '<input name="q"><img src="data:,"><p style="color:#bbb;background:#fff">Teks</p>'
        "</main></body></html>"
    )
    # When axe-core checks it, then each serious or critical rule is named with its element
    problems = "\n".join(axe_problems(page, axe_source, "uji"))
    assert "[critical] label" in problems and "input" in problems
    assert "[critical] image-alt" in problems
    assert "[serious] color-contrast" in problems
    # and the same page with a label, an alt text and dark text passes
    page.set_content(
        '<html lang="id"><head><title>Uji</title></head><body><main><h1>Uji</h1>'
        '<label for="q">Cari</label><input id="q" name="q"><img src="data:," alt="Logo">'
        '<p style="color:#222;background:#fff">Teks</p></main></body></html>'
    )
    assert axe_problems(page, axe_source, "uji") == []
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_pages_and_every_roles_main_pages_have_no_serious_accessibility_problem(
    browser, live_server, axe_source
):
    # Given the world's data (the catalogue shows its product), the anonymous visitor and every
    # role signed in (its saved session)
    world = build_world()
    problems: list[str] = []
    for who, paths in ROLE_PAGES.items():
        # When axe-core checks the public pages, and each role's home page and main pages, at
        # 360 px and 1280 px
        pages = [path.format(**world.ids) for path in paths]
        cookie = world.sessions.get(who)  # none for "anon"
        problems += check_pages(browser, live_server.url, axe_source, who, pages, cookie=cookie)
    # Then it finds no serious or critical violation on any of them
    assert not problems, report(problems)


def test_every_scrolling_table_wrapper_is_a_named_keyboard_region():
    # Given every template's sideways-scrolling table wrappers (.table-wrap, .doc-table-wrap),
    # which scroll on a 360 px phone whenever their table is wider
    wrappers = []
    for template in sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("berdaya/**/*.html")]):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<div [^>]*class=\"(?:doc-)?table-wrap\"[^>]*>", text):
            wrappers.append((template.relative_to(ROOT), tag))
    assert len(wrappers) > 20
    # Then each is a region a keyboard can reach and scroll, with a name (axe:
    # scrollable-region-focusable, serious)
    unreachable = [
        f"{path}: {tag}"
        for path, tag in wrappers
        if not all(part in tag for part in ('role="region"', 'tabindex="0"', 'aria-label="'))
    ]
    assert not unreachable, "\n".join(unreachable)
