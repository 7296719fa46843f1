"""Pictures: published resized, sized and without metadata, on the site and in email; cached
between builds; a picture that cannot be read is an error at the line that uses it."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from PIL import Image

from site_builder.config import load_config
from site_builder.images import Picture, PictureSizes
from site_builder.images.plan import plan
from site_builder.images.read import _svg_size
from site_builder.newsletter.build import prepare_issue
from site_builder.newsletter.preview import write_preview

from .conftest import SAMPLE_NOW, Result, write

POST = "content/nl/blog/posts/wat-betekent-eigen-regie.md"
POST_PAGE = "blog/2026/03/14/wat-betekent-eigen-regie-eigenlijk/index.html"
SITE_URL = "https://www.zelfwijs.example/"
ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


def photo(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int = 1) -> bytes:
    """A photo as a phone makes one: large, with EXIF (camera, orientation, GPS position)."""
    width, height = size
    grain = Image.effect_noise((width // 10, height // 10), 64).resize(size)
    light = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", (light, grain, light.transpose(Image.Transpose.ROTATE_180)))
    exif = Image.Exif()
    exif[MAKE] = "Zelfwijs Phone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (52.0, 9.0, 21.0), 3: "E", 4: (5.0, 23.0, 13.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=90, exif=exif, comment=b"Voorbeeldlaan 10")
    assert Image.open(path).getexif().get_ifd(GPS_IFD), "the test photo has a GPS position"
    return path.read_bytes()


class Images(HTMLParser):
    """The attributes of every <img> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append({name: value or "" for name, value in attrs})


def images_in(page: Path) -> list[dict[str, str]]:
    parser = Images()
    parser.feed(page.read_text("utf-8"))
    return parser.found


def image(page: Path, src_ending: str) -> dict[str, str]:
    return next(img for img in images_in(page) if img["src"].endswith(src_ending))


def candidates(page: Path, img: dict[str, str]) -> dict[int, Path]:
    """srcset as {width: the file it names}."""
    found = {}
    for candidate in img["srcset"].split(","):
        url, width = candidate.split()
        found[int(width.removesuffix("w"))] = (page.parent / url).resolve()
    return found


def add_to_post(project: Path, text: str) -> None:
    path = project / POST
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def set_post_image(project: Path, src: str) -> int:
    """Give the post another picture in its settings; returns the line of `src:`."""
    path = project / POST
    text, found = re.subn(r"^(  src: ).*$", rf"\g<1>{src}", path.read_text("utf-8"), count=1,
                          flags=re.M)
    assert found == 1
    path.write_text(text, "utf-8")
    return next(i for i, row in enumerate(text.split("\n"), 1) if row.startswith("  src: "))


def post_image(project: Path) -> str:
    """The file name of the post's picture (its `image` setting)."""
    return re.search(r"^  src: .*/([^/\n]+)$", (project / POST).read_text("utf-8"), re.M).group(1)


