"""schema.org data for search engines, as JSON-LD: the organisation on the home page, a
BlogPosting for each post, an Event for each event.

Pure: plain values in, dicts out. `script_text` turns a dict into text that is safe inside
`<script type="application/ld+json">`: a title holding `</script>` cannot end the script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from ..schema import AMSTERDAM

SCHEMA_ORG = "https://schema.org"
OFFLINE, ONLINE, MIXED = (f"{SCHEMA_ORG}/{mode}EventAttendanceMode"
                          for mode in ("Offline", "Online", "Mixed"))
SCHEDULED = f"{SCHEMA_ORG}/EventScheduled"
# The line of an address with the postcode and the place: "3811 AA Amersfoort" (Dutch), or
# four or five digits as in Belgium, Germany or France.
POSTCODE_LINE = re.compile(r"^(?P<code>\d{4}\s?[A-Za-z]{2}|\d{4,5})\s+(?P<place>\D.*)$")


@dataclass(frozen=True)
class Organisation:
    """The organisation as search engines see it: publisher of posts, organiser of events."""

    name: str
    url: str  # the home page of the site, absolute
    logo: str | None = None  # absolute
    address: tuple[str, ...] = ()  # lines
    email: str = ""
    phone: str = ""

    @property
    def id(self) -> str:
        return f"{self.url}#organization"

    def reference(self) -> dict[str, Any]:
        """The organisation where another thing names it (publisher, organiser)."""
        data: dict[str, Any] = {"@type": "Organization", "@id": self.id, "name": self.name,
                                "url": self.url}
        if self.logo:
            data["logo"] = self.logo
        return data


def postal_address(lines: Sequence[str]) -> dict[str, Any] | None:
    """A PostalAddress from address lines: the street lines, the line with postcode and
    place, and a country after it. Without a recognisable postcode line, the whole address
    is the street address."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for index in range(len(lines) - 1, -1, -1):
        match = POSTCODE_LINE.match(lines[index])
        if match:
            if lines[:index]:
                address["streetAddress"] = ", ".join(lines[:index])
            address["postalCode"] = match["code"].upper()
            address["addressLocality"] = match["place"].strip()
            if lines[index + 1:]:
                address["addressCountry"] = ", ".join(lines[index + 1:])
            return address
    address["streetAddress"] = ", ".join(lines)
    return address


def organization(org: Organisation) -> dict[str, Any]:
    """The organisation in full, for the home page."""
    data = {"@context": SCHEMA_ORG, **org.reference()}
    address = postal_address(org.address)
    if address:
        data["address"] = address
    if org.email:
        data["email"] = org.email
    if org.phone:
        data["telephone"] = org.phone
    return data


def home_page(org: Organisation, *, url: str, name: str, lang: str) -> dict[str, Any]:
    """The home page: the organisation in full, and the website it publishes (the name
    search engines show for the site)."""
    organisation = organization(org)
    del organisation["@context"]
    website = {"@type": "WebSite", "@id": f"{url}#website", "url": url, "name": name,
               "inLanguage": lang, "publisher": {"@id": org.id}}
    return {"@context": SCHEMA_ORG, "@graph": [organisation, website]}


def _iso(moment: datetime) -> str:
    """A moment in Dutch time with its offset: 2026-12-03T13:30:00+01:00."""
    return moment.astimezone(AMSTERDAM).isoformat()


def blog_posting(*, url: str, headline: str, description: str, lang: str,
                 published: datetime, modified: datetime | None,
                 authors: Sequence[tuple[str, str]], image: str | None,
                 publisher: Organisation, section: str | None = None,
                 keywords: Sequence[str] = ()) -> dict[str, Any]:
    """A news post. `authors` are (name, role) pairs."""
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG, "@type": "BlogPosting",
        "mainEntityOfPage": url, "url": url, "headline": headline, "inLanguage": lang,
        "datePublished": _iso(published),
    }
    if modified is not None:
        data["dateModified"] = _iso(modified)
    if description:
        data["description"] = description
    data["author"] = [{"@type": "Person", "name": name, **({"jobTitle": role} if role else {})}
                      for name, role in authors]
    if image:
        data["image"] = [image]
    data["publisher"] = publisher.reference()
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = list(keywords)
    return data


def place(location: str) -> dict[str, Any]:
    """Where an event takes place, from the writer's one line: "Zelfwijs, Voorbeeldlaan 10,
    3811 AA Amersfoort" is the venue Zelfwijs at that address."""
    parts = [part.strip() for part in location.split(",") if part.strip()]
    if len(parts) > 1 and not any(ch.isdigit() for ch in parts[0]):
        name, address_lines = parts[0], parts[1:]
    else:
        name, address_lines = location.strip(), parts
    return {"@type": "Place", "name": name,
            "address": postal_address(address_lines) or location.strip()}


def event(*, url: str, name: str, description: str, lang: str, start: datetime,
          end: datetime, location: str | None, online: bool, signup: str | None,
          image: str | None, organizer: Organisation) -> dict[str, Any]:
    """An event: in a place, online, or both; the sign-up page is where the offer is."""
    web_signup = signup if signup and signup.startswith(("https://", "http://")) else None
    places: list[dict[str, Any]] = []
    if location:
        places.append(place(location))
    if online:
        # Online events are joined through the sign-up page; without one, the event's page.
        places.append({"@type": "VirtualLocation", "url": web_signup or url})
    mode = MIXED if location and online else ONLINE if online else OFFLINE
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG, "@type": "Event", "url": url, "name": name,
        "inLanguage": lang, "startDate": _iso(start), "endDate": _iso(end),
        "eventStatus": SCHEDULED, "eventAttendanceMode": mode,
        "location": places[0] if len(places) == 1 else places,
    }
    if description:
        data["description"] = description
    if image:
        data["image"] = [image]
    data["organizer"] = organizer.reference()
    if web_signup:
        data["offers"] = {"@type": "Offer", "url": web_signup}
    return data


def script_text(data: dict[str, Any] | list[dict[str, Any]]) -> str:
    """JSON for inside <script type="application/ld+json">: `<`, `>`, `&` and `'` written as
    \\u escapes, so nothing in a title or description can close the script or start a tag."""
    return str(htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False,
                                   separators=(",", ":")))
