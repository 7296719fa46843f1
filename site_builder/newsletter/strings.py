"""Words of the email in each language."""

from __future__ import annotations

EMAIL_STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "greeting": "Beste {name},",
        "reader": "lezer",
        "colleague": "collega",
        "news": "Nieuws",
        "events": "Agenda",
        "partner_news": "Uit het netwerk",
        "read_more": "Lees verder",
        "more_info": "Meer informatie",
        "sign_up": "Aanmelden",
        "view_online": "Bekijk deze nieuwsbrief in je browser",
        "unsubscribe": "Afmelden voor deze nieuwsbrief",
        "why_external": "Je ontvangt deze e-mail omdat je je hebt aangemeld voor de nieuwsbrief "
                        "van {organisation}.",
        "why_internal": "Je ontvangt deze e-mail omdat je werkt bij {organisation}. Deze "
                        "nieuwsbrief is alleen voor medewerkers: stuur hem niet door.",
        "archive": "Nieuwsbrief",
        "archive_intro": "Alle eerdere nieuwsbrieven van {organisation}.",
        "archive_feed": "RSS-feed van de nieuwsbrief",
        "no_issues": "Er zijn nog geen nieuwsbrieven verschenen.",
        "issues": "Verschenen nieuwsbrieven",
        "all_issues": "Alle nieuwsbrieven",
    },
    "en": {
        "greeting": "Dear {name},",
        "reader": "reader",
        "colleague": "colleague",
        "news": "News",
        "events": "Events",
        "partner_news": "From the network",
        "read_more": "Read more",
        "more_info": "More information",
        "sign_up": "Sign up",
        "view_online": "View this newsletter in your browser",
        "unsubscribe": "Unsubscribe from this newsletter",
        "why_external": "You receive this email because you subscribed to the newsletter of "
                        "{organisation}.",
        "why_internal": "You receive this email because you work at {organisation}. This "
                        "newsletter is for staff only: please do not forward it.",
        "archive": "Newsletter",
        "archive_intro": "All earlier newsletters of {organisation}.",
        "archive_feed": "RSS feed of the newsletter",
        "no_issues": "No newsletters have been published yet.",
        "issues": "Past issues",
        "all_issues": "All newsletters",
    },
}
