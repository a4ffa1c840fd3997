"""Character n-gram language model for shallow fusion in AT decoding (src/core/lm.ts reads what this writes).

Interpolated Kneser-Ney over the model's own characters (training/tokens.py), order N. What the bundle stores
is, for every context seen at least `min_count` times, its whole next-character distribution, quantised to a
byte per character. A lookup takes the longest stored suffix of the history and reads its row: the runtime does
no backoff arithmetic, and every row is a proper distribution because smoothing happened here.

Contexts are coded base 32 (the vocabulary has 32 tokens), most recent character in the lowest digit; the
sentence start is <sos/eos> (id 2) and no context holds <blank> (id 0), so codes of different lengths never
collide. The end of a sentence is predicted as <sos/eos>, as the AT decoder does.

    python3 -m training.lm --text SENTENCES.jsonl --in-domain TRAIN.jsonl --out lm.bin
"""
from __future__ import annotations

import argparse
import json
import pathlib

import numpy as np

from .corpus.reserved import ReservedFilter
from .corpus.sentences import is_heldout_sentence
from .corpus.text import normalise
from .tokens import SOS_EOS, TOKENS, encode

# Order 7 (six characters of context) keeps a context code in 32 bits. On 150 speechocean762 test sentences
# outside the agreed 200 (run4 model, AT beam 4 with CTC) WER went 79.1 -> 75.8 % at weight 0.3; orders 6 and 8
# were within a point of it, and order 8's table is three times the size. Again with the 12.4 M bundle (gpu1, the
# 150 dev sentences, CTC beam 16 + LM at 0.7 / 1.5): in-domain weight 5 / 20 / 50 gave 45.1 / 44.4 / 45.1 % WER,
# minimum count 3 instead of 5 44.7 % (15.5 MB against 12.2). Words measured too: rescoring the 9.8 finished
# hypotheses of AT beam 8 + LM (38.6 %; the best of them 32.9 %) with a word unigram or bigram of the same text
# gave 39.5 % or worse at every weight tried, a penalty per out-of-vocabulary word 38.5 %; not adopted.
ORDER = 7
BASE = 32
STEP = 0.05  # nats per quantisation level: a byte covers log-probabilities down to -12.75
assert len(TOKENS) <= BASE


