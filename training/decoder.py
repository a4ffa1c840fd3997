"""What the AT and NAT decoders share: the pre-norm layer (self-attention, cross-attention, feed-forward)
and the token stack around it (embedding + sinusoidal positions, layers, final norm, projection)."""
from __future__ import annotations

from torch import nn

from .attention import FeedForward, MultiHeadAttention, sinusoids


class DecoderLayer(nn.Module):
    def __init__(self, d_model, heads, ff_dim, dropout):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(d_model) for _ in range(3))
        self.self_attention = MultiHeadAttention(d_model, heads)
        self.cross_attention = MultiHeadAttention(d_model, heads)
        self.feed_forward = FeedForward(d_model, ff_dim, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, self_kv, self_allowed, cross_kv, cross_allowed):
        h = self.norm1(x)
        a, _ = self.self_attention.attend(h, *self_kv(h), self_allowed)
        x = x + self.dropout(a)
        a, cross = self.cross_attention.attend(self.norm2(x), *cross_kv, cross_allowed)
        x = x + self.dropout(a)
        return x + self.dropout(self.feed_forward(self.norm3(x))), cross


class TokenDecoder(nn.Module):
    def __init__(self, vocab, d_model=144, heads=4, ff_dim=576, layers=2, dropout=0.1):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(vocab, d_model)
        # Unit-variance after the sqrt(d_model) scale, like the sinusoids. PyTorch's default N(0, 1) gave
        # the token 12x the position's size: every MASK query looked alike, so the NAT decoder learned only
        # the character prior and the AT decoder could not tell where it was (it looped).
        nn.init.normal_(self.embed.weight, std=d_model ** -0.5)
        self.layers = nn.ModuleList(DecoderLayer(d_model, heads, ff_dim, dropout) for _ in range(layers))
        self.norm = nn.LayerNorm(d_model)
        self.project = nn.Linear(d_model, vocab)
        self.dropout = nn.Dropout(dropout)

    def embed_tokens(self, tokens, positions):
        return self.dropout(self.embed(tokens) * self.d_model ** 0.5 + sinusoids(positions, self.d_model))
