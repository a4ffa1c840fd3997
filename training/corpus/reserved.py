"""The reserved-prompt filter: evaluation prompts and test transcripts must never appear in training text.

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
        # Containment of a phrase of 3 or more words, found through its first three words: a sentence is checked
        # at each of its word positions, not against every phrase (thousands of test transcripts).
        self._by_start: dict = {}
        for r in self.reserved:
            words = r.split()
            if len(words) >= 3:
                self._by_start.setdefault(tuple(words[:3]), []).append(words)

    def is_reserved(self, sentence: str) -> bool:
        return self.is_reserved_normalised(normalise(sentence))

    def is_reserved_normalised(self, n: str) -> bool:
        """is_reserved for text already through normalise(): saves normalising millions of lines twice."""
        if n in self.reserved:
            return True
        words = n.split()
        for i in range(len(words) - 2):
            for phrase in self._by_start.get((words[i], words[i + 1], words[i + 2]), ()):
                if words[i:i + len(phrase)] == phrase:
                    return True
        return False

    def keep(self, sentences: Iterable[str]) -> List[str]:
        return [s for s in sentences if not self.is_reserved(s)]

    @classmethod
    def from_tsv(cls, path: str = DEFAULT_RESERVED_TSV, with_tests: bool = True) -> "ReservedFilter":
        """The reserved prompts and (with_tests) every held-out test transcript of ../shared/data."""
        from training.corpus.real_data import test_transcripts  # real_data imports REPO_ROOT from here
        return cls(read_reserved_tsv(path) + (test_transcripts() if with_tests else []))
