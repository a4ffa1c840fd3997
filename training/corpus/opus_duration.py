"""Duration of an Ogg Opus file from its container, without decoding.

Thousands of real-speech files need a duration for the manifest; spawning
ffprobe per file would take minutes. The last Ogg page's granule position
counts 48 kHz samples, minus the pre-skip from the OpusHead header.
"""
import struct

OPUS_RATE = 48000


def opus_duration(path: str) -> float:
    with open(path, "rb") as f:
        head = f.read(4096)
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 65536))
        tail = f.read()
    pos = head.find(b"OpusHead")
    if pos < 0:
        raise ValueError(f"{path}: not an Ogg Opus file")
    pre_skip = struct.unpack_from("<H", head, pos + 10)[0]
    last = tail.rfind(b"OggS")
    if last < 0:
        raise ValueError(f"{path}: no Ogg page found near the end")
    granule = struct.unpack_from("<q", tail, last + 6)[0]
    return max(0.0, (granule - pre_skip) / OPUS_RATE)
