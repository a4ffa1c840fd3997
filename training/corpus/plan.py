"""Deterministic utterance plan: what voice v says as its k-th utterance, and how.

Everything (sentence, rate, pitch, variant, augmentation seed) follows from
(voice, k) and the cached sentence pool, so a resumed or extended build
continues exactly where it stopped and never repeats work. Voice v takes
sentences v, v+V, v+2V, ... of the shuffled training pool (V = catalogue
size), so voices speak different sentences until the pool wraps around.
"""
import hashlib
from typing import Dict, List

import numpy as np

from training.corpus.voices import VOICES, Voice, voice_index


def item_seed(voice_key: str, k: int, salt: str = "") -> int:
    digest = hashlib.sha1(f"{voice_key}|{k}|{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def utterance_id(voice: Voice, k: int, split: str) -> str:
    slug = voice.key.replace(":", "-").replace("+", "-")
    return f"{split}-{slug}-{k:06d}"


def plan_item(voice: Voice, k: int, sentences: List[str], split: str, synthesis_config: Dict) -> Dict:
    rng = np.random.default_rng(item_seed(voice.key, k, split))
    position = (k * len(VOICES) + voice_index(voice.key)) % len(sentences)
    rate = pitch = 1.0
    if rng.random() < synthesis_config["rate"]["p"]:
        rate = float(rng.uniform(*synthesis_config["rate"]["range"]))
    if rng.random() < synthesis_config["pitch"]["p"]:
        pitch = float(rng.uniform(*synthesis_config["pitch"]["range"]))
    variant = None
    if voice.variants and rng.random() < synthesis_config["variant"]["p"]:
        variant = voice.variants[int(rng.integers(len(voice.variants)))]
    return {"id": utterance_id(voice, k, split), "voice_key": voice.key, "k": k, "split": split,
            "text": sentences[position], "rate": rate, "pitch": pitch, "variant": variant,
            "seed": item_seed(voice.key, k, "augment" + split)}


def manifest_voice(item: Dict) -> str:
    """Voice as the manifest records it: base voice plus the espeak variant, e.g. espeak-ng:en-us+m3."""
    return item["voice_key"] + ("+" + item["variant"] if item.get("variant") else "")


def estimated_seconds(text: str) -> float:
    # About 2.6 words a second at the default rate, plus engine padding.
    return 0.4 + len(text.split()) / 2.6
