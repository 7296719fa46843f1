"""The pages and the confirmation email of the subscription service, in each language.

Plain HTML with its own few lines of CSS: no scripts, fonts or images, nothing from
another host. Every value is escaped here, so the app never builds markup itself.
"""

from __future__ import annotations

from html import escape

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "signup_title": "Aanmelden voor de nieuwsbrief",
        "signup_intro": "Ontvang de nieuwsbrief van {organisation} in je mailbox. Je krijgt "
                        "eerst een e-mail met een link om je aanmelding te bevestigen.",
        "email": "E-mailadres",
        "name": "Naam (mag je leeg laten)",
        "honeypot": "Laat dit veld leeg",
        "signup_button": "Aanmelden",
        "check_title": "Kijk in je mailbox",
        "check_text": "Als dit adres kan worden gebruikt, staat er binnen een paar minuten "
                      "een e-mail met een bevestigingslink in je mailbox. Pas als je daarop "
                      "klikt, ben je aangemeld. Geen e-mail? Kijk ook bij ongewenste e-mail.",
        "bad_address": "Dit is geen e-mailadres waar we naar kunnen sturen: {reason}",
        "bad_list": "Voor deze lijst kun je je hier niet aanmelden.",
        "confirm_title": "Bevestig je aanmelding",
        "confirm_text": "Klik op de knop om je aanmelding voor de nieuwsbrief te bevestigen.",
        "confirm_button": "Aanmelding bevestigen",
        "confirmed_title": "Je bent aangemeld",
        "confirmed_text": "Dank je wel. Je ontvangt voortaan de nieuwsbrief van "
                          "{organisation}. Afmelden kan altijd, met de link onder elke "
                          "nieuwsbrief.",
        "expired_title": "Deze link werkt niet (meer)",
        "expired_text": "De link is verlopen, al gebruikt of niet compleet. Meld je opnieuw "
                        "aan om een nieuwe link te krijgen.",
        "unsubscribe_title": "Afmelden voor de nieuwsbrief",
        "unsubscribe_text": "Klik op de knop om geen nieuwsbrieven meer te ontvangen.",
        "unsubscribe_button": "Afmelden",
        "unsubscribed_title": "Je bent afgemeld",
        "unsubscribed_text": "Je ontvangt deze nieuwsbrief niet meer. Was dit een vergissing? "
                             "Meld je dan opnieuw aan.",
        "general_text": "Gebruik de afmeldlink onderaan de nieuwsbrief die je hebt ontvangen: "
                        "die link is alleen voor jou.",
        "invalid_title": "Deze link is niet geldig",
        "invalid_text": "De link is niet compleet of veranderd. Gebruik de afmeldlink "
                        "onderaan de nieuwsbrief zoals die in de e-mail staat.",
        "unavailable_title": "Dat lukte nu niet",
        "unavailable_text": "We konden de e-mail nu niet versturen. Probeer het later nog eens.",
        "mail_subject": "Bevestig je aanmelding voor de nieuwsbrief van {organisation}",
        "mail_body": "Hallo,\n\nBevestig je aanmelding voor de nieuwsbrief van "
                     "{organisation} met deze link:\n\n{link}\n\nDe link werkt zeven dagen.\n\n"
                     "Heb je je niet aangemeld? Dan hoef je niets te doen: zonder bevestiging "
                     "sturen we je niets en bewaren we je adres niet.\n\n{organisation}\n",
    },
    "en": {
        "signup_title": "Subscribe to the newsletter",
        "signup_intro": "Get the newsletter of {organisation} in your inbox. First you "
                        "receive an email with a link to confirm.",
        "email": "Email address",
        "name": "Name (optional)",
        "honeypot": "Leave this field empty",
        "signup_button": "Subscribe",
        "check_title": "Check your inbox",
        "check_text": "If this address can be used, an email with a confirmation link "
                      "arrives within a few minutes. You are subscribed only once you follow "
                      "it. No email? Look in your spam folder too.",
        "bad_address": "This is not an email address we can send to: {reason}",
        "bad_list": "This list does not take sign-ups here.",
        "confirm_title": "Confirm your subscription",
        "confirm_text": "Press the button to confirm your subscription to the newsletter.",
        "confirm_button": "Confirm subscription",
        "confirmed_title": "You are subscribed",
        "confirmed_text": "Thank you. From now on you receive the newsletter of "
                          "{organisation}. You can unsubscribe at any time with the link at "
                          "the bottom of every issue.",
        "expired_title": "This link does not work (any more)",
        "expired_text": "The link has expired, was used already or is incomplete. Subscribe "
                        "again to get a new one.",
        "unsubscribe_title": "Unsubscribe from the newsletter",
        "unsubscribe_text": "Press the button to stop receiving this newsletter.",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribed_title": "You are unsubscribed",
        "unsubscribed_text": "You will not receive this newsletter any more. A mistake? "
                             "Subscribe again.",
        "general_text": "Use the unsubscribe link at the bottom of the newsletter you "
                        "received: that link is yours alone.",
        "invalid_title": "This link is not valid",
        "invalid_text": "The link is incomplete or was changed. Use the unsubscribe link at "
                        "the bottom of the newsletter exactly as it is in the email.",
        "unavailable_title": "That did not work just now",
        "unavailable_text": "We could not send the email just now. Please try again later.",
        "mail_subject": "Confirm your subscription to the newsletter of {organisation}",
        "mail_body": "Hello,\n\nPlease confirm your subscription to the newsletter of "
                     "{organisation} with this link:\n\n{link}\n\nThe link works for seven "
                     "days.\n\nDid you not subscribe? Then there is nothing to do: without "
                     "confirmation we send you nothing and keep no record of your address.\n\n"
                     "{organisation}\n",
    },
}

