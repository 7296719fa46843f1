"""Is the signing secret hard enough to guess? (`SITE_BUILDER_SECRET`)

Whoever knows or guesses it can unsubscribe anyone, so it must be random, not typed:
long enough, no whitespace (a sign of a pasted sentence, or a copy that went wrong), many
different characters, and no pattern, word or sequence that makes it easy to guess.
That last judgement is zxcvbn's, the estimator password managers use: it counts the
guesses an attacker who tries words, repeats, sequences and dates first would need.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 32
# A random 32-character hex string has about 14 different characters; of a million drawn,
# 1 in 10,000 had 9 and the fewest was 8 (10 was the limit before, and refused one by chance).
MIN_DISTINCT = 6
# About 86 bits. zxcvbn counts at most 10 guesses for a character it cannot explain, and in a
# random string it still finds the odd "word" or "date": of 4,000 secrets of 16 random bytes
# as hex (32 characters) the lowest scored 27.5, and 1 in 18 scored under 30, the limit
# before, which refused good secrets by chance. Typed secrets in the tests score 4 to 22.
MIN_GUESSES_LOG10 = 26
HOW_TO_MAKE_ONE = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'


def weaknesses(secret: str) -> list[str]:
    """What makes this secret easy to guess, in plain words; empty when it is good."""
    found = []
    if len(secret) < MIN_LENGTH:
        found.append(f"it is too short ({len(secret)} characters; at least {MIN_LENGTH})")
    if any(character.isspace() for character in secret):
        found.append("it contains spaces or other whitespace")
    distinct = len(set(secret))
    if distinct < MIN_DISTINCT:
        found.append(f"it uses only {distinct} different character(s)")
    # zxcvbn is slow on long input and a long random secret needs no judging past this.
    if not found and zxcvbn(secret[:100])["guesses_log10"] < MIN_GUESSES_LOG10:
        found.append("it is too easy to guess: it is made of words, repeats, sequences or "
                     "other patterns rather than chance")
    return found