def symbols(sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """All sentences as one id array, each as <sos> characters <eos>; and each position's offset in its sentence."""
    ids, offsets = [], []
    for s in sentences:
        row = [SOS_EOS] + encode(s) + [SOS_EOS]
        ids.extend(row), offsets.extend(range(len(row)))
    return np.array(ids, dtype=np.int64), np.array(offsets, dtype=np.int64)


def ngram_counts(ids: np.ndarray, offsets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct n-grams (context of n-1 characters, then the predicted one) and how often each occurs."""
    targets = np.nonzero(offsets >= max(n - 1, 1))[0]  # position 0 is <sos>, never predicted
    code = np.zeros(len(targets), dtype=np.int64)
    for back in range(n - 1, 0, -1):  # context digits: most recent character lowest, then the target on top
        code = code * BASE + ids[targets - back]
    code = code * BASE + ids[targets]
    return np.unique(code, return_counts=True)


def discount(counts: np.ndarray) -> float:
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def build(sentences: list[str], order: int = ORDER, min_count: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Context codes and their next-token log-probability rows (float64, [contexts, BASE])."""
    ids, offsets = symbols(sentences)
    raw = {n: ngram_counts(ids, offsets, n) for n in range(1, order + 1)}
    contexts, rows = [], []
    rows_lower, lower_contexts = None, None
    for n in range(1, order + 1):
        codes, counts = raw[n]
        context, target = codes // BASE, codes % BASE
        if n < order:
            # Kneser-Ney: a lower order counts distinct left extensions, except for n-grams that open a sentence
            # (nothing can extend them to the left)
            longer, _ = raw[n + 1]
            suffix, extensions = np.unique(longer % BASE ** n, return_counts=True)
            continuation = np.zeros(len(codes), dtype=np.int64)
            at = np.searchsorted(suffix, codes)
            found = (at < len(suffix)) & (suffix[np.minimum(at, len(suffix) - 1)] == codes)
            continuation[found] = extensions[at[found]]
            opens = (context // BASE ** (n - 2) == SOS_EOS) if n >= 2 else np.zeros(len(codes), dtype=bool)
            counts = np.where(opens, counts, continuation)
        d = discount(counts[counts > 0])
        distinct, inverse = np.unique(context, return_inverse=True)
        keep = np.bincount(inverse, weights=raw[n][1]) >= (min_count if n > 1 else 0)
        selected = keep[inverse]  # n-grams whose context is stored
        kept_context = distinct[keep]
        row_of = np.cumsum(keep) - 1
        table = np.zeros((len(kept_context), BASE))
        np.add.at(table, (row_of[inverse[selected]], target[selected]), counts[selected])
        total = table.sum(1, keepdims=True)
        types = (table > 0).sum(1, keepdims=True)
        if n == 1:
            lower = np.zeros((1, BASE))
            lower[0, [i for i in range(len(TOKENS)) if i == SOS_EOS or i >= 4]] = 1.0  # characters and <eos>
            lower /= lower.sum()
        else:
            # the shorter context (oldest character dropped) is stored whenever this one is: it occurs as often or
            # more; the previous order's contexts are sorted (np.unique), so a binary search finds its row
            lower = rows_lower[np.searchsorted(lower_contexts, kept_context % BASE ** (n - 2))]
        safe = np.maximum(total, 1)
        probs = np.maximum(table - d, 0) / safe + d * types / safe * lower
        rows_lower = np.where(total > 0, probs, lower)
        lower_contexts = kept_context
        contexts.append(kept_context), rows.append(rows_lower)
    contexts, rows = np.concatenate(contexts), np.concatenate(rows)
    return contexts, np.log(np.maximum(rows, 1e-30))


def quantise(log_probs: np.ndarray) -> np.ndarray:
    return np.clip(np.round(-log_probs / STEP), 0, 255).astype(np.uint8)


def write(path: str, order: int, contexts: np.ndarray, log_probs: np.ndarray) -> None:
    """lm.bin, little-endian: uint32 order, uint32 context count, the context codes (uint32, ascending), then one
    row of BASE bytes per context (level q is log-probability -q * STEP)."""
    assert order <= 7, "a context code of more than six characters does not fit 32 bits"
    rank = np.argsort(contexts)
    with open(path, "wb") as f:
        f.write(np.array([order, len(contexts)], dtype="<u4").tobytes())
        f.write(contexts[rank].astype("<u4").tobytes())
        f.write(quantise(log_probs[rank]).tobytes())


class CharacterLM:
    """The runtime side (mirrors src/core/lm.ts): quantised rows, longest stored suffix of the history."""

    def __init__(self, path: str):
        blob = pathlib.Path(path).read_bytes()
        self.order, count = (int(v) for v in np.frombuffer(blob, "<u4", 2))
        codes = np.frombuffer(blob, "<u4", count, 8)
        self.rows = -STEP * np.frombuffer(blob, np.uint8, count * BASE, 8 + 4 * count).reshape(count, BASE).astype(np.float64)
        self.index = {int(c): i for i, c in enumerate(codes)}

    def log_probs(self, history: list[int]) -> np.ndarray:
        """Next-token log-probabilities after <sos> + history (character ids)."""
        full = [SOS_EOS] + list(history)
        context = full[max(0, len(full) - (self.order - 1)):]
        for length in range(len(context), -1, -1):
            code = 0
            for k in context[len(context) - length:]:
                code = code * BASE + k
            if code in self.index:
                return self.rows[self.index[code]]
        raise ValueError("the language model has no empty context")


def read_sentences(path: str, source: str | None = None) -> list[str]:
    """The normalised `text` of each JSON line (only those whose `source` is `source`, when given)."""
    out = []
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            if source is None or row.get("source") == source:
                out.append(normalise(row["text"]))
    return [s for s in out if s]


def read_plain_text(path: str) -> list[str]:
    """One sentence per line, plain or xz-compressed (../shared/text), normalised."""
    from .word_lm_text import plain_lines
    return [s for s in (normalise(line) for line in plain_lines(path)) if s]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--text", nargs="+", default=[], help="JSON-lines files with a `text` field (the corpus's sentences)")
    p.add_argument("--plain-text", nargs="+", default=[], help="more text, one sentence per line (.xz too): ../shared/text")
    p.add_argument("--in-domain", help="a training manifest whose real-speech transcripts count --in-domain-weight times")
    p.add_argument("--in-domain-source", nargs="+", default=["speechocean762", "commonvoice", "an4", "ljspeech"],
                   help="the manifest's real-speech sources whose transcripts are in-domain text")
    p.add_argument("--in-domain-weight", type=int, default=20)
    p.add_argument("--order", type=int, default=ORDER)
    p.add_argument("--min-count", type=int, default=5, help="contexts seen fewer times are not stored (size)")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    reserved = ReservedFilter.from_tsv()  # the evaluation prompts and test transcripts stay out, as of all training text
    # the corpus's text holds the sentences the held-out TTS voice speaks: they are a test set's transcripts too
    corpus = reserved.keep(s for path in args.text for s in read_sentences(path) if not is_heldout_sentence(s))
    plain = reserved.keep(s for path in args.plain_text for s in read_plain_text(path))
    in_domain = reserved.keep(s for source in args.in_domain_source for s in read_sentences(args.in_domain, source)) if args.in_domain else []
    contexts, log_probs = build(corpus + plain + in_domain * args.in_domain_weight, args.order, args.min_count)
    write(args.out, args.order, contexts, log_probs)
    info = {"order": args.order, "minCount": args.min_count, "contexts": len(contexts), "bytes": 8 + len(contexts) * (4 + BASE),
            "corpusSentences": len(corpus), "plainTextSentences": len(plain),
            "plainText": [pathlib.Path(f).name for f in args.plain_text], "inDomainSentences": len(in_domain), "inDomainSource": args.in_domain_source,
            "inDomainWeight": args.in_domain_weight}
    pathlib.Path(args.out + ".json").write_text(json.dumps(info, indent=1))
    print(f"language model: {info}")


if __name__ == "__main__":
    main()
