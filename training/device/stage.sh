#!/usr/bin/env bash
# Here (where apt and the real data are): build the three payloads that the device steps carry, in .gpu/
# (ignored by git). Each call may carry 64 MiB with the working tree, so the TTS install travels in two parts.
#   bash training/device/stage.sh CORPUS DEBS     (CORPUS: a local build's folder; DEBS: install_voices fetch's)
# Run with models/default untracked for the calls (git rm -r --cached models/default, listed in
# .git/info/exclude), or the tree alone is 28 MB; restore it afterwards with git reset -- models/default.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:?usage: stage.sh CORPUS DEBS}
debs=${2:?usage: stage.sh CORPUS DEBS}
shared=$(realpath ../shared/data)
rm -rf .gpu && mkdir -p .gpu/a .gpu/b/real/fsdd/audio .gpu/b/check .gpu/b/smoke .gpu/c/real/speechocean762/train
prefix=$(mktemp -d)
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
# what synthesis never reads: the held-out and rejected RHVoice voices, other languages' dictionaries, docs
rm -rf "$prefix"/usr/share/RHVoice/voices/{clb,evgeniy-eng,lyubov} "$prefix"/usr/share/{doc,man,lintian,info}
find "$prefix"/usr/lib/x86_64-linux-gnu/espeak-ng-data -maxdepth 1 -name '*_dict' ! -name en_dict -delete
(cd .gpu && tar -cf - -C "$prefix" . | xz -T0 -6 | split -b 56M -d - a/tts.part)
mv .gpu/a/tts.part01 .gpu/b/
rm -rf "$prefix"
xz -T0 -c "$corpus/text/sentences.jsonl" > .gpu/b/sentences.jsonl.xz
cp "$shared/reserved-prompts.tsv" .gpu/b/
cp "$shared/fsdd/text" .gpu/b/real/fsdd/
for f in "$shared"/fsdd/audio/*.opus; do case $f in *_theo_*) ;; *) cp "$f" .gpu/b/real/fsdd/audio/ ;; esac; done
cp "$shared"/speechocean762/train/{text,utt2spk,spk2age,spk2gender} .gpu/c/real/speechocean762/train/
cp -r "$shared/speechocean762/train/audio" .gpu/c/real/speechocean762/train/
# the real training rows (the device rewrites their paths), 40 held-out check utterances, 24 smoke-test ones
/usr/bin/python3 - "$corpus" <<'PY'
import json, os, shutil, sys
corpus = sys.argv[1]
with open(".gpu/b/real.jsonl", "w") as f:
    for line in open(f"{corpus}/manifests/train.jsonl"):
        if json.loads(line)["source"] in ("speechocean762", "fsdd"):
            f.write(line)
rows = [json.loads(l) for l in open(f"{corpus}/manifests/so762-test-adult200.jsonl")][:40]
with open(".gpu/b/check/check.jsonl", "w") as f:
    for r in rows:
        shutil.copy(r["audio"], ".gpu/b/check/" + os.path.basename(r["audio"]))
        f.write(json.dumps({**r, "audio": "@CHECK@/" + os.path.basename(r["audio"])}) + "\n")
rows = [json.loads(l) for l in open(f"{corpus}/manifests/train.jsonl")]
with open(".gpu/b/smoke/smoke.jsonl", "w") as f:
    for i, r in enumerate([r for r in rows if r["audio"].endswith(".wav")][:24]):
        shutil.copy(r["audio"], f".gpu/b/smoke/{i}.wav")
        f.write(json.dumps({**r, "audio": f"@SMOKE@/{i}.wav"}) + "\n")
PY
du -sh .gpu/a .gpu/b .gpu/c
