"""bench/RESULTS.md: each benchmark writes its own section ("## <name>"), leaving the others."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(lines: list[str]) -> None:
    """Put ``lines`` (the first is the section's "## " heading) in place of that section of
    bench/RESULTS.md, or at its end when the section is new."""
    heading = lines[0] + "\n"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip() + "\n\n" + "\n".join(lines)
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + "\n".join(lines) + ("\n" + text[end + 1 :] if end != -1 else "")
    RESULTS.write_text(text)
