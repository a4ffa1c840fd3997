"""voices.json: every catalogued voice with engine, packages, licence, use and hours.

Also records per-engine synthesis speed (audio seconds per second of one
worker's synthesis time) and the sentence count, for the README note.
"""
import json
import os
from typing import Dict, List

from training.corpus.voices import VOICES, Voice


def write_voices_json(path: str, state, working: List[Voice], sentence_count: int) -> Dict:
    working_keys = {v.key for v in working}
    voices = {}
    for v in VOICES:
        voices[v.key] = {
            "engine": v.engine, "engine_voice": v.engine_voice, "packages": list(v.packages),
            "licence": v.licence, "restricted": v.restricted, "use": v.use, "note": v.note,
            "working_here": v.key in working_keys,
            "hours_train": round(state.hours("train", v.key), 4),
            "hours_heldout_tts": round(state.hours("heldout-tts", v.key), 4),
        }
    speed = {engine: {"synth_s": round(s[0], 1), "speech_s": round(s[1], 1),
                      "x_real_time": round(s[1] / s[0], 1) if s[0] > 0 else None}
             for engine, s in sorted(state.speed.items())}
    report = {"voices": voices, "engine_speed": speed, "training_sentences": sentence_count,
              "hours_train_tts": round(state.hours("train"), 3),
              "hours_heldout_tts": round(state.hours("heldout-tts"), 3)}
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    os.replace(tmp, path)
    return report
