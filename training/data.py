"""Manifests -> cached log-mel features -> length-bucketed batches with SpecAugment.

Features are computed once per (utterance, speed) with features.py and cached as float16 .npy files,
because on a CPU the front end would otherwise cost as much as the model. Real recordings are the exception
(REAL_SOURCES): there are only a few hours of them, so their decoded samples are cached instead and every
epoch draws fresh waveform augmentation (the corpus builder's speed, reverberation, telephone band, codec,
noise, gain and clipping) before the front end runs, in the DataLoader workers: no two epochs hear the same
signal.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import pathlib
import random
import shutil
import subprocess
import wave
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import torch

from . import features, tokens

# Real recordings: augmented afresh every epoch (LIVE), each seen REPEATS[source] times an epoch.
REAL_SOURCES = ("speechocean762", "commonvoice", "an4", "ljspeech", "fsdd")
LIVE = 0.0  # the `speed` of an item whose augmentation is drawn per epoch
# speechocean762 three times: the second CPU fine-tune (2026-12-07, `--repeats speechocean762=3`) heard it so and its
# dev check improved (0.313 -> 0.292) where twice had left it flat.
REPEATS = {"commonvoice": 2, "an4": 2, "ljspeech": 2, "speechocean762": 3}
# A real recording is left clean (level and speed only) this often: the test sets are clean read speech, while the
# full chain leaves 9 % of utterances clean (augment.json), which suits synthetic voices more than scarce real ones.
# (The first CPU fine-tune, 2026-12-07, started with 0.3 and speechocean762 once an epoch; its dev check (CTC greedy
# CER, 40 speechocean762 dev utterances) went 0.313 -> 0.333 over 200 steps, so it went on from there with 0.5 and
# speechocean762 twice an epoch.)
REAL_CLEAN_P = 0.5


def read_manifest(path) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_wav16k(source) -> np.ndarray | None:
    """16-bit mono WAV at 16 kHz (a path or a file object) as float32, or None for any other WAV."""
    with wave.open(source) as w:
        if w.getframerate() == features.SAMPLE_RATE and w.getnchannels() == 1 and w.getsampwidth() == 2:
            return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    return None


def load_audio(path: str) -> np.ndarray:
    """16 kHz mono float32. WAV at 16 kHz is read directly; anything else is decoded by ffmpeg, or, on a
    training machine without it, Opus by opus-tools' opusdec (a few hundred kB to carry instead of ffmpeg's
    tens of MB; its resampler differs from ffmpeg's in the last bits only)."""
    if path.endswith(".wav"):
        samples = read_wav16k(path)
        if samples is not None:
            return samples
    if path.endswith(".opus") and not shutil.which("ffmpeg") and shutil.which("opusdec"):
        raw = subprocess.run(["opusdec", "--quiet", "--force-wav", "--rate", str(features.SAMPLE_RATE), path, "-"],
                             check=True, capture_output=True).stdout
        samples = read_wav16k(io.BytesIO(raw))
        if samples is None:
            raise ValueError(f"{path}: opusdec did not give 16 kHz mono 16-bit audio")
        return samples.copy()
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "f32le", "-ac", "1",
                          "-ar", str(features.SAMPLE_RATE), "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.float32).copy()


def change_speed(samples: np.ndarray, speed: float) -> np.ndarray:
    """Kaldi-style speed perturbation (tempo and pitch together) by band-limited FFT resampling:
    n samples become n / speed; truncating the spectrum when shortening is the anti-aliasing filter."""
    if speed == 1.0:
        return samples
    n = len(samples)
    m = int(round(n / speed))
    spectrum = np.fft.rfft(samples.astype(np.float64))
    bins = m // 2 + 1
    resized = np.zeros(bins, dtype=complex)
    k = min(bins, len(spectrum))
    resized[:k] = spectrum[:k]
    return (np.fft.irfft(resized, m) * (m / n)).astype(np.float32)


def cache_path(cache_dir: pathlib.Path, audio: str, speed: float) -> pathlib.Path:
    key = hashlib.sha1(f"{audio}|{speed}".encode()).hexdigest()
    return pathlib.Path(cache_dir) / key[:2] / f"{key}.npy"


def compute_features(audio: str, targets) -> None:
    """One audio file, decoded once, features for each (speed, cache path); written atomically. The speed
    LIVE stands for the decoded samples themselves (cached_samples)."""
    targets = [(speed, out) for speed, out in targets if not pathlib.Path(out).exists()]  # another process may have made them
    if not targets:
        return
    samples = load_audio(audio)
    for speed, out in targets:
        if speed == LIVE:
            _save_samples(samples, out)
            continue
        out = pathlib.Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        mel = features.log_mel(change_speed(samples, speed)).astype(np.float16)
        tmp = out.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, mel)
        tmp.rename(out)


def _save_samples(samples: np.ndarray, out) -> None:
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, (np.clip(samples, -1, 1) * 32767).astype(np.int16))
    tmp.rename(out)


