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


class PrefixScorer:
    """The CTC probability of a prefix (all paths whose labelling starts with it), for joint CTC/attention
    decoding (Watanabe et al., 2017): the AT decoder proposes, CTC vetoes characters the audio does not
    hold and ends where the audio ends. src/core/ctc.ts CtcPrefixScorer mirrors it step for step.

    A prefix's state is (r_n, r_b, psi): log-probabilities over frames that the prefix has been emitted by
    frame t ending in its last character (r_n) or in blank (r_b), and psi, the prefix's own score.
    """

    def __init__(self, log_probs: torch.Tensor, length: int, eos: int):
        self.x = log_probs[:length].double()  # [T, V]; double: long sums of small log-probabilities
        self.eos = eos
        self.T = length

    def initial(self):
        t = self.x.shape[0]
        r_n = torch.full((t,), float("-inf"), dtype=torch.float64)
        return r_n, torch.cumsum(self.x[:, BLANK], 0), 0.0

    def extend(self, state, last: int | None, candidates: list[int]) -> tuple[list[float], list]:
        """Scores psi(prefix + c) for each candidate c (eos: the whole prefix's probability) and their states."""
        r_n_g, r_b_g, _ = state
        neg = float("-inf")
        if self.T == 0:
            return [0.0 if c == self.eos else neg for c in candidates], [state] * len(candidates)
        cs = torch.tensor(candidates)
        x_c = self.x[:, cs]  # [T, K]
        both = torch.logaddexp(r_n_g, r_b_g)
        # phi: the prefix's probability by frame t-1 that a new c may follow (a repeat needs a blank between)
        phi = both[:, None].expand(-1, len(candidates)).clone()
        if last is not None:
            phi[:, cs == last] = r_b_g[:, None]
        r_n = torch.full_like(x_c, neg)
        r_b = torch.full_like(x_c, neg)
        r_n[0] = x_c[0] if last is None else neg
        for t in range(1, self.T):
            r_n[t] = torch.logaddexp(r_n[t - 1], phi[t - 1]) + x_c[t]
            r_b[t] = torch.logaddexp(r_b[t - 1], r_n[t - 1]) + self.x[t, BLANK]
        psi = torch.logsumexp(torch.cat([r_n[:1], phi[:-1] + x_c[1:]]), 0)
        scores, states = [], []
        for k, c in enumerate(candidates):
            if c == self.eos:
                scores.append(float(both[-1]))
                states.append(state)
            else:
                scores.append(float(psi[k]) if c != BLANK else neg)
                states.append((r_n[:, k], r_b[:, k], float(psi[k])))
        return scores, states
