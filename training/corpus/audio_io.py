"""WAV in and out, resampling to 16 kHz mono, silence trimming (numpy only)."""
import io
import os
import wave

import numpy as np

from training.corpus.dsp import resample

RATE = 16000


def read_wav(path_or_bytes) -> "tuple[np.ndarray, int]":
    """float32 mono in [-1, 1] and the file's rate. Tolerates streaming headers (bogus lengths)."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read()
    with wave.open(io.BytesIO(data)) as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        frames = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"expected 16-bit PCM, got {8 * width}-bit")
    if len(frames) < 2 and len(data) > 44:
        frames = data[44:]  # header claimed 0 frames (streamed output): take the rest
    x = np.frombuffer(frames[: len(frames) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        x = x[: len(x) // channels * channels].reshape(-1, channels).mean(axis=1)
    return x, rate


def to_rate(x: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    return resample(x, rate, target)


def trim_silence(x: np.ndarray, rate: int = RATE, threshold_db: float = -45.0, keep_s: float = 0.15) -> np.ndarray:
    """Cut leading/trailing silence to keep_s, so durations reflect speech and not engine padding."""
    if len(x) == 0:
        return x
    frame = int(0.01 * rate)
    n = len(x) // frame
    if n == 0:
        return x
    energy = (x[: n * frame].reshape(n, frame) ** 2).mean(axis=1)
    peak = energy.max()
    if peak <= 0:
        return x[:0]
    loud = np.nonzero(10 * np.log10(energy / peak + 1e-12) > threshold_db)[0]
    keep = int(keep_s * rate)
    start = max(0, loud[0] * frame - keep)
    end = min(len(x), (loud[-1] + 1) * frame + keep)
    return x[start:end]


def write_wav(path: str, x: np.ndarray, rate: int = RATE) -> None:
    """16-bit mono WAV, written under a temporary name so a partial file never looks finished."""
    pcm = (np.clip(x, -1.0, 1.0) * 32767.0).astype("<i2")
    tmp = path + ".part"
    with wave.open(tmp, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    os.replace(tmp, path)
