"""Spelled letters and digit groups: text for the word language model, and a dev set to choose it on.

AN4's speakers spell names and strings letter by letter ("d o u g l a s", "w c v y h seventy seven"). The word
model learns letters only from what it reads, and its 37 M words of prose hold few letters in a row: a spelled
letter after another costs 8 to 12 nats unless that very sequence was in AN4's train transcripts, so the
word-aware beam deletes letters (issue 24). This module writes lines of the same kinds, drawn at random:

    python3 -m training.corpus.spelled text --pool CORPUS/text/sentences.jsonl --lines 40000 --out spelled.txt
    python3 -m training.corpus.spelled dev --pool CORPUS/text/sentences.jsonl --utterances 150 --out CORPUS

`text` lines (for `word_lm --plain-text`) spell words of one half of the TTS sentence pool's vocabulary; `dev`
synthesises lines from the other half with the held-out voice (rhvoice:clb, never trained on) into
CORPUS/manifests/spelled-dev.jsonl, so a choice made on it has not seen its words spelled. Both drop any line the
reserved filter rejects (the evaluation prompts and every test transcript, AN4's included).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import zlib
from typing import Iterable, Iterator, List

from training.corpus.reserved import ReservedFilter

LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIGITS = ["oh", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
HALVES = ("text", "dev")
DEV_VOICE = "rhvoice:clb"
WORD = re.compile(r"^[a-z]{3,12}$")


def half_of(word: str) -> str:
    """Which half a word belongs to: fixed by its spelling, so text and dev never spell the same word."""
    return HALVES[zlib.crc32(word.encode()) % 2]


def pool_words(pool_jsonl: str, half: str) -> List[str]:
    """The distinct words of the TTS sentence pool (JSON lines with `text`) in `half`, sorted."""
    words = set()
    with open(pool_jsonl, encoding="utf-8") as f:
        for line in f:
            words.update(w for w in json.loads(line)["text"].split() if WORD.match(w))
    return sorted(w for w in words if half_of(w) == half)


def digit_group(rng: random.Random) -> List[str]:
    if rng.random() < 0.6:
        return [rng.choice(DIGITS) for _ in range(rng.randint(1, 4))]
    return [rng.choice(TENS)] + ([rng.choice(DIGITS[2:])] if rng.random() < 0.5 else [])


def spelled_line(rng: random.Random, words: List[str]) -> str:
    """One line: a word spelled, two words spelled, random letters, or random letters and digits."""
    kind = rng.random()
    if kind < 0.4:
        out = list(rng.choice(words))
    elif kind < 0.55:
        out = list(rng.choice(words)) + list(rng.choice(words))
    elif kind < 0.75:
        out = [rng.choice(LETTERS) for _ in range(rng.randint(2, 6))]
    else:
        out = [rng.choice(LETTERS) for _ in range(rng.randint(1, 5))] + digit_group(rng)
    return " ".join(out)


def spelled_lines(words: List[str], count: int, seed: int, reserved: ReservedFilter) -> Iterator[str]:
    rng = random.Random(seed)
    made = 0
    while made < count:
        line = spelled_line(rng, words)
        if not reserved.is_reserved(line):
            made += 1
            yield line


def write_text(lines: Iterable[str], path: str) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
            n += 1
    return n


def write_dev(lines: List[str], out: str) -> str:
    """Synthesises the lines with the held-out voice into OUT/audio/spelled-dev, and writes the manifest."""
    from training.corpus.audio_io import RATE, trim_silence, write_wav
    from training.corpus.engines import synthesise
    from training.corpus.manifest import make_row
    from training.corpus.voices import BY_KEY

    voice = BY_KEY[DEV_VOICE]
    items = [{"text": t, "rate": 1.0, "pitch": 1.0} for t in lines]
    folder = os.path.join(out, "audio", "spelled-dev")
    os.makedirs(folder, exist_ok=True)
    rows = []
    for i, (item, x) in enumerate(zip(items, synthesise(voice, items))):
        if x is None:
            continue
        x = trim_silence(x)
        path = os.path.join(folder, f"spelled-dev-{i:04d}.wav")
        write_wav(path, x)
        rows.append(make_row(f"spelled-dev-{i:04d}", path, item["text"], len(x) / RATE, DEV_VOICE, "tts", None, "spelled-dev"))
    manifest = os.path.join(out, "manifests", "spelled-dev.jsonl")
    with open(manifest, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return manifest


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=("text", "dev"))
    p.add_argument("--pool", required=True, help="the TTS sentence pool, CORPUS/text/sentences.jsonl")
    p.add_argument("--lines", type=int, default=40_000, help="text: how many lines")
    p.add_argument("--utterances", type=int, default=150, help="dev: how many utterances")
    p.add_argument("--seed", type=int, default=None, help="default: 1 for text, 2 for dev")
    p.add_argument("--out", required=True, help="text: the file; dev: the corpus folder")
    args = p.parse_args()
    reserved = ReservedFilter.from_tsv()
    words = pool_words(args.pool, args.what)  # the halves are named after the two commands
    seed = args.seed if args.seed is not None else HALVES.index(args.what) + 1
    if args.what == "text":
        n = write_text(spelled_lines(words, args.lines, seed, reserved), args.out)
        print(f"spelled text: {n} lines from {len(words)} words -> {args.out}")
    else:
        manifest = write_dev(list(spelled_lines(words, args.utterances, seed, reserved)), args.out)
        print(f"spelled dev: {manifest}")


if __name__ == "__main__":
    main()
