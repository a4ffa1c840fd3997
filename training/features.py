"""Log-mel filterbank features: the exact Python twin of the TypeScript front end (Meyda melBands).

Both sides read their parameters from src/shared/features.json. Meyda's arithmetic is copied step by
step (float32 window, float32 amplitude and power spectra, a filterbank whose bin edges come from
float32 mel values) so the two agree to ~1e-6; see docs/bundle.md for the framing rule.
"""
from __future__ import annotations

import json
import math
import pathlib

import numpy as np

CONFIG_PATH = pathlib.Path(__file__).resolve().parent.parent / "src" / "shared" / "features.json"
CONFIG = json.loads(CONFIG_PATH.read_text())

SAMPLE_RATE: int = CONFIG["sampleRate"]
N_MELS: int = CONFIG["nMels"]
FRAME_SIZE: int = CONFIG["frameSize"]
HOP_SIZE: int = CONFIG["hopSize"]


def hanning_window(size: int) -> np.ndarray:
    """Meyda's `hanning`: 0.5 - 0.5 cos(2 pi n / (N - 1)), stored as float32."""
    n = np.arange(size, dtype=np.float64)
    return (0.5 - 0.5 * np.cos(2 * math.pi * n / (size - 1))).astype(np.float32)


def mel_filterbank(n_filters: int, sample_rate: int, buffer_size: int) -> np.ndarray:
    """Meyda's createMelFilterBank, including its float32 intermediate arrays.

    Meyda builds max(melBands, numberOfMFCCCoefficients) filters; with 80 bands and 13 MFCCs that is 80.
    """
    def freq_to_mel(f: float) -> float:
        return 1125 * math.log(1 + f / 700)

    upper_mel = freq_to_mel(sample_rate / 2)
    step = (upper_mel - freq_to_mel(0)) / (n_filters + 1)
    bins = []
    for i in range(n_filters + 2):
        mel = float(np.float32(i * step))
        freq = float(np.float32(700 * (math.exp(mel / 1125) - 1)))
        bins.append(math.floor((buffer_size + 1) * freq / sample_rate))
    bank = np.zeros((n_filters, buffer_size // 2 + 1), dtype=np.float64)
    for j in range(n_filters):
        lo, mid, hi = bins[j], bins[j + 1], bins[j + 2]
        for i in range(lo, mid):
            bank[j, i] = (i - lo) / (mid - lo)
        for i in range(mid, hi):
            bank[j, i] = (hi - i) / (hi - mid)
    return bank


_WINDOW = hanning_window(FRAME_SIZE).astype(np.float64)
_N_FILTERS = max(N_MELS, CONFIG["numberOfMFCCCoefficients"])
# Meyda's melBands loop only reads the first bufferSize/2 bins (it drops the Nyquist bin).
_BANK = mel_filterbank(_N_FILTERS, SAMPLE_RATE, FRAME_SIZE)[:, : FRAME_SIZE // 2]


def frame_count(n_samples: int) -> int:
    """Frames of FRAME_SIZE every HOP_SIZE, no padding: floor((N - 512) / 160) + 1, or 0."""
    return 0 if n_samples < FRAME_SIZE else (n_samples - FRAME_SIZE) // HOP_SIZE + 1


def log_mel(samples: np.ndarray) -> np.ndarray:
    """16 kHz mono float samples -> float32 [frames, N_MELS] of ln(1 + mel power)."""
    samples = np.asarray(samples, dtype=np.float32)
    n = frame_count(len(samples))
    if n == 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    idx = np.arange(FRAME_SIZE)[None, :] + HOP_SIZE * np.arange(n)[:, None]
    frames = samples[idx].astype(np.float64) * _WINDOW
    spectrum = np.fft.rfft(frames, axis=1)[:, : FRAME_SIZE // 2]
    amplitude = np.abs(spectrum).astype(np.float32)
    power = np.square(amplitude, dtype=np.float32).astype(np.float64)
    mel = power @ _BANK.T
    return np.log(mel + 1).astype(np.float32)[:, :N_MELS]