def every_file(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


def own_cache(project: Path) -> Path:
    """A cache of this project's own, not the one the tests share."""
    cache = project / ".cache/images"
    cache.unlink()
    return cache


@pytest.fixture
def photo_post(project: Path) -> bytes:
    """A post with a 4,000-px phone photo in its text."""
    original = photo(project / "content/nl/images/heide.jpg")
    add_to_post(project, "## Op de heide\n\n![Paarse heide onder een lichte lucht]"
                "(../../images/heide.jpg)")
    return original


# -- the plan: which files, at which widths -------------------------------------------------
@pytest.mark.parametrize("width, height, widths, email", [
    (4000, 3000, (480, 800, 1200, 1600, 2000), ("foto-1200w.jpg", 1200, 900)),
    (2000, 1000, (480, 800, 1200, 1600, 2000), ("foto-1200w.jpg", 1200, 600)),
    (1600, 900, (480, 800, 1200, 1600), ("foto-1200w.jpg", 1200, 675)),
    (1200, 630, (480, 800, 1200), ("foto.jpg", 1200, 630)),
    (300, 200, (300,), ("foto.jpg", 300, 200)),
], ids=["phone photo", "exactly the largest", "between steps", "social card", "small"])
def test_a_photo_is_published_at_most_2000_px_wide_with_smaller_steps_never_upscaled(
        width: int, height: int, widths: tuple[int, ...], email: tuple[str, int, int]) -> None:
    picture = plan(width, height, ".jpg")
    assert picture.widths == widths
    main = picture.renditions("foto.jpg")[-1]
    assert (main.name, main.width) == ("foto.jpg", widths[-1])
    version = picture.email_version("foto.jpg")
    assert (version.name, version.width, version.height) == email


def test_srcset_names_each_step_beside_the_main_file() -> None:
    picture = plan(1200, 630, ".png")
    assert picture.srcset("../../images/team%20foto.png") == (
        "../../images/team%20foto-480w.png 480w, ../../images/team%20foto-800w.png 800w, "
        "../../images/team%20foto.png 1200w")


def test_svg_and_gif_are_published_as_they_are() -> None:
    assert plan(800, 600, ".svg") == Picture(800, 600)
    assert plan(800, 600, ".gif").renditions("a.gif")[0].name == "a.gif"
    assert plan(800, 600, ".svg").email_version("a.svg") is None


@pytest.mark.parametrize("attributes, size", [
    ({"width": "120", "height": "40"}, (120, 40)),
    ({"width": "120px", "height": "40px", "viewBox": "0 0 12 4"}, (120, 40)),
    ({"viewBox": "0 0 640 360"}, (640, 360)),
    ({"width": "320", "viewBox": "0 0 640 360"}, (320, 180)),
    ({"width": "100%", "height": "100%", "viewBox": "0,0,64,32"}, (64, 32)),
    ({"width": "10em"}, None),
])
def test_svg_size_comes_from_its_width_height_or_viewbox(attributes: dict[str, str],
                                                         size: tuple[int, int] | None) -> None:
    assert _svg_size(attributes) == size


def sized(source: str) -> str:
    """Markdown of blog/posts/a.md rendered with the sizes of images/foto.jpg (4000 x 3000)."""
    pictures = {"images/foto.jpg": plan(4000, 3000, ".jpg"), "images/logo.svg": Picture(64, 32)}
    extension = PictureSizes(pictures, source_of=lambda _md: "blog/posts/a.md")
    return markdown.markdown(source, extensions=["attr_list", extension])


@pytest.mark.parametrize("source, html", [
    ("![Heide](../../images/foto.jpg)",
     '<p><img alt="Heide" height="1500" sizes="(min-width: 60em) 760px, 100vw" '
     'src="../../images/foto.jpg" srcset="../../images/foto-480w.jpg 480w, '
     "../../images/foto-800w.jpg 800w, ../../images/foto-1200w.jpg 1200w, "
     '../../images/foto-1600w.jpg 1600w, ../../images/foto.jpg 2000w" width="2000" /></p>'),
    ("![Heide](../../images/foto.jpg){ width=\"500\" loading=\"eager\" }",
     '<p><img alt="Heide" height="375" loading="eager" sizes="(min-width: 60em) 760px, '
     '100vw" src="../../images/foto.jpg" srcset="../../images/foto-480w.jpg 480w, '
     "../../images/foto-800w.jpg 800w, ../../images/foto-1200w.jpg 1200w, "
     '../../images/foto-1600w.jpg 1600w, ../../images/foto.jpg 2000w" width="500" /></p>'),
    ("Tekst.\n\nMeer.\n\n![Logo](../../images/logo.svg)",
     '<p>Tekst.</p>\n<p>Meer.</p>\n<p><img alt="Logo" decoding="async" height="32" '
     'loading="lazy" src="../../images/logo.svg" width="64" /></p>'),
    ("![Elders](https://partner.example.org/foto.jpg)",
     '<p><img alt="Elders" src="https://partner.example.org/foto.jpg" /></p>'),
], ids=["photo at the top", "the writer's width and loading stay", "lower down: lazy",
        "another site's picture is left alone"])
def test_markdown_pictures_get_their_size_srcset_and_loading(source: str, html: str) -> None:
    assert sized(source) == html


# -- the site ---------------------------------------------------------------------------------
def test_a_4000_px_photo_in_a_post_is_served_at_most_2000_px_wide_with_a_srcset(
        project: Path, run: Callable[..., Result], photo_post: bytes) -> None:
    assert run(project, "build").code == 0
    site = project / "site"
    page = site / POST_PAGE
    img = image(page, "heide.jpg")
    main = (page.parent / img["src"]).resolve()
    assert Image.open(main).size == (2000, 1500)
    assert (img["width"], img["height"]) == ("2000", "1500")
    assert img["sizes"]
    steps = candidates(page, img)
    assert sorted(steps) == [480, 800, 1200, 1600, 2000]
    for width, file in steps.items():
        assert Image.open(file).width == width
    assert all(data != photo_post for data in every_file(site).values())
    assert max(Image.open(p).width for p in site.rglob("heide*.jpg")) == 2000


def test_pictures_below_the_top_load_lazily_and_the_top_one_at_once(
        project: Path, run: Callable[..., Result], photo_post: bytes) -> None:
    assert run(project, "build").code == 0
    page = project / "site" / POST_PAGE
    hero = image(page, post_image(project))  # the post's own picture, above its text
    assert "loading" not in hero
    lower = image(page, "heide.jpg")
    assert (lower["loading"], lower["decoding"]) == ("lazy", "async")


def test_published_photos_carry_no_exif_or_location_and_stand_upright(
        project: Path, run: Callable[..., Result]) -> None:
    # Stored on its side, as a phone held upright stores it, with "turn a quarter" in EXIF.
    original = photo(project / "content/nl/images/staand.jpg", (4000, 3000), orientation=6)
    add_to_post(project, "![Iemand staat bij een raam](../../images/staand.jpg)")
    assert run(project, "build").code == 0
    published = sorted((project / "site/images").glob("staand*.jpg"))
    assert len(published) == 5
    for file in published:
        data = file.read_bytes()
        assert not Image.open(file).getexif()
        for secret in (b"Exif", b"Zelfwijs Phone", b"Voorbeeldlaan", b"http://ns.adobe.com"):
            assert secret not in data
        width, height = Image.open(file).size
        assert height > width
    assert Image.open(project / "site/images/staand.jpg").size == (2000, 2667)
    img = image(project / "site" / POST_PAGE, "staand.jpg")
    assert (img["width"], img["height"]) == ("2000", "2667")
    assert original not in every_file(project / "site").values()


def test_svg_is_published_untouched_with_its_size(project: Path,
                                                  run: Callable[..., Result]) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360">'
           '<rect width="640" height="360" fill="#00695c"/></svg>')
    write(project / "content/nl/images/vlak.svg", svg)
    add_to_post(project, "![Een groen vlak](../../images/vlak.svg)")
    assert run(project, "build").code == 0
    assert (project / "site/images/vlak.svg").read_text("utf-8") == svg
    img = image(project / "site" / POST_PAGE, "vlak.svg")
    assert (img["width"], img["height"]) == ("640", "360")
    assert "srcset" not in img


