"""Draw Berdaya's app icons (static/pwa/*.png) with Pillow: the header's mark, a white disc with
a green "B", on the header's green. Run once after changing the mark; the PNGs are checked in.

    .venv/bin/python scripts/make_pwa_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "pwa"
GREEN = "#005a30"  # --brand-dark, the header (theme_color)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def draw(size: int, *, maskable: bool) -> Image.Image:
    """``maskable``: the mark stays inside the central 80% safe zone and the green fills the
    square (launchers cut their own shape); otherwise a rounded green square."""
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=GREEN)
        disc = big * 0.56
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=GREEN)
        disc = big * 0.68
    left = (big - disc) / 2
    pen.ellipse((left, left, left + disc, left + disc), fill="white")
    font = ImageFont.truetype(FONT, int(disc * 0.62))
    pen.text((big / 2, big / 2), "B", font=font, fill=GREEN, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: a full square.
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
