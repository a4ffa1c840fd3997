"""The few signal-processing primitives the corpus needs, in numpy alone.

The training machine may have numpy but not scipy, and the corpus must build
there too; these FFT-based versions are exact enough for speech data.
"""
import numpy as np


def _fft_size(n: int) -> int:
    return 1 << max(0, int(n - 1).bit_length())


def resample(x: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Band-limited resampling by truncating or zero-padding the spectrum.

    The signal is treated as periodic; utterances start and end in silence, so
    wrap-around at the edges is inaudible.
    """
    if rate_in == rate_out or len(x) == 0:
        return x.astype(np.float32)
    n_out = int(round(len(x) * rate_out / rate_in))
    spectrum = np.fft.rfft(x.astype(np.float64))
    bins = n_out // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), dtype=spectrum.dtype)])
    return (np.fft.irfft(spectrum, n_out) * (n_out / len(x))).astype(np.float32)


def convolve(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Full linear convolution through the FFT (for room impulse responses)."""
    n = len(x) + len(h) - 1
    size = _fft_size(n)
    y = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)[:n]
    return y.astype(np.float32)


def bandpass(x: np.ndarray, rate: int, low_hz: float, high_hz: float, edge_hz: float = 100.0) -> np.ndarray:
    """Zero-phase band-pass with raised-cosine edges, applied in the frequency domain."""
    spectrum = np.fft.rfft(x.astype(np.float64))
    f = np.fft.rfftfreq(len(x), 1.0 / rate)
    gain = np.ones_like(f)
    lo = np.clip((f - (low_hz - edge_hz)) / (2 * edge_hz), 0, 1)
    hi = np.clip(((high_hz + edge_hz) - f) / (2 * edge_hz), 0, 1)
    gain *= 0.5 - 0.5 * np.cos(np.pi * lo)
    gain *= 0.5 - 0.5 * np.cos(np.pi * hi)
    return np.fft.irfft(spectrum * gain, len(x)).astype(np.float32)
