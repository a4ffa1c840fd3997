"""Autoregressive (AT) decoder: masked self-attention, cross-attention, start/stop token, teacher forcing.

`step` is the exported form: one token in, next-token log-probabilities out, with a fixed-capacity
self-attention key/value cache (slot `position` is written with a one-hot blend, which exports to ONNX
without dynamic shapes) and cross-attention keys/values computed once per utterance by `memory`.
"""
from __future__ import annotations

import torch

from .decoder import TokenDecoder
from .tokens import SOS_EOS


class ATDecoder(TokenDecoder):
    def memory(self, encoded):
        """Cross-attention keys and values of every layer: [L,B,H,S,Dk] each."""
        kv = [layer.cross_attention.keys_values(encoded) for layer in self.layers]
        return torch.stack([k for k, _ in kv]), torch.stack([v for _, v in kv])

    def forward(self, encoded, encoded_lengths, tokens):
        """Teacher forcing: tokens [B,U] start with sos; returns log-probs [B,U,V] and cross-attention."""
        u = tokens.shape[1]
        dev = tokens.device
        x = self.embed_tokens(tokens, torch.arange(u, device=dev))
        causal = torch.ones(u, u, dtype=torch.bool, device=dev).tril()[None, None]
        cross_allowed = (torch.arange(encoded.shape[1], device=dev)[None, :] < encoded_lengths[:, None])[:, None, None, :]
        crosses = []
        for layer in self.layers:
            x, cross = layer(x, layer.self_attention.keys_values, causal,
                             layer.cross_attention.keys_values(encoded), cross_allowed)
            crosses.append(cross)
        return torch.log_softmax(self.project(self.norm(x)), dim=-1), torch.stack(crosses)

    def score(self, tokens, positions, allowed, cross_keys, cross_values):
        """Teacher forcing over a prefix tree of token sequences (attention rescoring's n-best, rescore.py: a prefix
        the entries share is one run of nodes, scored once): tokens [1,T] the nodes' tokens (<sos> the root),
        positions [T] their depths, allowed [T,T] bool (a node sees itself and its ancestors: the causal mask of
        its own path); `memory`'s cross keys and values [L,1,H,S,Dk] for one utterance, every frame valid (no
        cross mask). Returns the next-token log-probabilities after each node, [1,T,V], and each node's
        cross-attention [L,1,H,T,S] (for one sequence, its rows are what teacher-forced `step`s give: the
        attention view of a rescoring result in one call instead of one call per token)."""
        x = self.embed_tokens(tokens, positions)
        crosses = []
        for i, layer in enumerate(self.layers):
            x, cross = layer(x, layer.self_attention.keys_values, allowed[None, None], (cross_keys[i], cross_values[i]), None)
            crosses.append(cross)
        return torch.log_softmax(self.project(self.norm(x)), dim=-1), torch.stack(crosses)

    def step(self, token, position, cross_keys, cross_values, encoded_lengths, self_keys, self_values):
        """token [B,1]; position [1]; caches [L,B,H,C,Dk]. Returns log-probs [B,V], caches, cross [L,B,H,S]."""
        x = self.embed_tokens(token, position)
        capacity = self_keys.shape[3]
        slots = torch.arange(capacity, device=token.device)
        write = (slots == position).to(x.dtype)[None, None, :, None]  # one-hot slot to write
        self_allowed = (slots <= position)[None, None, None, :]
        cross_allowed = (torch.arange(cross_keys.shape[3], device=token.device)[None, :] < encoded_lengths[:, None])[:, None, None, :]
        new_keys, new_values, crosses = [], [], []
        for i, layer in enumerate(self.layers):
            def cached_kv(h, i=i, layer=layer):
                k, v = layer.self_attention.keys_values(h)
                keys = self_keys[i] * (1 - write) + k * write
                values = self_values[i] * (1 - write) + v * write
                new_keys.append(keys), new_values.append(values)
                return keys, values
            x, cross = layer(x, cached_kv, self_allowed, (cross_keys[i], cross_values[i]), cross_allowed)
            crosses.append(cross[:, :, 0])
        log_probs = torch.log_softmax(self.project(self.norm(x[:, 0])), dim=-1)
        return log_probs, torch.stack(new_keys), torch.stack(new_values), torch.stack(crosses)


def teacher_forcing_pair(targets: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """[sos, y...] inputs and [y..., eos] outputs, padded with -1 (ignored) / eos."""
    u = max(len(t) for t in targets) + 1
    inputs = torch.full((len(targets), u), SOS_EOS, dtype=torch.long)
    outputs = torch.full((len(targets), u), -1, dtype=torch.long)
    for b, t in enumerate(targets):
        inputs[b, 1:len(t) + 1] = torch.tensor(t, dtype=torch.long)
        outputs[b, :len(t)] = torch.tensor(t, dtype=torch.long)
        outputs[b, len(t)] = SOS_EOS
    return inputs, outputs
