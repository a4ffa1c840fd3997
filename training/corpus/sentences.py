"""The sentence pool: normalised, speakable, deduplicated, reserved prompts removed.

The pool is cached as JSON Lines ({"text", "source"}) so that a resumed build
sees the same sentences in the same order. Held-out TTS sentences are chosen
by a hash of the text, so the split never depends on pool order.
"""
import hashlib
import json
import os
import random
import re
from typing import Dict, List, Optional, Sequence

from training.corpus.reserved import ReservedFilter
from training.corpus.text import normalise
from training.corpus.text_sources import SOURCES

MIN_WORDS, MAX_WORDS = 1, 38
# Abbreviations that TTS would expand differently from our transcript.
ABBREVIATIONS = {"Mr.": "Mister", "Mrs.": "Missus", "Dr.": "Doctor", "St.": "Saint", "Mt.": "Mount",
                 "Gen.": "General", "Gov.": "Governor", "Jr.": "Junior", "Sr.": "Senior", "No.": "number",
                 "vs.": "versus", "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is"}
ACRONYM = re.compile(r"\b[A-Z]{2,}\b|\b[A-Za-z]\.[A-Za-z]\.")
ODD_CHARACTERS = re.compile(r"[_=<>{}\[\]|\\/@#*^~+]")
HELDOUT_FRACTION = 0.02
# WordNet alone would be 60 % of the pool; definitions are not how people talk.
SOURCE_CAPS = {"wordnet": 60000}


def expand_abbreviations(raw: str) -> str:
    for short, long in ABBREVIATIONS.items():
        raw = raw.replace(short, long)
    return raw


def speakable(raw: str, text: str) -> bool:
    """Reject lines whose spoken form TTS would not read as our transcript says."""
    if ACRONYM.search(raw) or ODD_CHARACTERS.search(raw):
        return False  # "NBC", "U.S.", code, URLs
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    for w in words:
        if len(w) == 1 and w not in ("a", "i", "o"):
            return False
        if not re.search(r"[aeiouy]", w):
            return False  # "mr", "st", "hmm": read unpredictably
    return True


def is_heldout_sentence(text: str) -> bool:
    digest = hashlib.sha1(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") < HELDOUT_FRACTION * 2 ** 32


def build_pool(reserved: ReservedFilter, npm_roots: Sequence[str] = (),
               sources: Optional[Sequence[str]] = None, seed: int = 1) -> List[Dict]:
    seen = set()
    pool = []
    for name in sources or SOURCES:
        reader, _licence = SOURCES[name]
        kept = []
        for raw in reader(list(npm_roots)):
            raw = expand_abbreviations(raw.strip())
            text = normalise(raw)
            if text in seen or not speakable(raw, text) or reserved.is_reserved(text):
                continue
            seen.add(text)
            kept.append({"text": text, "source": name})
        cap = SOURCE_CAPS.get(name)
        if cap and len(kept) > cap:
            kept = random.Random(seed).sample(kept, cap)
        pool.extend(kept)
    # Shuffled once with a fixed seed: any prefix of the pool mixes all sources.
    random.Random(seed).shuffle(pool)
    return pool


def load_or_build_pool(cache: str, reserved: ReservedFilter, npm_roots: Sequence[str] = ()) -> List[Dict]:
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    pool = build_pool(reserved, npm_roots)
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    tmp = cache + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for item in pool:
            f.write(json.dumps(item) + "\n")
    os.replace(tmp, cache)
    return pool