def _compute(job):
    compute_features(*job)
    return job[0]


def samples_beside(features_path) -> pathlib.Path:
    """Where a recording's decoded samples are cached: beside its clean (speed 1) features."""
    return pathlib.Path(features_path).with_suffix(".samples.npy")


def samples_path(cache_dir, audio: str) -> pathlib.Path:
    return samples_beside(cache_path(cache_dir, audio, 1.0))


def cached_samples(audio: str, path) -> np.ndarray:
    """The decoded 16 kHz samples of a recording (int16 .npy beside the features), decoded once."""
    path = pathlib.Path(path)
    if not path.exists():
        _save_samples(load_audio(audio), path)
    return np.load(path).astype(np.float32) / 32768


@functools.lru_cache(maxsize=1)
def real_augment_configs() -> tuple[dict, dict]:
    """augment.json for real recordings, read once per process: (the full chain, clean = speed and level only).
    No codec in either: the recordings are Opus already, and an ffmpeg round trip per utterance (1.5 s here) cost
    more than training on it."""
    from .corpus.augment import load_config
    config = load_config()
    full = {**config, "codec": {**config["codec"], "p": 0.0}}
    clean = {k: ({**v, "p": 0.0} if isinstance(v, dict) and "p" in v and k not in ("speed", "gain") else v)
             for k, v in full.items()}
    return full, clean


def live_jobs(e: dict, cache_dir) -> list:
    """A real recording's items: LIVE (augmented each epoch), REPEATS[source] of them, and its clean features at
    speed 1.0 for statistics and checks."""
    return [(e, LIVE, str(cache_path(cache_dir, e["audio"], 1.0)))] * REPEATS.get(e.get("source"), 1)


def expand(entries: list[dict], cache_dir, speeds_for_real=(0.9, 1.0, 1.1), live_real=False):
    """(entry, speed, cache path) for every utterance. Real recordings: with live_real, live_jobs (fresh
    augmentation every epoch); otherwise speechocean762 is speed-perturbed at speeds_for_real into the cache
    (FSDD is tiny and already many takes per digit)."""
    jobs = []
    for e in entries:
        if live_real and e.get("source") in REAL_SOURCES:
            jobs += live_jobs(e, cache_dir)
            continue
        speeds = speeds_for_real if e.get("source") == "speechocean762" else (1.0,)
        jobs += [(e, s, str(cache_path(cache_dir, e["audio"], s))) for s in speeds]
    return jobs


def prepare(entries: list[dict], cache_dir, speeds_for_real=(0.9, 1.0, 1.1), workers=2, log=print, live_real=False):
    """Computes the missing features (and, for live real recordings, decoded samples) ahead of training with a
    process pool; returns expand(...)."""
    jobs = expand(entries, cache_dir, speeds_for_real, live_real)
    grouped: dict[str, list] = {}
    for e, s, p in jobs:
        if s == LIVE:
            wanted = [(1.0, p), (LIVE, str(samples_path(cache_dir, e["audio"])))]
            grouped.setdefault(e["audio"], []).extend(w for w in wanted if not pathlib.Path(w[1]).exists())
        elif not pathlib.Path(p).exists():
            grouped.setdefault(e["audio"], []).append((s, p))
    grouped = {a: sorted(set(t)) for a, t in grouped.items() if t}
    todo = list(grouped.items())
    log(f"features: {len(jobs)} utterances, {len(todo)} audio files to compute")
    if todo:
        with ProcessPoolExecutor(workers) as pool:
            for i, _ in enumerate(pool.map(_compute, todo, chunksize=8)):
                if (i + 1) % 500 == 0:
                    log(f"features: {i + 1}/{len(todo)}")
    return jobs


def estimated_frames(entry: dict, speed: float) -> int:
    return features.frame_count(int(entry["duration"] * features.SAMPLE_RATE / speed))


