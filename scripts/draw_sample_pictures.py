"""Draw the sample posts' pictures (our own flat illustrations) into content/.

Each scene is an SVG in the site's palette (sample_pictures/scenes.py), rendered by Chromium
at 1600x900 and stored as a PNG with a small palette: flat art, so a few dozen colours look
the same and keep the files small (about 20 KB each).

    .venv/bin/python scripts/draw_sample_pictures.py [SCENE ...]

Needs the test extras (Playwright) and Chromium (SITE_BUILDER_CHROMIUM, or /usr/bin/chromium).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_pictures.scenes import SCENES
from sample_pictures.shapes import H, W

REPO = Path(__file__).resolve().parents[1]
COLOURS = 64
# Pictures that English posts use too (each language folder holds its own copy).
BOTH_LANGUAGES = {"keukentafelgesprek", "ervaringskennis", "eigen-regie"}


def flat_png(screenshot: bytes) -> bytes:
    image = Image.open(io.BytesIO(screenshot)).convert("RGB")
    flat = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT,
                          dither=Image.Dither.NONE)
    out = io.BytesIO()
    flat.save(out, "PNG", optimize=True)
    return out.getvalue()


def main(names: list[str]) -> None:
    chromium = os.environ.get("SITE_BUILDER_CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": W, "height": H})
        for name in names or sorted(SCENES):
            page.set_content(f'<html><body style="margin:0">{SCENES[name]()}</body></html>')
            data = flat_png(page.screenshot())
            for lang in ("nl", "en") if name in BOTH_LANGUAGES else ("nl",):
                target = REPO / "content" / lang / "images" / f"{name}.png"
                target.write_bytes(data)
                print(f"{target.relative_to(REPO)}: {len(data) // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
