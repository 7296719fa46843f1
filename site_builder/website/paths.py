"""Where the generated pages of one language live in its build (paths of staged Markdown)."""

from __future__ import annotations

from ..i18n import NETWORK_FOLDERS, SECTION_FOLDERS
from ..schema import Kind

TEMPLATES_DIR = "templates"  # beside mkdocs.yml
HOME_PAGE = "index.md"
TEAM_PAGE = "team.md"
BLOG_INDEX = "blog/index.md"


def section_index(lang: str, kind: Kind) -> str:
    """The overview of a kind: `diensten/index.md`, `agenda/index.md`, `blog/index.md`."""
    return f"{SECTION_FOLDERS[lang][kind].split('/')[0]}/index.md"


def network_page(lang: str) -> str:
    return f"{NETWORK_FOLDERS[lang]}/index.md"


def generated_pages(lang: str) -> frozenset[str]:
    """The pages every build of a language makes, whether or not content/ has a file there."""
    return frozenset({HOME_PAGE, TEAM_PAGE, BLOG_INDEX, network_page(lang)}
                     | {section_index(lang, kind) for kind in SECTION_FOLDERS[lang]})
