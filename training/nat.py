"""Non-autoregressive (NAT) decoder: every position at once, a conditional masked language model.

Its memory is the encoder output plus absolute frame positions (the encoder has only relative ones).
Training masks a random number of target characters and predicts them from the rest plus the audio.
Decoding (decode.py, src/core/nat.ts) starts from the CTC greedy hypothesis (length.py), masks its
low-confidence characters, fills them in one pass and optionally refines k times (mask-predict).
"""
from __future__ import annotations

import torch

from .attention import sinusoids
from .decoder import TokenDecoder
from .tokens import MASK

# Characters per encoder frame (40 ms) at about 12.5 characters a second: the scale at which the audio's
# frame positions are written into the NAT's memory, so position u of the text starts near frame 2u.
CHARACTERS_PER_FRAME = 0.5


class NATDecoder(TokenDecoder):
    def forward(self, encoded, encoded_lengths, tokens, token_lengths):
        """tokens [B,U] with MASK where unknown -> log-probs [B,U,V], cross-attention [L,B,H,U,S]."""
        u = tokens.shape[1]
        positions = torch.arange(u, device=tokens.device)
        x = self.embed_tokens(tokens, positions)
        self_allowed = (positions[None, :] < token_lengths[:, None])[:, None, None, :]
        cross_allowed = (torch.arange(encoded.shape[1], device=tokens.device)[None, :] < encoded_lengths[:, None])[:, None, None, :]
        # The encoder has only relative positions. A masked position has nothing else to find its audio by, so
        # the memory carries absolute ones (without them the decoder learned only the character prior).
        frames = torch.arange(encoded.shape[1], device=encoded.device)
        memory = encoded + sinusoids(frames * CHARACTERS_PER_FRAME, encoded.shape[-1])
        crosses = []
        for layer in self.layers:
            x, cross = layer(x, layer.self_attention.keys_values, self_allowed,
                             layer.cross_attention.keys_values(memory), cross_allowed)
            crosses.append(cross)
        return torch.log_softmax(self.project(self.norm(x)), dim=-1), torch.stack(crosses)


def mask_targets(targets: list[list[int]], generator: torch.Generator | None = None):
    """CMLM training input: for each target, mask a uniformly drawn number of random positions.

    Returns tokens [B,U] (padded with MASK), lengths [B], labels [B,U] (-1 where not to predict).
    """
    u = max(len(t) for t in targets)
    tokens = torch.full((len(targets), u), MASK, dtype=torch.long)
    labels = torch.full((len(targets), u), -1, dtype=torch.long)
    for b, t in enumerate(targets):
        n = len(t)
        target = torch.tensor(t, dtype=torch.long)
        count = int(torch.randint(1, n + 1, (1,), generator=generator))
        chosen = torch.randperm(n, generator=generator)[:count]
        tokens[b, :n] = target
        tokens[b, chosen] = MASK
        labels[b, chosen] = target[chosen]
    return tokens, torch.tensor([len(t) for t in targets]), labels
