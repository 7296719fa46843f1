"""Trim the Can I Email data set to what `newsletter check` uses.

The data set (MIT licence, https://www.caniemail.com) comes from the npm package
`caniemail`. To update it:

    npm pack caniemail@2.0.2 && tar xzf caniemail-2.0.2.tgz
    python3 scripts/trim_caniemail.py package/data/caniemail.json

which rewrites site_builder/newsletter/data/caniemail.json: the HTML and CSS
features only, with the latest result per major client platform.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "site_builder/newsletter/data/caniemail.json"
PLATFORMS = {
    "outlook": ("windows", "outlook-com", "macos", "ios", "android"),
    "gmail": ("desktop-webmail", "ios", "android"),
    "apple-mail": ("macos", "ios"),
}


def latest(results: dict[str, str]) -> str:
    """The newest tested version's verdict: y (yes), n (no), a (partial) or u (unknown)."""
    newest = list(results.values())[-1]
    return newest.split()[0] if newest else "u"


def main(source: Path) -> None:
    data = json.loads(source.read_text("utf-8"))
    features = {}
    for feature in data["data"]:
        if not feature["slug"].startswith(("css-", "html-")):
            continue
        support = {}
        for family, platforms in PLATFORMS.items():
            for platform in platforms:
                results = feature["stats"].get(family, {}).get(platform)
                if results:
                    support[f"{family}/{platform}"] = latest(results)
        features[feature["slug"]] = {"title": feature["title"], "url": feature["url"],
                                     "support": support}
    TARGET.write_text(json.dumps({"source": "caniemail.com (MIT), npm caniemail "
                                  f"{data['api_version']}, {data['last_update_date'][:10]}",
                                  "features": features}, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
