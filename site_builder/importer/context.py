"""What every page's conversion shares in one import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..model import Person
from .assets import AssetPlan
from .index import SourceIndex
from .model import SourceSite, Target


@dataclass
class ImportContext:
    site: SourceSite
    index: SourceIndex
    assets: AssetPlan
    targets: dict[str, Target]  # by the old page's path below its pages folder
    people: dict[str, Person]
    old_names: dict[str, str]  # the old site's authors: id → name
    lang: str
    languages: tuple[str, ...]  # this site's, the first is served at the root
    now: datetime
    zone: tzinfo  # the old site's time zone, for dates written without one
    label: str  # content/ as the user sees it

    def shown_output(self, output: str) -> str:
        return f"{self.label}/{output}"


def is_home(output: str) -> bool:
    """A language's home page (`nl/index.md`), given a path relative to content/."""
    return output.count("/") == 1 and output.endswith("/index.md")


def written_as_draft(output: str) -> bool:
    """Every imported file is a draft until a person has looked it over, except a language's
    home page: `check` refuses a draft home page, since every page of the site links to it."""
    return not is_home(output)
