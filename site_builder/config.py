"""The one configuration file, `mkdocs.yml`: the site, plus the `site_builder` plugin section."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.utils import yaml_load
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .i18n import STRINGS
from .problems import ContentError, Problem, Problems, did_you_mean

PLUGIN_NAME = "site_builder"


class Organisation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    # One line per line of the address (a YAML block with `|`), or the lines separated by
    # commas: "Voorbeeldlaan 10, 3811 AA Amersfoort".
    address: str = ""
    email: str = ""
    phone: str = ""

    @property
    def address_lines(self) -> list[str]:
        lines = self.address.strip().splitlines() if "\n" in self.address.strip() else (
            self.address.split(","))
        return [line.strip() for line in lines if line.strip()]

    @property
    def phone_link(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class SignupLimits(BaseModel):
    """How many confirmation mails the subscription service sends an hour, at most.

    Past a limit a sign-up gets the usual "check your inbox" page and no mail goes out."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    per_client: int = Field(default=10, ge=1, le=100_000)  # per visitor (IP address)
    per_hour: int = Field(default=100, ge=1, le=1_000_000)  # in all


class NewsletterSettings(BaseModel):
    """Who newsletters come from, and where their parts live."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    dir: str = "newsletters"
    sender: str = "Newsletter <newsletter@example.org>"
    reply_to: str | None = None
    # Folder of the public newsletter archive on the site, per language.
    archive: dict[str, str] = Field(default_factory=lambda: {"nl": "nieuwsbrief",
                                                             "en": "newsletter"})
    unsubscribe_url: str = "https://example.org/unsubscribe"
    unsubscribe_mailto: str | None = None
    # Where the subscription service takes sign-ups (the site's form posts here); its
    # confirmation links start with it. None: the service takes no sign-ups.
    subscribe_url: str | None = None
    # Folder for .eml files when SITE_BUILDER_SMTP_URL is not set; relative to the data
    # folder (SITE_BUILDER_DATA), never the project: the messages hold addresses.
    outbox: str = "outbox"
    signup_limits: SignupLimits = Field(default_factory=SignupLimits)
    # The reverse proxies in front of the subscription service: only a request from one of
    # these may say, in X-Forwarded-For, which visitor it comes from. Loopback by default
    # (a proxy on the same machine), as uvicorn does.
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _addresses(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValueError("trusted_proxies must be a list of IP addresses or networks, "
                             "like [127.0.0.1, 10.0.0.0/8]")
        for item in items:
            try:
                ipaddress.ip_network(str(item), strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies: '{item}' is not an IP address or network "
                                 "(like 127.0.0.1, ::1 or 10.0.0.0/8)") from None
        return tuple(str(item) for item in items)


class FeedSource(BaseModel):
    """One partner feed under `feeds:`; its news appears on the network page and in newsletters."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    url: str
    lang: str | None = None  # None: the feed's news is shown in every language
    limit: int = Field(default=10, ge=1, le=100)

    @model_validator(mode="before")
    @classmethod
    def _a_feed(cls, data: Any) -> Any:
        # Staff edit this list by hand: say what a feed looks like rather than "extra inputs".
        if not isinstance(data, dict):
            raise ValueError("each feed needs a name and a url, like "
                             "`- {name: Partner, url: https://partner.example/feed.xml}`")
        for key in data:
            if key not in cls.model_fields:
                hint = did_you_mean(str(key), cls.model_fields)
                raise ValueError(f"unknown feed setting `{key}`.{hint} A feed has `name`, "
                                 "`url`, and optionally `lang` and `limit`")
        return data

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be empty: it is shown to readers as the source")
        return value.strip()

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("url must be a full web address starting with http:// or "
                             f"https://; found '{value}'")
        return value.strip()

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in STRINGS:
            raise ValueError(f"lang must be one of {sorted(STRINGS)} (or left out for every "
                             f"language); found '{value}'")
        return value


class Settings(BaseModel):
    """The `site_builder:` section under `plugins:` in mkdocs.yml."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    content_dir: str = "content"
    languages: tuple[str, ...] = ("nl", "en")
    organisation: Organisation = Field(default_factory=lambda: Organisation(name="Organisation"))
    newsletter: NewsletterSettings = Field(default_factory=NewsletterSettings)
    feeds: tuple[FeedSource, ...] = ()
    # Relative to the folder of mkdocs.yml; `.cache/` is git-ignored.
    feeds_cache_dir: str = ".cache/feeds"
    feeds_timeout: float = Field(default=10.0, gt=0, le=300)  # seconds, per feed
    # What earlier builds converted and rendered (website/build_cache.py); safe to delete.
    build_cache_dir: str = ".cache/build"
    # The picture of a news card whose post has none: a path from the content folder.
    default_image: str | None = None
    # Resized pictures kept between builds, relative to the folder of mkdocs.yml.
    images_cache_dir: str = ".cache/images"

    @field_validator("feeds", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ValueError("feeds must be a list, one `- name: ...` entry per feed")
        return value

    @field_validator("languages")
    @classmethod
    def _supported(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [lang for lang in value if lang not in STRINGS]
        if unknown or not value:
            raise ValueError(
                f"languages must be chosen from {sorted(STRINGS)}; found {list(value)}"
            )
        return value

    @model_validator(mode="after")
    def _feeds_fit_the_site(self) -> Settings:
        # The cache keeps one file per feed name, and readers see the name as the source.
        names = [feed.name.casefold() for feed in self.feeds]
        twice = sorted({feed.name for feed in self.feeds if names.count(feed.name.casefold()) > 1})
        if twice:
            raise ValueError(f"feeds: each feed needs its own name; used twice: {twice}")
        for feed in self.feeds:
            if feed.lang is not None and feed.lang not in self.languages:
                raise ValueError(f"feeds: '{feed.name}' has lang '{feed.lang}', which is not "
                                 f"one of this site's languages {list(self.languages)}")
        return self


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
    def feeds_cache_dir(self) -> Path:
        """Where `feeds refresh` keeps the partner feeds, and builds read them."""
        return (self.root / self.settings.feeds_cache_dir).resolve()

    @property
    def build_cache_dir(self) -> Path:
        return (self.root / self.settings.build_cache_dir).resolve()

    @property
    def images_cache_dir(self) -> Path:
        """Where builds keep resized pictures, so a rebuild does not resize them again."""
        return (self.root / self.settings.images_cache_dir).resolve()

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
            # Our own validators' messages are whole sentences; pydantic prefixes them.
            message = error["msg"].removeprefix("Value error, ")
            setting = f" `{where}`" if where else "s"
            problems.error(shown, None, f"{PLUGIN_NAME} setting{setting}: {message}.")
        problems.raise_if_errors()
        raise AssertionError("unreachable") from None
    if not raw.get("site_url"):
        problems.error(shown, None, "`site_url` is missing: the feeds and calendars need the "
                       "address of the site, like `site_url: https://www.example.org/`.")
    problems.raise_if_errors()
    return SiteConfig(path=path.resolve(), raw=raw, settings=settings)
