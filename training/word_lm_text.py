"""The word language model's text: every source read, normalised and passed through the reserved filter.

Three kinds of source: plain text (one sentence per line, `.xz` or not: ../shared/text), JSON lines with a `text`
field (the TTS sentence pool), and a training manifest whose real-speech rows are the in-domain text. Every line
goes through `normalise` (the one transcript normalisation) and then the reserved filter, which drops the
evaluation prompts and every test transcript: nothing else reaches the counts.
"""
from __future__ import annotations

import json
import lzma
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .corpus.reserved import ReservedFilter
from .corpus.sentences import is_heldout_sentence
from .corpus.text import normalise


@dataclass
class SourceReport:
    """What one source gave: lines read, sentences kept, sentences dropped as reserved (for the model card)."""
    path: str
    kind: str
    lines: int = 0
    kept: int = 0
    reserved: int = 0

    def as_json(self) -> dict:
        return {"path": self.path, "kind": self.kind, "lines": self.lines, "sentences": self.kept, "reserved": self.reserved}


@dataclass
class Text:
    corpus: list[str] = field(default_factory=list)  # normalised sentences, counted once
    in_domain: list[str] = field(default_factory=list)  # normalised transcripts, counted with the in-domain weight
    sources: list[SourceReport] = field(default_factory=list)


def plain_lines(path: str) -> Iterator[str]:
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def json_texts(path: str, skip_sources: Iterable[str] = ()) -> Iterator[str]:
    """The `text` of each JSON line whose `source` is not in skip_sources."""
    skip = set(skip_sources)
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("source") not in skip:
                yield row["text"]


def pool_texts(path: str) -> Iterator[str]:
    """The TTS sentence pool without the sentences the held-out voice speaks: they are a test set's transcripts."""
    return (t for t in json_texts(path) if not is_heldout_sentence(normalise(t)))


def filtered(lines: Iterable[str], reserved: ReservedFilter, report: SourceReport) -> list[str]:
    out = []
    for line in lines:
        report.lines += 1
        sentence = normalise(line)
        if not sentence:
            continue
        if reserved.is_reserved_normalised(sentence):
            report.reserved += 1
        else:
            out.append(sentence)
    report.kept = len(out)
    return out


def read_text(plain_text: list[str], json_text: list[str], in_domain: list[str], in_domain_skip: list[str],
              reserved: ReservedFilter) -> Text:
    text = Text()
    for kind, paths, lines in (("plain", plain_text, plain_lines), ("json", json_text, pool_texts)):
        for path in paths:
            report = SourceReport(path, kind)
            text.corpus += filtered(lines(path), reserved, report)
            text.sources.append(report)
    for path in in_domain:
        report = SourceReport(path, "in-domain")
        text.in_domain += filtered(json_texts(path, in_domain_skip), reserved, report)
        text.sources.append(report)
    return text
