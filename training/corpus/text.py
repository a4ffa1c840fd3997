"""Transcript normalisation shared by the corpus builder and the evaluation scorer.

A normalised transcript holds only the letters a-z, the apostrophe and single
spaces. Digits are spelled out the way people read them aloud, because the
model only ever sees spoken words: the same rule must apply to training text,
TTS input (so audio and transcript agree) and evaluation references.
"""
import re
import unicodedata

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")]

# Ordinals are formed from the last cardinal word.
ORDINAL_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                     "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def spell_number(n: int) -> str:
    """Cardinal in American style, without "and": 342 -> "three hundred forty two"."""
    if n < 0:
        return "minus " + spell_number(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + ("" if ones == 0 else " " + ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + spell_number(rest))
    for scale, name in SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return spell_number(high) + " " + name + ("" if rest == 0 else " " + spell_number(rest))
    raise AssertionError("unreachable")


def spell_ordinal(n: int) -> str:
    words = spell_number(n).split(" ")
    last = words[-1]
    if last in ORDINAL_IRREGULAR:
        last = ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last = last + "th"
    return " ".join(words[:-1] + [last])


def spell_year(n: int) -> str:
    """Years are read in pairs: 1984 -> "nineteen eighty four", 1905 -> "nineteen oh five"."""
    high, low = divmod(n, 100)
    if low == 0:
        return spell_number(high) + " hundred"
    if low < 10:
        return spell_number(high) + " oh " + ONES[low]
    return spell_number(high) + " " + spell_number(low)


def spell_digits(digits: str) -> str:
    """Digit by digit, as phone numbers and codes are read: "0351" -> "zero three five one"."""
    return " ".join(ONES[int(d)] for d in digits)


def _looks_like_year(token: str) -> bool:
    # Four digits from 1100 to 1999 are almost always years in running text;
    # 2000 and later are commonly read as cardinals ("two thousand five").
    return len(token) == 4 and 1100 <= int(token) <= 1999


def _spell_integer_token(token: str) -> str:
    if len(token) > 1 and token.startswith("0"):
        return spell_digits(token)
    if _looks_like_year(token):
        return spell_year(int(token))
    if len(token) > 15:
        return spell_digits(token)
    return spell_number(int(token))


_CURRENCY = {"$": ("dollar", "dollars"), "£": ("pound", "pounds"), "€": ("euro", "euros")}

_RE_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_RE_CURRENCY = re.compile(r"([$£€])\s?(\d+(?:\.\d+)?)")
_RE_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_RE_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
_RE_DECIMAL = re.compile(r"\b(\d+)\.(\d+)\b")
_RE_INTEGER = re.compile(r"\d+")
_RE_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_RE_NOT_ALLOWED = re.compile(r"[^a-z' ]+")
_RE_LONE_APOSTROPHE = re.compile(r"(?<![a-z])'|'(?![a-z])")
_RE_SPACES = re.compile(r" +")


def _spell_decimal(match: "re.Match") -> str:
    return " " + _spell_integer_token(match.group(1)) + " point " + spell_digits(match.group(2)) + " "


def _spell_currency(match: "re.Match") -> str:
    singular, plural = _CURRENCY[match.group(1)]
    amount = match.group(2)
    if "." in amount:
        whole, cents = amount.split(".", 1)
        words = spell_number(int(whole)) + " " + (singular if int(whole) == 1 else plural)
        if int(cents):
            words += " " + spell_number(int(cents[:2].ljust(2, "0"))) + " cents"
        return " " + words + " "
    return " " + spell_number(int(amount)) + " " + (singular if int(amount) == 1 else plural) + " "


def spell_numbers(text: str) -> str:
    """Replace every digit sequence in text with words (currency, %, ordinals, decimals first)."""
    text = _RE_THOUSANDS.sub("", text)
    text = _RE_CURRENCY.sub(_spell_currency, text)
    text = _RE_PERCENT.sub(lambda m: " " + spell_numbers(m.group(1)) + " percent ", text)
    text = _RE_ORDINAL.sub(lambda m: " " + spell_ordinal(int(m.group(1))) + " ", text)
    text = _RE_DECIMAL.sub(_spell_decimal, text)
    return _RE_INTEGER.sub(lambda m: " " + _spell_integer_token(m.group(0)) + " ", text)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case letters, apostrophes inside words, single spaces; numbers spelled out."""
    text = _strip_accents(text)
    text = _RE_APOSTROPHES.sub("'", text)
    text = text.replace("&", " and ")
    text = spell_numbers(text)
    text = text.lower()
    # Hyphens, dashes and all other punctuation separate words.
    text = _RE_NOT_ALLOWED.sub(" ", text)
    # Quotes ('tis, 'hello') are dropped; contractions (don't, o'clock) are kept.
    text = _RE_LONE_APOSTROPHE.sub(" ", text)
    return _RE_SPACES.sub(" ", text).strip()
