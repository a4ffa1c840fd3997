"""The character vocabulary shared by CTC, AT and NAT (written into model.json as `tokens`)."""
from __future__ import annotations

SPECIALS = ["<blank>", "<unk>", "<sos/eos>", "<mask>"]
CHARACTERS = [" ", "'"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
TOKENS = SPECIALS + CHARACTERS

BLANK, UNK, SOS_EOS, MASK = range(4)
SPACE = TOKENS.index(" ")
_ID = {t: i for i, t in enumerate(TOKENS)}


def encode(text: str) -> list[int]:
    return [_ID.get(c, UNK) for c in text]


def decode(ids) -> str:
    """Ids to text, dropping special tokens."""
    return "".join(TOKENS[i] for i in ids if i >= len(SPECIALS))
