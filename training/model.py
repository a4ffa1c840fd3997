"""The whole recogniser: one encoder, a CTC head, an AT decoder and a NAT decoder, trained jointly."""
from __future__ import annotations

import dataclasses
import random

import torch
from torch import nn

from .at import ATDecoder, teacher_forcing_pair
from .ctc import CTC
from .encoder import Encoder
from .nat import NATDecoder, mask_targets
from .tokens import TOKENS

FULL = 100000  # a window this large means unlimited context


@dataclasses.dataclass
class Config:
    n_mels: int = 80
    d_model: int = 144
    heads: int = 4
    ff_dim: int = 576
    encoder_layers: int = 6
    at_layers: int = 2
    nat_layers: int = 2
    channels: int = 48
    clip: int = 64
    dropout: float = 0.1
    # Windows drawn in training (encoder frames of 40 ms); full context with probability full_context_p.
    left_windows: tuple = (8, 16, 32)
    right_windows: tuple = (0, 1, 2, 4)
    full_context_p: float = 0.6
    ctc_weight: float = 0.35
    at_weight: float = 0.4
    nat_weight: float = 0.25
    label_smoothing: float = 0.1


class Recogniser(nn.Module):
    def __init__(self, config: Config):
        super().__init__()
        c, vocab = config, len(TOKENS)
        self.config = config
        self.encoder = Encoder(c.n_mels, c.d_model, c.heads, c.ff_dim, c.encoder_layers, c.channels, c.clip, c.dropout)
        self.ctc = CTC(c.d_model, vocab)
        self.at = ATDecoder(vocab, c.d_model, c.heads, c.ff_dim, c.at_layers, c.dropout)
        self.nat = NATDecoder(vocab, c.d_model, c.heads, c.ff_dim, c.nat_layers, c.dropout)

    def draw_windows(self, rng: random.Random) -> tuple[int, int]:
        c = self.config
        if rng.random() < c.full_context_p:
            return FULL, FULL
        return rng.choice(c.left_windows), rng.choice(c.right_windows)

    def forward(self, *args):
        """The joint loss (DistributedDataParallel calls forward)."""
        return self.loss(*args)

    def loss(self, features, lengths, targets: list[list[int]], windows: tuple[int, int], generator: torch.Generator | None = None):
        """Joint loss of one batch; `generator` draws the NAT masks (seeded per batch for reproducibility)."""
        device = features.device
        left, right = (torch.tensor([w], device=device) for w in windows)
        encoded, enc_lengths, _ = self.encoder(features, lengths, left, right)
        c = self.config
        flat = torch.tensor([t for target in targets for t in target], dtype=torch.long, device=device)
        target_lengths = torch.tensor([len(t) for t in targets], device=device)
        ctc_loss = self.ctc.loss(self.ctc(encoded), enc_lengths, flat, target_lengths)

        inputs, outputs = (t.to(device) for t in teacher_forcing_pair(targets))
        at_log_probs, _ = self.at(encoded, enc_lengths, inputs)
        at_loss = nn.functional.nll_loss(at_log_probs.transpose(1, 2), outputs, ignore_index=-1)
        at_smooth = -at_log_probs.mean(-1)[outputs >= 0].mean()
        at_loss = (1 - c.label_smoothing) * at_loss + c.label_smoothing * at_smooth

        nat_tokens, nat_lengths, labels = (t.to(device) for t in mask_targets(targets, generator))
        nat_log_probs, _ = self.nat(encoded, enc_lengths, nat_tokens, nat_lengths)
        nat_loss = nn.functional.nll_loss(nat_log_probs.transpose(1, 2), labels, ignore_index=-1)
        nat_smooth = -nat_log_probs.mean(-1)[labels >= 0].mean()
        nat_loss = (1 - c.label_smoothing) * nat_loss + c.label_smoothing * nat_smooth

        # CTC's sum over an utterance is per utterance; scale it to per-character like the others.
        ctc_per_char = ctc_loss / target_lengths.float().mean()
        total = c.ctc_weight * ctc_per_char + c.at_weight * at_loss + c.nat_weight * nat_loss
        return total, {"ctc": float(ctc_per_char), "at": float(at_loss), "nat": float(nat_loss)}
