"""One unit of work for a build worker: a chunk of one voice's planned utterances.

Synthesise the chunk in one engine batch, trim, augment, write 16-bit WAVs
and return manifest rows plus timing (for the per-engine speed report).
Runs in a child process; keeps a few recent clean utterances as babble.
"""
import collections
import os
import time
from typing import Dict, List

import numpy as np

from training.corpus.audio_io import RATE, trim_silence, write_wav
from training.corpus.augment import augment
from training.corpus.engines import synthesise
from training.corpus.manifest import make_row
from training.corpus.plan import manifest_voice
from training.corpus.voices import BY_KEY

_BABBLE = collections.deque(maxlen=40)


def audio_path(out: str, item: Dict) -> str:
    return os.path.join(out, "audio", item["split"], item["voice_key"].replace(":", "-"), item["id"] + ".wav")


def run_chunk(out: str, items: List[Dict], augment_config: Dict, do_augment: bool) -> Dict:
    voice = BY_KEY[items[0]["voice_key"]]
    started = time.time()
    waves = synthesise(voice, items)
    synth_s = time.time() - started
    rows, speech_s = [], 0.0
    for item, x in zip(items, waves):
        if x is None:
            continue
        x = trim_silence(x)
        if len(x) < 0.3 * RATE:
            continue  # engine produced (almost) nothing
        speech_s += len(x) / RATE
        description = None
        if do_augment:
            rng = np.random.default_rng(item["seed"])
            clean = x
            x, description = augment(x, rng, augment_config, _BABBLE)
            _BABBLE.append(clean[:: 1])
        path = audio_path(out, item)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_wav(path, x)
        rows.append(make_row(item["id"], path, item["text"], len(x) / RATE, manifest_voice(item),
                             "tts", description, item["split"]))
    return {"voice_key": voice.key, "engine": voice.engine, "rows": rows,
            "items": [{"k": i["k"], "split": i["split"]} for i in items],
            "failed": [i["id"] for i, x in zip(items, waves) if x is None],
            "synth_s": synth_s, "speech_s": speech_s, "wall_s": time.time() - started}
