"""The word language model's parity fixture: `python3 -m training.word_lm_fixture --out src/core/fixtures/word-lm`.

Writes sentences.txt (invented sentences from the small grammar below, seeded: no outside text), builds words.bin
from it with the recipe stage itself (a small vocabulary so that some words are <unk>, bigrams and trigrams
pruned below 2 and 3), and writes scores.json: WordLM's scores for src/core/word-lm.test.ts to reproduce:
whole next-word distributions after a few histories, single cases (each with the order of the n-gram it matched:
0 when the unigram was reached by backing off), sentence totals, and the state after each history.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import sys

from .word_lm import WordLM
from .word_lm_counts import BOS, EOS

PEOPLE = ["the baker", "my sister", "old tom", "the farmer", "a small boy", "the teacher", "our neighbour",
          "the captain", "her uncle", "the miller's wife"]
DID = ["carried", "painted", "found", "sold", "mended", "lost", "opened", "cleaned", "borrowed", "dropped"]
THINGS = ["the red boat", "a wooden chair", "the garden gate", "two baskets of apples", "the kitchen window",
          "an old map", "the blue kettle", "a letter from the city", "the long ladder", "three loaves of bread"]
WHERE = ["near the river", "in the market", "behind the mill", "at the station", "on the hill", "by the old bridge",
         "in the barn"]
WHEN = ["this morning", "last winter", "before dinner", "after the storm", "every sunday", "at noon", "yesterday"]
SAYS = ["said that", "told me that", "thinks that", "wrote that"]
HOURS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
OWN = [  # written out whole: short replies and a few one-offs, so that sentence ends and rare words vary
    "yes please", "no thank you", "thank you very much", "good morning", "good night and sleep well",
    "the weather turned cold", "the bells rang at noon", "nobody saw the fox", "the fox ran into the woods",
    "we walked home along the canal", "the kettle is on the stove", "please close the garden gate",
    "the lamp went out", "a crow sat on the fence", "the children sang by the fire", "it rained all week",
    "the ferry left without us", "my sister keeps bees", "the farmer's dog barks at the post van",
    "the market opens at eight", "old tom mends nets by the harbour", "the mill wheel creaks in the wind",
]


def sentences(count: int = 400, seed: int = 25) -> list[str]:
    rng = random.Random(seed)
    pick = rng.choice
    makers = [
        lambda: f"{pick(PEOPLE)} {pick(DID)} {pick(THINGS)} {pick(WHERE)}",
        lambda: f"{pick(PEOPLE)} {pick(DID)} {pick(THINGS)} {pick(WHEN)}",
        lambda: f"{pick(WHEN)} {pick(PEOPLE)} {pick(DID)} {pick(THINGS)}",
        lambda: f"did {pick(PEOPLE)} see {pick(THINGS)} {pick(WHERE)}",
        lambda: f"{pick(PEOPLE)} {pick(SAYS)} {pick(PEOPLE)} {pick(DID)} {pick(THINGS)}",
        lambda: f"call me at {pick(['half past', 'a quarter to', 'ten past'])} {pick(HOURS)}",  # no digit strings: test transcripts have many
        lambda: pick(OWN),
    ]
    out = OWN[:]
    seen = set(out)
    while len(out) < count:
        s = pick(makers)()
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


# Histories and sentences outside the text: unknown words, unseen orders, an empty sentence.
NOVEL = ["the baker painted the station", "a zebra carried the red boat", "the teacher quietly sold an old map",
         "call me at half past nine tomorrow", "the captain", "yes", "xylophone", "the the the",
         "my sister told me that the fox mended the kettle", "good morning old tom", ""]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = sentences()
    (out / "sentences.txt").write_text("\n".join(text) + "\n")
    subprocess.run([sys.executable, "-m", "training.word_lm", "--plain-text", str(out / "sentences.txt"), "--vocabulary", "100",
                    "--order", "3", "--min-counts", "2", "3", "--out", str(out / "words.bin")], check=True)
    lm = WordLM(str(out / "words.bin"))
    histories = [[], ["the"], ["the", "baker"], ["call", "me"], ["zebra"], ["xylophone", "quietly"], ["in", "the"]]
    distributions = [{"history": h, "logProbs": [None if i == BOS else lm.score(h, "</s>" if i == EOS else lm.words[i])
                                                 for i in range(lm.ids)]} for h in histories]
    cases = []
    for s in text[::8] + NOVEL:
        words = s.split()
        for k in range(len(words) + 1):
            word = words[k] if k < len(words) else "</s>"
            cases.append({"history": words[:k], "word": word, "logProb": lm.score(words[:k], word),
                          "match": matched_order(lm, words[:k], word)})
    scores = {"model": "words.bin", "order": lm.order, "ids": lm.ids, "distributions": distributions, "cases": cases,
              "sentences": [{"words": s.split(), "logProb": lm.sentence_score(s.split())} for s in text[::2] + NOVEL],
              "states": [{"history": h, "state": state_after(lm, h)} for h in histories + [["good", "night", "and"], ["the", "lamp", "went", "out"]]]}
    (out / "scores.json").write_text(json.dumps(scores, indent=0) + "\n")
    print(f"{len(text)} sentences, {len(cases)} cases, {len(scores['sentences'])} sentence scores -> {out}")


def state_after(lm: WordLM, history: list[str]) -> list[int]:
    state = lm.start()
    for w in history:
        state = lm.score_id(state, lm.word_id(w))[1]
    return state


def matched_order(lm: WordLM, history: list[str], word: str) -> int:
    """The order of the longest stored n-gram that ends the history with `word` (0: only the unigram remains,
    reached by backing off; 1: the unigram directly, with an empty state)."""
    state = state_after(lm, history)
    ids = state + [EOS if word == "</s>" else lm.word_id(word)]
    for length in range(len(ids), 1, -1):
        if lm._entry(ids[len(ids) - length:]) >= 0:
            return length
    return 1 if not state else 0


if __name__ == "__main__":
    main()
