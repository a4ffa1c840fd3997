"""Perplexity and vocabulary coverage of a word language model on transcripts (a dev set, never a test set):

    python3 -m training.word_lm_eval --model EXP/words.bin --text CORPUS/manifests/so762-dev150.jsonl

Perplexity counts every word and each sentence's </s>; a word outside the vocabulary is scored as <unk> (its
probability is the mass of all such words), and the figure without those words is printed too. Coverage is the
fraction of running words that are in the vocabulary.
"""
from __future__ import annotations

import argparse
import json
import math

from .corpus.text import normalise
from .word_lm import WordLM
from .word_lm_counts import EOS, UNK
from .word_lm_text import json_texts


def evaluate(lm: WordLM, sentences: list[str]) -> dict:
    total = known_total = 0.0
    words = known = predicted = 0
    for sentence in sentences:
        state = lm.start()
        for word in sentence.split() + ["</s>"]:
            wid = EOS if word == "</s>" else lm.word_id(word)
            log_prob, state = lm.score_id(state, wid)
            total += log_prob
            predicted += 1
            if wid != EOS:
                words += 1
            if wid != UNK:
                known_total += log_prob
                known += wid != EOS
    return {"sentences": len(sentences), "words": words, "coverage": known / max(words, 1),
            "perplexity": math.exp(-total / max(predicted, 1)),
            "perplexityKnownOnly": math.exp(-known_total / max(predicted - (words - known), 1))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--text", nargs="+", required=True, help="JSON lines with a `text` field")
    p.add_argument("--skip-source", nargs="*", default=["tts"], help="rows of these sources are not read")
    args = p.parse_args()
    lm = WordLM(args.model)
    for path in args.text:
        sentences = [s for s in (normalise(t) for t in json_texts(path, args.skip_source)) if s]
        print(json.dumps({"text": path, **evaluate(lm, sentences)}))


if __name__ == "__main__":
    main()
