"""The reserved-prompt filter: evaluation prompts must never appear in training text.

../shared/data/reserved-prompts.tsv (id<TAB>sentence) is held out for evaluation.
Sentences are compared after normalise(), so casing and punctuation cannot
smuggle a reserved prompt in. A candidate that merely contains a reserved
prompt (e.g. a longer line quoting it) is rejected too.
"""
import os
from typing import Iterable, List, Set

from training.corpus.text import normalise

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_RESERVED_TSV = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "reserved-prompts.tsv")


def read_reserved_tsv(path: str = DEFAULT_RESERVED_TSV) -> List[str]:
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            _, _, sentence = line.partition("\t")
            sentences.append(sentence)
    return sentences


class ReservedFilter:
    def __init__(self, reserved_sentences: Iterable[str]):
        self.reserved: Set[str] = {n for n in (normalise(s) for s in reserved_sentences) if n}
        # Padded with spaces so that containment only matches whole words.
        self._padded = [" " + r + " " for r in self.reserved if len(r.split()) >= 3]

    def is_reserved(self, sentence: str) -> bool:
        n = normalise(sentence)
        if n in self.reserved:
            return True
        padded = " " + n + " "
        return any(r in padded for r in self._padded)

    def keep(self, sentences: Iterable[str]) -> List[str]:
        return [s for s in sentences if not self.is_reserved(s)]

    @classmethod
    def from_tsv(cls, path: str = DEFAULT_RESERVED_TSV) -> "ReservedFilter":
        return cls(read_reserved_tsv(path))
