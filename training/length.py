"""NAT target length: taken from the CTC greedy hypothesis (Mask-CTC), whose characters also seed the NAT input.

Kept in its own file because it is the piece a different NAT (e.g. an explicit length predictor) replaces.
"""
from __future__ import annotations

from .tokens import MASK


def initial_hypothesis(ctc_tokens: list[int], ctc_confidences: list[float], threshold: float) -> list[int]:
    """CTC greedy characters, with those below `threshold` probability replaced by MASK."""
    return [t if p >= threshold else MASK for t, p in zip(ctc_tokens, ctc_confidences)]
