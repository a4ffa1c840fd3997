"""Waveform augmentation driven by augment.json (numpy; ffmpeg for lossy codecs).

augment(x, rng, config, babble_pool) returns the new waveform and a short
description such as "speed=1.06,noise=pink@12dB,codec=opus@8k", or None
when nothing was applied. Effects run in a fixed order, each with its own
probability, so that a corpus mixes clean and degraded audio.
"""
import json
import os
import subprocess
from typing import List, Optional, Sequence, Tuple

import numpy as np
from training.corpus.audio_io import RATE
from training.corpus.dsp import bandpass, convolve, resample

CONFIG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "augment.json")


def load_config(path: str = CONFIG_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def uniform(rng: np.random.Generator, bounds: Sequence[float]) -> float:
    return float(rng.uniform(bounds[0], bounds[1]))


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-9)


def speed(x: np.ndarray, factor: float) -> np.ndarray:
    """Speed perturbation as in Kaldi: resample, so tempo and pitch change together."""
    return resample(x, int(round(RATE * factor)), RATE)


def room_impulse(rng: np.random.Generator, rt60: float, wet_db: float) -> np.ndarray:
    """Synthetic RIR: direct path plus exponentially decaying noise (Schroeder-style tail)."""
    n = int(rt60 * RATE)
    t = np.arange(n) / RATE
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)  # -60 dB at rt60
    tail[: int(0.003 * RATE)] = 0  # early gap before the first reflections
    tail *= 10 ** (wet_db / 20) / (np.sqrt(np.sum(tail ** 2)) + 1e-9)
    tail[0] = 1.0
    return tail.astype(np.float32)


def reverb(x: np.ndarray, rng: np.random.Generator, rt60: float, wet_db: float) -> np.ndarray:
    y = convolve(x, room_impulse(rng, rt60, wet_db))[: len(x) + int(0.2 * RATE)]
    return (y * rms(x) / rms(y)).astype(np.float32)


