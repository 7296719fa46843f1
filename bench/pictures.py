"""Benchmark: publish 24 phone photos (4,000 x 3,000 px JPEG) as a build does: every rendition
made once, with one thread and with a thread per core; then again from the cache.

Targets: a rebuild resizes nothing and takes well under a second for the photos; a thread
per core is faster than one thread on a machine with more than one core.

Run from the repository root:  .venv/bin/python bench/pictures.py
Results are appended to bench/RESULTS.md with the machine and the command.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import append_results, machine_line  # noqa: E402

from site_builder.images import ImageCatalogue  # noqa: E402

PHOTOS = 24
SIZE = (4000, 3000)


def make_photos(content: Path) -> dict[str, str]:
    """Photo-like JPEGs (light and grain), each different, at phone-camera size."""
    wanted = {}
    for number in range(PHOTOS):
        grain = Image.effect_noise((SIZE[0] // 8, SIZE[1] // 8), 40 + number).resize(SIZE)
        light = Image.linear_gradient("L").rotate(number * 15).resize(SIZE)
        photo = Image.merge("RGB", (light, grain, light.transpose(Image.Transpose.ROTATE_180)))
        source = f"nl/images/foto-{number:02}.jpg"
        (content / source).parent.mkdir(parents=True, exist_ok=True)
        photo.save(content / source, "JPEG", quality=90)
        wanted[f"images/foto-{number:02}.jpg"] = source
    return wanted


def publish(content: Path, cache: Path, wanted: dict[str, str], workers: int
            ) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (all threads), files resized."""
    catalogue = ImageCatalogue(content, cache, workers=workers)
    started, cpu = time.perf_counter(), time.process_time()
    catalogue.publish(wanted)
    return (time.perf_counter() - started, time.process_time() - cpu, catalogue.resized)


def main() -> None:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-pictures-") as work:
        content = Path(work, "content")
        wanted = make_photos(content)
        megabytes = sum((content / s).stat().st_size for s in wanted.values()) / 1e6
        one, cpu_one, made_one = publish(content, Path(work, "cache-1"), wanted, workers=1)
        many, _cpu, made_many = publish(content, Path(work, "cache-n"), wanted, workers=cores)
        again, _cpu, made_again = publish(content, Path(work, "cache-n"), wanted,
                                          workers=cores)
    append_results([
        f"## Pictures: publish {PHOTOS} phone photos, then rebuild ({date.today()})",
        "",
        machine_line(),
        "- command: `.venv/bin/python bench/pictures.py`",
        f"- input: {PHOTOS} JPEGs of {SIZE[0]} x {SIZE[1]} px, {megabytes:.1f} MB; each "
        "published at 480, 800, 1200, 1600 and 2000 px",
        f"- first build, 1 thread: {one:.2f} s ({made_one} files); CPU time "
        f"{cpu_one / PHOTOS * 1000:.0f} ms per photo",
        f"- first build, {cores} threads: {many:.2f} s ({made_many} files); "
        f"speed-up {one / many:.2f}x",
        f"- rebuild from the cache: {again:.2f} s, {made_again} files resized; target: none "
        f"resized, under 1 s: {'met' if made_again == 0 and again < 1 else 'NOT met'}",
        f"- load average while it ran: {os.getloadavg()[0]:.1f} (other work on the machine "
        "slows the wall-clock times; the CPU time per photo does not depend on it)",
        "",
    ])


if __name__ == "__main__":
    main()
