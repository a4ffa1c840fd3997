"""Synthesis per engine: a batch of items in, 16 kHz float32 waveforms out.

Each item is a dict with "text" (normalised, so audio and transcript agree),
"rate" (1.0 = engine default tempo), "pitch" (1.0 = default) and, for
espeak-ng, "variant". Festival synthesises a whole batch in one process
because loading a voice costs seconds; the others are cheap per call.
Engine binaries are looked up on PATH, so a private install (install_voices.py)
works by prepending its bin folder.
"""
import os
import subprocess
import tempfile
from typing import Dict, List

import numpy as np

from training.corpus.audio_io import read_wav, to_rate
from training.corpus.voices import Voice

TIMEOUT_S = 120


def _run(cmd: List[str], stdin: str = None, timeout: int = TIMEOUT_S) -> None:
    subprocess.run(cmd, input=stdin, text=True, check=True, timeout=timeout,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _load(path: str) -> np.ndarray:
    x, rate = read_wav(path)
    return to_rate(x, rate)


def espeak(voice: Voice, item: Dict, tmp: str) -> np.ndarray:
    out = os.path.join(tmp, "espeak.wav")
    name = voice.engine_voice
    if item.get("variant") and not name.startswith("mb-"):
        name += "+" + item["variant"]  # mbrola voices take no variants
    wpm = int(round(175 * item["rate"]))
    pitch = int(np.clip(round(50 * item["pitch"]), 0, 99))
    _run(["espeak-ng", "-v", name, "-s", str(wpm), "-p", str(pitch), "-w", out, item["text"]])
    return _load(out)


def flite(voice: Voice, item: Dict, tmp: str) -> np.ndarray:
    out = os.path.join(tmp, "flite.wav")
    # duration_stretch > 1 is slower speech; int_f0_target_mean moves the pitch.
    cmd = ["flite", "-voice", voice.engine_voice, "-t", item["text"], "-o", out,
           "--setf", f"duration_stretch={1.0 / item['rate']:.3f}"]
    if voice.engine_voice != "kal16":
        base = 170.0 if voice.engine_voice == "slt" else 105.0
        cmd += ["--setf", f"int_f0_target_mean={base * item['pitch']:.1f}"]
    _run(cmd)
    return _load(out)


def pico(voice: Voice, item: Dict, tmp: str) -> np.ndarray:
    out = os.path.join(tmp, "pico.wav")
    # SVOX markup: speed and pitch levels in percent of the default.
    text = (f"<speed level='{int(100 * item['rate'])}'><pitch level='{int(100 * item['pitch'])}'>"
            f"{item['text']}</pitch></speed>")
    _run(["pico2wave", "-l", voice.engine_voice, "-w", out, text])
    return _load(out)


def rhvoice(voice: Voice, item: Dict, tmp: str) -> np.ndarray:
    out = os.path.join(tmp, "rhvoice.wav")
    # -r/-t are percent of the voice's default (100); RHVoice clamps rates below 50.
    rate = int(round(100 * item["rate"]))
    pitch = int(round(100 * item["pitch"]))
    _run(["RHVoice-test", "-p", voice.engine_voice, "-r", str(rate), "-t", str(pitch), "-o", out],
         stdin=item["text"])
    return _load(out)


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def festival_batch(voice: Voice, items: List[Dict], tmp: str) -> List[np.ndarray]:
    """One festival process for the whole batch: voice load once, then utt.synth per sentence."""
    lines = [f"(voice_{voice.engine_voice})"]
    paths = []
    for i, item in enumerate(items):
        path = os.path.join(tmp, f"fest{i}.wav")
        paths.append(path)
        lines.append(f"(Parameter.set 'Duration_Stretch {1.0 / item['rate']:.3f})")
        lines.append(f"(utt.save.wave (utt.synth (Utterance Text {_scheme_string(item['text'])})) "
                     f"{_scheme_string(path)} 'riff)")
    script = os.path.join(tmp, "batch.scm")
    with open(script, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    libdir = os.environ.get("S2S_FESTIVAL_LIBDIR")  # set by install_voices.activate for a private install
    cmd = ["festival"] + (["--libdir", libdir] if libdir else []) + ["--batch", script]
    _run(cmd, timeout=TIMEOUT_S + 10 * len(items))
    return [_load(p) if os.path.exists(p) else None for p in paths]


PER_ITEM = {"espeak-ng": espeak, "flite": flite, "pico": pico, "rhvoice": rhvoice}


def synthesise(voice: Voice, items: List[Dict]) -> List[np.ndarray]:
    """Waveforms in item order; None where the engine failed on that item."""
    with tempfile.TemporaryDirectory(prefix="s2s-tts-") as tmp:
        if voice.engine == "festival":
            return festival_batch(voice, items, tmp)
        out = []
        for item in items:
            try:
                out.append(PER_ITEM[voice.engine](voice, item, tmp))
            except (subprocess.SubprocessError, OSError, ValueError):
                out.append(None)
        return out


def voice_works(voice: Voice) -> bool:
    try:
        [x] = synthesise(voice, [{"text": "testing one two three", "rate": 1.0, "pitch": 1.0, "variant": None}])
    except (subprocess.SubprocessError, OSError, ValueError):
        return False
    return x is not None and len(x) > 4000 and float(np.abs(x).max()) > 0.01