def telephone(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Band-limit like a phone line, through 8 kHz and back."""
    y = resample(bandpass(x, RATE, low, high), RATE, RATE // 2)
    return resample(y, RATE // 2, RATE)[: len(x)]


CODEC_ARGS = {
    "opus": lambda kbps: (["-c:a", "libopus", "-b:a", f"{kbps}k", "-application", "voip"], "ogg"),
    "mp3": lambda kbps: (["-c:a", "libmp3lame", "-b:a", f"{kbps}k"], "mp3"),
    "gsm": lambda kbps: (["-ar", "8000", "-c:a", "libgsm"], "gsm"),
    "mulaw": lambda kbps: (["-ar", "8000", "-c:a", "pcm_mulaw"], "wav"),
}


def codec(x: np.ndarray, kind: str, kbps: int) -> np.ndarray:
    """Encode and decode through ffmpeg; the artefacts are the point."""
    args, fmt = CODEC_ARGS[kind](kbps)
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    base = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"]
    encoded = subprocess.run(base + ["-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0"] + args
                             + ["-f", fmt, "pipe:1"], input=pcm, capture_output=True, check=True).stdout
    decoded = subprocess.run(base + ["-f", fmt, "-i", "pipe:0", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                                     "pipe:1"], input=encoded, capture_output=True, check=True).stdout
    y = np.frombuffer(decoded, dtype="<i2").astype(np.float32) / 32768.0
    return y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))


def coloured_noise(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """White, pink (1/f) or brown (1/f^2) noise by shaping a white spectrum."""
    white = rng.standard_normal(n)
    if kind == "white":
        return white.astype(np.float32)
    spectrum = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1 / RATE)
    f[0] = f[1] if n > 1 else 1.0
    spectrum /= f ** (0.5 if kind == "pink" else 1.0)
    return np.fft.irfft(spectrum, n).astype(np.float32)


def babble(rng: np.random.Generator, n: int, pool: List[np.ndarray], talkers: int) -> Optional[np.ndarray]:
    """Sum of other utterances at random offsets: the noise of a room full of talk."""
    if len(pool) < 2:
        return None
    out = np.zeros(n, dtype=np.float32)
    for _ in range(talkers):
        other = pool[int(rng.integers(len(pool)))]
        if len(other) == 0:
            continue
        tiled = np.tile(other, int(np.ceil(n / len(other))) + 1)
        start = int(rng.integers(len(other)))
        out += tiled[start:start + n] / rms(other)
    return out


def add_noise(x, rng, kind, snr_db, pool, talkers) -> Optional[np.ndarray]:
    noise = babble(rng, len(x), pool, talkers) if kind == "babble" else coloured_noise(rng, len(x), kind)
    if noise is None:
        return None
    noise *= rms(x) / rms(noise) / 10 ** (snr_db / 20)
    return (x + noise).astype(np.float32)


def pick(rng: np.random.Generator, weights: dict) -> str:
    names = sorted(weights)
    w = np.array([weights[k]["weight"] if isinstance(weights[k], dict) else weights[k] for k in names], float)
    return names[int(rng.choice(len(names), p=w / w.sum()))]


def augment(x: np.ndarray, rng: np.random.Generator, config: dict,
            babble_pool: Sequence[np.ndarray] = ()) -> Tuple[np.ndarray, Optional[str]]:
    applied = []

    def chance(effect: str) -> bool:
        return rng.random() < config[effect]["p"]

    if chance("speed"):
        factor = uniform(rng, config["speed"]["range"])
        x = speed(x, factor)
        applied.append(f"speed={factor:.2f}")
    if chance("reverb"):
        c = config["reverb"]
        rt60, wet = uniform(rng, c["rt60_s"]), uniform(rng, c["wet_db"])
        x = reverb(x, rng, rt60, wet)
        applied.append(f"reverb=rt60:{rt60:.2f}s,wet:{wet:.0f}dB")
    if chance("telephone"):
        c = config["telephone"]
        low, high = uniform(rng, c["low_hz"]), uniform(rng, c["high_hz"])
        x = telephone(x, low, high)
        applied.append(f"telephone={low:.0f}-{high:.0f}Hz")
    if chance("codec"):
        kinds = config["codec"]["kinds"]
        kind = pick(rng, kinds)
        kbps = int(uniform(rng, kinds[kind].get("kbps", [0, 0])))
        try:
            x = codec(x, kind, kbps)
            applied.append(f"codec={kind}" + (f"@{kbps}k" if kbps else ""))
        except (subprocess.SubprocessError, OSError):
            pass  # a missing encoder only removes one effect
    if chance("noise"):
        c = config["noise"]
        kind = pick(rng, c["kinds"])
        snr = uniform(rng, c["snr_db"])
        talkers = int(rng.integers(c["babble_talkers"][0], c["babble_talkers"][1] + 1))
        y = add_noise(x, rng, kind, snr, list(babble_pool), talkers)
        if y is not None:
            x = y
            applied.append(f"noise={kind}@{snr:.0f}dB")
    # Level: bring speech to a typical -20 dBFS before the gain effect, so gain means something.
    x = x * (0.1 / rms(x))
    if chance("gain"):
        db = uniform(rng, config["gain"]["db"])
        x = x * 10 ** (db / 20)
        applied.append(f"gain={db:.0f}dB")
    if chance("clipping"):
        frac = uniform(rng, config["clipping"]["peak_fraction"])
        limit = frac * float(np.abs(x).max())
        x = np.clip(x, -limit, limit) / max(limit, 1e-6) * 0.9
        applied.append(f"clip={frac:.2f}")
    peak = float(np.abs(x).max()) if len(x) else 0.0
    if peak > 0.99:
        x = x * (0.99 / peak)  # only deliberate clipping should clip
    return x.astype(np.float32), (",".join(applied) or None)