HONEYPOT = "website"  # a field people never see or fill in; bots fill in every field

_CSS = ("body{font:1.0625em/1.5 system-ui,sans-serif;max-width:36em;margin:2em auto;"
        "padding:0 1em;color:#1a1a1a;background:#fff}"
        "label{display:block;margin-top:1em;font-weight:600}"
        "input[type=email],input[type=text]{width:100%;padding:.5em;font:inherit;"
        "border:2px solid #555;border-radius:4px;box-sizing:border-box}"
        "button{margin-top:1.25em;padding:.6em 1.2em;font:inherit;font-weight:600;color:#fff;"
        "background:#00695c;border:0;border-radius:4px;cursor:pointer}"
        "button:focus,input:focus{outline:3px solid #e65100;outline-offset:2px}"
        ".error{color:#b00020;font-weight:600}")
_HIDDEN = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"
_LABEL = "display:block;margin-top:1em;font-weight:600"
_FIELD = ("display:block;width:100%;max-width:28em;box-sizing:border-box;padding:.5em;"
          "font:inherit;color:inherit;background:#fff;border:2px solid #555;border-radius:4px")


def page(lang: str, title_key: str, body: str, **values: str) -> str:
    strings = STRINGS[lang]
    title = escape(strings[title_key].format(**values))
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n")


def text(lang: str, key: str, **values: str) -> str:
    """One paragraph from the strings, escaped."""
    return f"<p>{escape(STRINGS[lang][key].format(**values))}</p>\n"


def signup_fields(lang: str, list_name: str, email: str = "", id_prefix: str = "sb") -> str:
    """The inputs of the sign-up form, shared by the service's page and the site's form.

    Styled inline: the site's theme resets form controls to nothing, and the shared
    stylesheet is not this module's. The button takes the theme's own button look.
    """
    strings = STRINGS[lang]
    p = id_prefix
    return (f'<label for="{p}-email" style="{_LABEL}">{escape(strings["email"])}</label>\n'
            f'<input id="{p}-email" type="email" name="email" required autocomplete="email" '
            f'value="{escape(email)}" style="{_FIELD}">\n'
            f'<label for="{p}-name" style="{_LABEL}">{escape(strings["name"])}</label>\n'
            f'<input id="{p}-name" type="text" name="name" autocomplete="name" maxlength="100" '
            f'style="{_FIELD}">\n'
            f'<div style="{_HIDDEN}" aria-hidden="true"><label for="{p}-{HONEYPOT}">'
            f'{escape(strings["honeypot"])}</label>\n'
            f'<input id="{p}-{HONEYPOT}" type="text" name="{HONEYPOT}" tabindex="-1" '
            'autocomplete="off"></div>\n'
            f'<input type="hidden" name="lang" value="{escape(lang)}">\n'
            f'<input type="hidden" name="list" value="{escape(list_name)}">\n'
            f'<p><button type="submit" class="md-button md-button--primary">'
            f'{escape(strings["signup_button"])}</button></p>\n')


def signup_form(lang: str, action: str, list_name: str, email: str = "",
                error: str | None = None) -> str:
    problem = f'<p class="error" role="alert">{escape(error)}</p>\n' if error else ""
    return (f'{problem}<form method="post" action="{escape(action)}">\n'
            f"{signup_fields(lang, list_name, email)}</form>\n")


def signup_form_html(lang: str, action: str, form_id: str) -> str:
    """The site's sign-up form, which posts to the subscription service (no script: a plain
    form works everywhere). `form_id` keeps field ids unique on a page."""
    return (f'<form class="sb-signup" method="post" action="{escape(action)}">\n'
            f"{signup_fields(lang, 'external', id_prefix=f'sb-{form_id}')}</form>")


def site_signup_section(lang: str, action: str, organisation: str) -> str:
    """Markdown for the site's newsletter page: a heading, a line, and the sign-up form,
    which posts to the subscription service (no script: a plain form works everywhere)."""
    strings = STRINGS[lang]
    form = (f'<form class="sb-signup" method="post" action="{escape(action)}">\n'
            f"{signup_fields(lang, 'external')}</form>")
    return (f"## {strings['signup_title']}\n\n"
            f"{strings['signup_intro'].format(organisation=organisation)}\n\n{form}\n")


def button_form(lang: str, button_key: str, hidden: dict[str, str] | None = None) -> str:
    """A form that POSTs to the page's own address: GET never changes anything, so link
    checkers and mail scanners that open links cannot confirm or unsubscribe anyone."""
    fields = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">\n'
                     for k, v in (hidden or {}).items())
    return (f'<form method="post">\n{fields}<button type="submit">'
            f"{escape(STRINGS[lang][button_key])}</button>\n</form>\n")


def confirmation_mail(lang: str, organisation: str, link: str) -> tuple[str, str]:
    """Subject and plain-text body of the email with the confirmation link. Nothing a
    visitor typed goes in: it is mailed to an address nobody has confirmed yet."""
    strings = STRINGS[lang]
    return (strings["mail_subject"].format(organisation=organisation),
            strings["mail_body"].format(organisation=organisation, link=link))
