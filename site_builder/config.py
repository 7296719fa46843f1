"""The one configuration file, `mkdocs.yml`: the site, plus the `site_builder` plugin section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import yaml_load
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .i18n import STRINGS
from .problems import ContentError, Problem, Problems

PLUGIN_NAME = "site_builder"


class Organisation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""


class Settings(BaseModel):
    """The `site_builder:` section under `plugins:` in mkdocs.yml."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    content_dir: str = "content"
    languages: tuple[str, ...] = ("nl", "en")
    organisation: Organisation = Field(default_factory=lambda: Organisation(name="Organisation"))

    @field_validator("languages")
    @classmethod
    def _supported(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [lang for lang in value if lang not in STRINGS]
        if unknown or not value:
            raise ValueError(
                f"languages must be chosen from {sorted(STRINGS)}; found {list(value)}"
            )
        return value


@dataclass(frozen=True)
class SiteConfig:
    """What the core needs from mkdocs.yml; `raw` keeps the rest for the MkDocs builds."""

    path: Path
    raw: dict[str, Any]
    settings: Settings

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def content_dir(self) -> Path:
        return (self.root / self.settings.content_dir).resolve()

    @property
    def site_url(self) -> str:
        url = str(self.raw.get("site_url") or "http://localhost/")
        return url if url.endswith("/") else url + "/"

    @property
    def site_name(self) -> str:
        return str(self.raw.get("site_name", ""))

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages


def _plugin_section(raw: dict[str, Any]) -> dict[str, Any] | None:
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return entry[PLUGIN_NAME] or {}
    return None


def load_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml; every problem in it is raised as one ContentError."""
    shown = path.name
    if not path.is_file():
        raise ContentError(
            [Problem(str(path), None, "the configuration file is missing. Run site-builder "
                     "in the folder that holds mkdocs.yml, or pass --config PATH.")]
        )
    try:
        with path.open("rb") as handle:
            raw = yaml_load(handle) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ContentError(
            [Problem(shown, mark.line + 1 if mark else None,
                     f"mkdocs.yml is not valid YAML ({exc.problem}). Check the indentation.")]
        ) from None
    problems = Problems()
    section = _plugin_section(raw)
    if section is None:
        problems.error(shown, None, f"add `- {PLUGIN_NAME}` under `plugins:` so the publishing "
                       "system knows its settings.")
        problems.raise_if_errors()
    try:
        settings = Settings.model_validate(section)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems.error(shown, None, f"{PLUGIN_NAME} setting `{where}`: {error['msg']}.")
        problems.raise_if_errors()
        raise AssertionError("unreachable") from None
    if not raw.get("site_url"):
        problems.error(shown, None, "`site_url` is missing: the feeds and calendars need the "
                       "address of the site, like `site_url: https://www.example.org/`.")
    problems.raise_if_errors()
    return SiteConfig(path=path.resolve(), raw=raw, settings=settings)
