"""The comments `import` writes into a file, above a setting a person must look at.

They are in the file's language, as the guidance `new` writes is: whoever opens a Dutch file
reads Dutch. The import report in the terminal stays in English, as every message does.
"""

from __future__ import annotations

from ..drafts import PLACEHOLDER_ALT, TO_CHECK

COMMENTS: dict[str, dict[str, str]] = {
    "draft": {
        "nl": "Overgenomen van de oude site: haal de regel `draft: true` weg zodra dit is "
              "nagekeken en gepubliceerd mag worden.",
        "en": "Imported from the old site: remove the line `draft: true` once this is "
              "checked and may be published.",
    },
    "no_times": {
        "nl": "De oude site gaf geen tijden: kijk ze na.",
        "en": "The old site gave no times: check them.",
    },
    "no_end": {
        "nl": "De oude site gaf geen eindtijd: kijk die na.",
        "en": "The old site gave no end: check it.",
    },
    "no_place": {
        "nl": "De oude site gaf geen plaats: vul die in.",
        "en": "The old site gave no place: fill it in.",
    },
    "no_date": {
        "nl": "De oude site gaf geen datum: schrijf de datum waarop dit verscheen.",
        "en": "The old site gave no date: write the date it was published.",
    },
    "unknown_author": {
        "nl": "Op de oude site was {name} de auteur: zie het verslag van de import.",
        "en": "On the old site the author was {name}: see the import report.",
    },
    "no_author": {
        "nl": "De oude site noemde geen auteur: kies er een uit content/people.yml.",
        "en": "The old site named no author: choose one from content/people.yml.",
    },
    "placeholder_author": {
        "nl": " Voorlopig staat hier {id}, zodat het bestand door de controle komt.",
        "en": " For now it names {id}, so that the file passes the check.",
    },
    "describe_picture": PLACEHOLDER_ALT,
}


def file_comment(key: str, lang: str, **values: str) -> str:
    texts = COMMENTS[key]
    return texts.get(lang, texts["en"]).format(**values)


def to_check(comment: str, lang: str) -> str:
    """A comment a person must act on: the check refuses to publish the file while it is
    there (drafts.py)."""
    return f"{TO_CHECK.get(lang, TO_CHECK['en'])}: {comment}"