def test_a_second_build_resizes_nothing(project: Path, run: Callable[..., Result],
                                        photo_post: bytes) -> None:
    cache = own_cache(project)
    assert run(project, "build").code == 0
    first = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert len([p for p in first if p.name.endswith(".jpg")]) == 5
    site = every_file(project / "site")
    assert run(project, "build").code == 0
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == first
    assert every_file(project / "site") == site


def test_check_reads_pictures_but_writes_no_cache(project: Path, run: Callable[..., Result],
                                                  photo_post: bytes) -> None:
    cache = own_cache(project)
    assert run(project, "check").code == 0
    assert not cache.exists()


def test_every_picture_on_the_sample_site_has_width_and_height(sample_site: Path) -> None:
    content_pictures = 0
    for page in sample_site.rglob("*.html"):
        for img in images_in(page):
            assert img.get("width") and img.get("height"), f"{page}: {img}"
            if "/images/" in "/" + img["src"]:
                assert img.get("srcset"), f"{page}: {img}"
                content_pictures += 1
    assert content_pictures > 20


# -- problems -------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["not a picture", "cut off"])
def test_a_picture_that_cannot_be_read_is_an_error_at_the_line_that_uses_it(
        project: Path, run: Callable[..., Result], damage: str) -> None:
    broken = project / "content/nl/images/kapot.jpg"
    if damage == "not a picture":
        write(broken, "<html>Dit is een webpagina, geen foto.</html>")
    else:
        broken.write_bytes(photo(broken, (1600, 1200))[:20_000])
    line = set_post_image(project, "../../images/kapot.jpg")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert re.search(rf"^{re.escape(POST)}:{line}: error: the picture "
                         r"'../../images/kapot.jpg' cannot be read: .*Save it again as JPEG",
                         result.err, re.M), result.err
        assert "Traceback" not in result.err + result.out
    assert not (project / "site").exists()


