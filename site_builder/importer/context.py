"""What every page's conversion shares in one import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..model import Person
from ..schema import SCHEMAS, Kind
from .assets import AssetPlan
from .index import SourceIndex
from .model import SourceSite, Target

# Imported content is written as a draft wherever our settings have `draft`: today posts;
# once every kind has it (issue 11, point 1), every kind without a change here.
DRAFT_KINDS = frozenset(kind for kind, schema in SCHEMAS.items() if "draft" in schema.model_fields)


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


def is_draft_kind(kind: Kind) -> bool:
    return kind in DRAFT_KINDS
