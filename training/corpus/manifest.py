"""JSON Lines manifests: one utterance per line, the format the trainer reads.

Fields: id, audio (absolute path), text (normalised), duration (s), voice,
source ("tts" | "speechocean762" | "fsdd" | "commonvoice" | "an4" | "ljspeech"), augmentation (str or None), split.
Writes go to a temporary file that is renamed over the target, so a reader
(the training run) never sees a half-written manifest.
"""
import json
import os
from typing import Dict, Iterable, Iterator, List

FIELDS = ("id", "audio", "text", "duration", "voice", "source", "augmentation", "split")
SOURCES = ("tts", "speechocean762", "fsdd", "commonvoice", "an4", "ljspeech")


def make_row(id, audio, text, duration, voice, source, augmentation, split) -> Dict:
    return {"id": id, "audio": audio, "text": text, "duration": round(float(duration), 3),
            "voice": voice, "source": source, "augmentation": augmentation, "split": split}


def validate_row(row: Dict) -> None:
    missing = [f for f in FIELDS if f not in row]
    if missing:
        raise ValueError(f"manifest row {row.get('id')!r} lacks {missing}")
    if not os.path.isabs(row["audio"]):
        raise ValueError(f"manifest row {row['id']!r}: audio path must be absolute")
    if row["source"] not in SOURCES:
        raise ValueError(f"manifest row {row['id']!r}: unknown source {row['source']!r}")
    text = row["text"]
    if not text or text != text.strip() or "  " in text or any(c not in "abcdefghijklmnopqrstuvwxyz' " for c in text):
        raise ValueError(f"manifest row {row['id']!r}: text not normalised: {text!r}")


def write_manifest(path: str, rows: Iterable[Dict]) -> int:
    """Atomically replace path with rows; returns the number of rows written."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for row in rows:
                validate_row(row)
                f.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
                count += 1
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)  # an invalid row leaves the previous manifest untouched
    return count


def read_manifest(path: str) -> List[Dict]:
    return list(iter_manifest(path))


def iter_manifest(path: str) -> Iterator[Dict]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def total_hours(rows: Iterable[Dict]) -> float:
    return sum(r["duration"] for r in rows) / 3600.0
