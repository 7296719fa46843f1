"""Words of the interface in each language, where each kind of content lives, and dates."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_time

from .schema import AMSTERDAM, Kind

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

# Folders inside content/<lang>/ that hold each kind; everything else is a page.
SECTION_FOLDERS: dict[str, dict[Kind, str]] = {
    "nl": {
        Kind.SERVICE: "diensten",
        Kind.EXPERTISE: "expertise",
        Kind.POST: "blog/posts",
        Kind.EVENT: "agenda",
    },
    "en": {
        Kind.SERVICE: "services",
        Kind.EXPERTISE: "expertise",
        Kind.POST: "blog/posts",
        Kind.EVENT: "events",
    },
}

# The folder of the partner-news page ("news from the network") in each language.
NETWORK_FOLDERS = {"nl": "netwerk", "en": "network"}

# The "about us" page of each language: the team page joins it in the menu.
ABOUT_PAGES = {"nl": "over-ons.md", "en": "about.md"}

# Open Graph locales (language_TERRITORY).
LOCALES = {"nl": "nl_NL", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "services": "Diensten",
        "expertise": "Expertise",
        "blog": "Nieuws",
        "events": "Agenda",
        "team": "Team",
        "contact_person": "Contactpersoon",
        "phone": "Telefoon",
        "email": "E-mail",
        "related": "Gerelateerd",
        "upcoming": "Binnenkort",
        "past": "Geweest",
        "no_upcoming": "Er staan op dit moment geen activiteiten gepland.",
        "when": "Wanneer",
        "where": "Waar",
        "online": "Online",
        "sign_up": "Aanmelden",
        "add_to_calendar": "Zet in je agenda (.ics)",
        "calendar_all": "Alle activiteiten in je agenda (.ics)",
        "feed": "RSS-feed met het laatste nieuws",
        "latest_news": "Laatste nieuws",
        "read_more": "Lees verder",
        "team_intro": "Dit zijn de mensen van {organisation}. Neem gerust contact op.",
        "feed_title": "Nieuws",
        "draft": "Concept: nog niet gepubliceerd",
        "scheduled": "Gepland: verschijnt op",
        "time_separator": "tot",
        "network": "Uit het netwerk",
        "network_intro": "Nieuws van onze partners, kenniscentra en andere organisaties in "
                         "ons netwerk. De titels leiden naar hun eigen websites.",
        "no_network_news": "Er is nog geen nieuws uit het netwerk. Kijk binnenkort nog eens.",
        "all_services": "Alle diensten",
        "all_news": "Al het nieuws",
        "all_events": "Hele agenda",
        "all_network": "Meer uit het netwerk",
        "archive": "Archief",
        "categories": "Onderwerpen",
        "page": "pagina",
        "pagination": "Paginanummers",
        "previous_page": "Vorige pagina",
        "next_page": "Volgende pagina",
        "no_posts": "Er is nog geen nieuws.",
        "readtime": "{minutes} min. lezen",
        "by": "Door",
        "published": "Gepubliceerd",
        "updated": "Bijgewerkt",
        "newsletter_title": "Blijf op de hoogte",
        "newsletter_text": "Eens per maand het nieuws van {organisation} in je mailbox: "
                           "verhalen, trainingen en activiteiten. Afmelden kan altijd.",
        "newsletter_link": "Aanmelden voor de nieuwsbrief",
        "not_found_title": "Deze pagina bestaat niet (meer)",
        "not_found_text": "Misschien is de pagina verhuisd, of klopt het adres net niet. "
                          "Zoek wat je nodig hebt, of ga naar de startpagina.",
        "search": "Zoeken",
        "home": "Naar de startpagina",
        "footer_contact": "Contact",
        "footer_about": "Over deze website",
        "footer_newsletter": "Nieuwsbrief",
        "other_language": "English",
        "event_facts": "Over deze activiteit",
        "links": "Meer lezen",
        "permalink": "Directe link naar dit kopje",
    },
    "en": {
        "services": "Services",
        "expertise": "Expertise",
        "blog": "News",
        "events": "Events",
        "team": "Team",
        "contact_person": "Contact person",
        "phone": "Phone",
        "email": "Email",
        "related": "Related",
        "upcoming": "Upcoming",
        "past": "Past events",
        "no_upcoming": "There are no events planned at the moment.",
        "when": "When",
        "where": "Where",
        "online": "Online",
        "sign_up": "Sign up",
        "add_to_calendar": "Add to your calendar (.ics)",
        "calendar_all": "All events in your calendar (.ics)",
        "feed": "RSS feed with the latest news",
        "latest_news": "Latest news",
        "read_more": "Read more",
        "team_intro": "These are the people of {organisation}. Feel free to get in touch.",
        "feed_title": "News",
        "draft": "Draft: not published yet",
        "scheduled": "Scheduled: appears on",
        "time_separator": "to",
        "network": "From the network",
        "network_intro": "News from our partners, knowledge centres and other organisations "
                         "in our network. The titles lead to their own websites.",
        "no_network_news": "There is no news from the network yet. Please check back soon.",
        "all_services": "All services",
        "all_news": "All news",
        "all_events": "All events",
        "all_network": "More from the network",
        "archive": "Archive",
        "categories": "Topics",
        "page": "page",
        "pagination": "Page numbers",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "no_posts": "There is no news yet.",
        "readtime": "{minutes} min read",
        "by": "By",
        "published": "Published",
        "updated": "Updated",
        "newsletter_title": "Stay informed",
        "newsletter_text": "Once a month the news of {organisation} in your inbox: stories, "
                           "training sessions and events. Unsubscribe at any time.",
        "newsletter_link": "Sign up for the newsletter",
        "not_found_title": "This page does not exist (any more)",
        "not_found_text": "The page may have moved, or the address is not quite right. "
                          "Search for what you need, or go to the home page.",
        "search": "Search",
        "home": "Go to the home page",
        "footer_contact": "Contact",
        "footer_about": "About this website",
        "footer_newsletter": "Newsletter",
        "other_language": "Nederlands",
        "event_facts": "About this event",
        "links": "Further reading",
        "permalink": "Link to this heading",
    },
}


# Material's own interface words (its `partials/languages/*.html` keys) where its translation
# is missing, English, or wrong: landmark names, search messages. The theme's
# `partials/language.html` takes these first (mkdocs_run.theme_values passes them on).
THEME_STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "header": "Paginakop",
        "footer": "Paginavoet",
        "tabs": "Hoofdmenu",
        "nav": "Menu",
        "toc": "Op deze pagina",
        "blog.meta": "Over dit bericht",
        "blog.authors": "Auteurs",
        "blog.categories": "Onderwerpen",
        "select.language": "Kies een taal",
        "rss.created": "RSS-feed",
        "rss.updated": "RSS-feed met bijgewerkte pagina's",
        "search.result.initializer": "Zoeken wordt voorbereid",
        "search.result.placeholder": "Typ om te zoeken",
        "search.result.none": "Geen pagina's gevonden",
        "search.result.one": "1 pagina gevonden",
        "search.result.other": "# pagina's gevonden",
        "search.result.more.one": "Nog 1 resultaat op deze pagina",
        "search.result.more.other": "Nog # resultaten op deze pagina",
        "search.result.term.missing": "Komt niet voor",
        "search.reset": "Wissen",
        "source.file.date.created": "Aangemaakt",
        "source.file.date.updated": "Bijgewerkt",
        "source": "Naar de broncode",
    },
    "en": {
        "header": "Page header",
        "footer": "Page footer",
        "tabs": "Main menu",
        "nav": "Menu",
        "toc": "On this page",
        "blog.meta": "About this post",
        "blog.categories": "Topics",
        "search.result.none": "No pages found",
        "search.result.one": "1 page found",
        "search.result.other": "# pages found",
    },
}


def strings(lang: str) -> dict[str, str]:
    return STRINGS[lang]


@lru_cache(maxsize=8192)  # babel builds its locale data anew on every call
def event_when(start: datetime, end: datetime, lang: str) -> str:
    """'donderdag 3 december 2026, 13:30 tot 16:30' in Dutch time, in the reader's language."""
    start, end = start.astimezone(AMSTERDAM), end.astimezone(AMSTERDAM)
    sep = STRINGS[lang]["time_separator"]
    day = format_date(start, "EEEE d MMMM y", locale=lang)
    if start.date() == end.date():
        return f"{day}, {format_time(start, 'HH:mm', locale=lang)} {sep} " + format_time(
            end, "HH:mm", locale=lang
        )
    return f"{format_datetime(start, 'EEEE d MMMM y, HH:mm', locale=lang)} {sep} " + (
        format_datetime(end, "EEEE d MMMM y, HH:mm", locale=lang)
    )


@lru_cache(maxsize=8192)
def long_date(moment: datetime, lang: str) -> str:
    return format_date(moment.astimezone(AMSTERDAM), "d MMMM y", locale=lang)
