"""CTC head on the encoder: log-probabilities per encoder frame, loss, and greedy decoding."""
from __future__ import annotations

import torch
from torch import nn

from .tokens import BLANK


class CTC(nn.Module):
    def __init__(self, d_model: int, vocab: int):
        super().__init__()
        self.project = nn.Linear(d_model, vocab)

    def forward(self, encoded: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(self.project(encoded), dim=-1)

    def loss(self, log_probs, lengths, targets, target_lengths):
        return nn.functional.ctc_loss(log_probs.transpose(0, 1), targets, lengths, target_lengths,
                                      blank=BLANK, reduction="sum", zero_infinity=True) / log_probs.shape[0]


def greedy(log_probs: torch.Tensor, length: int) -> tuple[list[int], list[float], list[int]]:
    """Best path, collapsed: token ids, each token's probability (max over its frames), its first frame."""
    probs, best = log_probs[:length].exp().max(dim=-1)
    tokens, confidences, frames = [], [], []
    previous = BLANK
    for t, (p, k) in enumerate(zip(probs.tolist(), best.tolist())):
        if k != BLANK and k != previous:
            tokens.append(k), confidences.append(p), frames.append(t)
        elif k != BLANK and k == previous:
            confidences[-1] = max(confidences[-1], p)
        previous = k
    return tokens, confidences, frames
