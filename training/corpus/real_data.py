"""Manifests for the real speech in ../shared/data, read in place (never copied).

speechocean762 train -> train; test -> held-out (all, and the agreed adult 200
from test-adult200.sh); FSDD -> train except the held-out speakers; Common Voice,
AN4 and the LJSpeech prompts: every train part -> train, commonvoice/test and
an4/test -> held-out (other speakers). Every transcript goes through normalise():
Common Voice's punctuation and digits, AN4's lower case and spelled letters
(single letters stay single-letter words: "r e w y eight five six").
"""
import os
import subprocess
from typing import Dict, List

from training.corpus.manifest import make_row
from training.corpus.opus_duration import opus_duration
from training.corpus.reserved import REPO_ROOT
from training.corpus.text import normalise

SHARED_DATA = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data")
# One FSDD speaker is never trained on, so digit accuracy is measured on a new voice.
FSDD_HELDOUT_SPEAKERS = ("theo",)


def read_kaldi_map(path: str) -> Dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            # Kaldi files separate the key by a space or a tab.
            parts = line.strip().split(None, 1)
            if parts:
                out[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return out


def speechocean_rows(part: str, split: str, data: str = SHARED_DATA) -> List[Dict]:
    folder = os.path.join(os.path.realpath(data), "speechocean762", part)
    texts = read_kaldi_map(os.path.join(folder, "text"))
    speakers = read_kaldi_map(os.path.join(folder, "utt2spk"))
    rows = []
    for utt, transcript in texts.items():
        audio = os.path.join(folder, "audio", utt + ".opus")
        text = normalise(transcript)
        if not text:
            continue
        rows.append(make_row(f"so762-{part}-{utt}", audio, text, opus_duration(audio),
                             f"speechocean762:{speakers[utt]}", "speechocean762", None, split))
    return rows


# Native or near-native read speech: (source, folder under SHARED_DATA, split) for every train and test part.
NATIVE_TRAIN = (("commonvoice", "commonvoice/train"), ("an4", "an4/train"),
                ("ljspeech", "ljspeech/lj-reader"), ("ljspeech", "ljspeech/ljspeech"))
NATIVE_TEST = {"commonvoice-test": ("commonvoice", "commonvoice/test"), "an4-test": ("an4", "an4/test")}


def kaldi_rows(source: str, part: str, split: str, data: str = SHARED_DATA) -> List[Dict]:
    """One Kaldi-style folder (text, utt2spk, audio/ID.opus) as manifest rows; the voice is source:speaker."""
    folder = os.path.join(os.path.realpath(data), part)
    speakers = read_kaldi_map(os.path.join(folder, "utt2spk"))
    rows = []
    for utt, transcript in read_kaldi_map(os.path.join(folder, "text")).items():
        text = normalise(transcript)
        if not text:
            continue
        audio = os.path.join(folder, "audio", utt + ".opus")
        rows.append(make_row(f"{source}-{utt}", audio, text, opus_duration(audio), f"{source}:{speakers[utt]}", source, None, split))
    return rows


def native_train_rows(data: str = SHARED_DATA) -> List[Dict]:
    return [row for source, part in NATIVE_TRAIN for row in kaldi_rows(source, part, "train", data)]


def train_rows(data: str = SHARED_DATA) -> List[Dict]:
    """All the real speech a model trains on."""
    return speechocean_rows("train", "train", data) + fsdd_rows(False, data) + native_train_rows(data)


def test_transcripts(data: str = SHARED_DATA) -> List[str]:
    """Every transcript of an evaluation part whose text is held out (speechocean762 test, Common Voice test,
    AN4 test), normalised: none may reach the TTS sentences or the language models. (FSDD's held-out part is a
    held-out speaker of the same ten digits, so its words are not withheld.)"""
    root = os.path.realpath(data)
    parts = ["speechocean762/test"] + [part for _, part in NATIVE_TEST.values()]
    return [t for part in parts for t in (normalise(v) for v in read_kaldi_map(os.path.join(root, part, "text")).values()) if t]


def speechocean_adult200_rows(data: str = SHARED_DATA) -> List[Dict]:
    """Exactly the agreed 200: run the shared script rather than re-deriving its rule."""
    script = os.path.join(os.path.realpath(data), "speechocean762", "test-adult200.sh")
    out = subprocess.run(["bash", script], check=True, capture_output=True, text=True).stdout
    speakers = read_kaldi_map(os.path.join(os.path.dirname(script), "test", "utt2spk"))
    rows = []
    for line in out.splitlines():
        audio, _, reference = line.partition("\t")
        utt = os.path.splitext(os.path.basename(audio))[0]
        rows.append(make_row(f"so762-test-{utt}", audio, normalise(reference), opus_duration(audio),
                             f"speechocean762:{speakers[utt]}", "speechocean762", None,
                             "so762-test-adult200"))
    if len(rows) != 200:
        raise RuntimeError(f"test-adult200.sh gave {len(rows)} lines, expected 200")
    return rows


def speechocean_dev_rows(data: str = SHARED_DATA, count: int = 150) -> List[Dict]:
    """The dev set for choosing settings: adult speechocean762 test utterances numbered n % 6 == 4 in `text` order
    (the agreed 200 are n % 6 == 1), the first `count` of them."""
    folder = os.path.join(os.path.realpath(data), "speechocean762", "test")
    ages = read_kaldi_map(os.path.join(folder, "spk2age"))
    speakers = read_kaldi_map(os.path.join(folder, "utt2spk"))
    rows, n = [], 0
    for utt, transcript in read_kaldi_map(os.path.join(folder, "text")).items():
        age = ages.get(speakers.get(utt, ""), "")
        if not (age.isdigit() and int(age) >= 18):
            continue
        n += 1
        if n % 6 == 4 and len(rows) < count:
            audio = os.path.join(folder, "audio", utt + ".opus")
            rows.append(make_row(f"so762-test-{utt}", audio, normalise(transcript), opus_duration(audio),
                                 f"speechocean762:{speakers[utt]}", "speechocean762", None, "so762-dev150"))
    return rows


def fsdd_rows(heldout: bool, data: str = SHARED_DATA) -> List[Dict]:
    folder = os.path.join(os.path.realpath(data), "fsdd")
    rows = []
    for utt, word in read_kaldi_map(os.path.join(folder, "text")).items():
        speaker = utt.split("_")[1]
        if (speaker in FSDD_HELDOUT_SPEAKERS) != heldout:
            continue
        audio = os.path.join(folder, "audio", utt + ".opus")
        rows.append(make_row(f"fsdd-{utt}", audio, normalise(word), opus_duration(audio),
                             f"fsdd:{speaker}", "fsdd", None, "fsdd-heldout" if heldout else "train"))
    return rows