class Dataset:
    """Utterances (cached feature path, estimated frames, characters); features load lazily, so
    DataLoader workers do the loading (and any missing extraction) beside the training process."""

    def __init__(self, jobs, max_seconds=20.0):
        self.items, self.paths, self.max_seconds = [], set(), max_seconds
        self.live_copies: dict[str, list[int]] = {}
        self.extend(jobs)

    def extend(self, jobs) -> int:
        """Adds the jobs not seen yet (a growing corpus); returns how many were added."""
        before = len(self.items)
        for e, speed, path in jobs:
            if speed == LIVE:  # a real recording's repeats share its path: count them
                copies = self.live_copies.setdefault(path, [])
                if len(copies) >= REPEATS.get(e.get("source"), 1):
                    continue
                copies.append(len(self.items))
            elif path in self.paths:
                continue
            self.paths.add(path)
            frames = estimated_frames(e, speed or 1.0) if "duration" in e else len(np.load(path, mmap_mode="r"))
            target = tokens.encode(e["text"])
            # drop what the loss cannot learn from: too long, or fewer frames than CTC needs
            if frames > self.max_seconds * 100 or not target or (frames - 7) // 4 + 1 < len(target) + 2:
                continue
            self.items.append((e["audio"], speed, path, frames, target))
        return len(self.items) - before

    def features(self, i: int) -> np.ndarray:
        """Cached features; a live real recording's clean ones (speed 1)."""
        audio, speed, path, _, _ = self.items[i]
        if not os.path.exists(path):
            compute_features(audio, [(speed or 1.0, path)])
        return np.load(path)

    def training_features(self, i: int, rng: np.random.Generator) -> np.ndarray:
        """What a batch trains on: cached features, or for a live real recording its samples freshly augmented
        (rng decides, so a batch is the same whichever worker or rank builds it)."""
        audio, speed, path, _, _ = self.items[i]
        if speed != LIVE:
            return self.features(i)
        from .corpus.augment import augment
        full, clean = real_augment_configs()
        x = cached_samples(audio, samples_beside(path))
        x, _ = augment(x, rng, clean if rng.random() < REAL_CLEAN_P else full, self._babble_pool(rng))
        return features.log_mel(x)

    def _babble_pool(self, rng: np.random.Generator, size: int = 16) -> list:
        """A few other real recordings to mix as babble, chosen once per process."""
        if not hasattr(self, "_babble"):
            live = [i for i, item in enumerate(self.items) if item[1] == LIVE]
            chosen = [live[int(k)] for k in np.random.default_rng(0).integers(0, len(live), min(size, len(live)))] if live else []
            self._babble = [cached_samples(self.items[i][0], samples_beside(self.items[i][2])) for i in chosen]
        return self._babble

    def hours(self) -> float:
        return sum(item[3] for item in self.items) / 100 / 3600

    def statistics(self):
        """Mean and deviation per band of what the encoder normalises (encoder.log_power of the features)."""
        from .encoder import log_power
        chosen = random.Random(0).sample(range(len(self.items)), min(2000, len(self.items)))
        sample = np.concatenate([self.features(i) for i in chosen]).astype(np.float32)
        sample = log_power(torch.from_numpy(sample)).double().numpy()
        return sample.mean(0).astype(np.float32), np.maximum(sample.std(0), 1e-3).astype(np.float32)

    def batches(self, max_frames: int, rng: random.Random) -> list[list[int]]:
        """Duration buckets: length-sorted groups of at most max_frames padded frames, in random order."""
        order = sorted(range(len(self.items)), key=lambda i: self.items[i][3] + rng.random() * 50)
        batches, current, longest = [], [], 0
        for i in order:
            n = self.items[i][3]
            if current and max(longest, n) * (len(current) + 1) > max_frames:
                batches.append(current)
                current, longest = [], 0
            current.append(i)
            longest = max(longest, n)
        if current:
            batches.append(current)
        rng.shuffle(batches)
        return batches


class BatchDataset(torch.utils.data.Dataset):
    """Item k is the k-th batch of an epoch, padded and SpecAugmented with randomness seeded by
    (seed, k): the same batch comes out whichever rank or worker builds it."""

    def __init__(self, dataset: Dataset, batches: list[list[int]], seed: int, augment: bool = True):
        self.dataset, self.batches, self.seed, self.augment = dataset, batches, seed, augment

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, k):
        rng = random.Random(self.seed * 1_000_003 + k)
        waves = np.random.default_rng([self.seed, k])
        mels = [self.dataset.training_features(i, waves) for i in self.batches[k]]
        lengths = torch.tensor([len(m) for m in mels])
        x = torch.zeros(len(mels), int(lengths.max()), mels[0].shape[1])
        for b, m in enumerate(mels):
            x[b, :len(m)] = torch.from_numpy(m.astype(np.float32))
            if self.augment:
                change_level(x[b, :len(m)], rng)
                spec_augment(x[b, :len(m)], rng)
        return k, x, lengths, [self.dataset.items[i][4] for i in self.batches[k]]


def change_level(mel: torch.Tensor, rng: random.Random, low_db=-25.0, high_db=10.0):
    """A random recording level: scales the mel power p of ln(1 + p) by a gain drawn in dB, so the
    model meets the quiet real recordings and the loud synthetic ones at every level."""
    gain = 10 ** (rng.uniform(low_db, high_db) / 10)
    mel.copy_(torch.log1p(torch.expm1(mel) * gain))


def spec_augment(mel: torch.Tensor, rng: random.Random, freq_masks=2, freq_width=12, time_masks=2, time_ratio=0.08):
    """Zero a few mel bands and short time spans (zero is low energy in ln(1 + power))."""
    t, f = mel.shape
    for _ in range(freq_masks):
        w = rng.randint(0, freq_width)
        start = rng.randint(0, f - w)
        mel[:, start:start + w] = 0
    for _ in range(time_masks):
        w = rng.randint(0, max(1, int(t * time_ratio)))
        start = rng.randint(0, max(0, t - w))
        mel[start:start + w] = 0