def test_a_broken_picture_that_no_page_uses_is_an_error_at_the_file(
        project: Path, run: Callable[..., Result]) -> None:
    write(project / "content/en/images/oud.png", "not a picture at all")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert "content/en/images/oud.png: error: this picture cannot be read" in result.err


# -- email ------------------------------------------------------------------------------------
def test_newsletter_items_carry_their_picture_in_its_email_version(
        project: Path, run: Callable[..., Result]) -> None:
    photo(project / "content/nl/images/heide.jpg")
    set_post_image(project, "../../images/heide.jpg")
    write(project / "newsletters/met-foto.md",
          "---\nsubject: Met foto\naudience: external\nlang: nl\ndate: 2026-11-22\n"
          f"preheader: Een foto\nitems:\n  - {POST.removeprefix('content/')}\n---\n"
          "Kijk eens: ![Paarse heide](images/heide.jpg)\n")
    assert run(project, "newsletter", "build", "newsletters/met-foto.md", "--out",
               "out").code == 0
    pictures = [img for img in images_in(project / "out/met-foto/email.html")
                if "heide" in img["src"]]
    post_alt = re.search(r"^  alt: (.*)$", (project / POST).read_text("utf-8"), re.M).group(1)
    assert sorted(img["alt"] for img in pictures) == sorted(["Paarse heide", post_alt])
    for img in pictures:  # the item's picture, and the one in the intro
        assert img["src"] == f"{SITE_URL}images/heide-1200w.jpg"
        assert (img["width"], img["height"]) == ("536", "402")
    assert run(project, "build").code == 0
    assert Image.open(project / "site/images/heide-1200w.jpg").size == (1200, 900)


def test_an_issue_previewed_before_the_site_is_published_shows_its_pictures(
        project: Path, tmp_path: Path) -> None:
    """`newsletter preview` and the README's newsletter picture load each picture from beside
    the email: the live site may not have it yet."""
    config = load_config(project / "mkdocs.yml")
    built = prepare_issue(config, project / "newsletters/2026-11-extern.md", SAMPLE_NOW)
    folder = write_preview(config, built, tmp_path / "preview")
    pictures = images_in(folder / "email.html")
    assert pictures, "the November issue's news item has a picture"
    for img in pictures:
        assert not img["src"].startswith(("http:", "https:", "/")), img["src"]
        assert Image.open(folder / img["src"]).width >= int(img["width"])
