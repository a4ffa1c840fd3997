#!/usr/bin/env bash
# Here: stage the payload of a one-call GPU fine-tune (finetune.sh) into .gpu/ft (ignored by git):
#   bash training/device/finetune_stage.sh CORPUS
# The start weights (the shipped bundle turned back into a checkpoint, fp16: exact), opusdec and the libraries it
# needs (the device has no ffmpeg), and the audio (finetune_audio.py) filled up to what one call carries.
# models/default must not travel with the tree for the call (24 MB of ONNX the device does not need):
#   echo /models/default/ >> .git/info/exclude && git rm -r -q --cached models/default
# and afterwards: git reset -q -- models/default (and drop the line from .git/info/exclude).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:?usage: finetune_stage.sh CORPUS}
carry_mib=${CARRY_MIB:-62}  # the call carries 64 MiB: working tree + payload, with a little room
rm -rf .gpu/ft && mkdir -p .gpu/ft/tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -m training.from_bundle --bundle models/default --out "$tmp/start.pt"
/usr/bin/python3 training/device/fp16_pieces.py "$tmp/start.pt" .gpu/ft/start.pt
(cd "$tmp" && apt-get download -q opus-tools libopusfile0 libopus0 libogg0 >/dev/null)
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" .gpu/ft/tools; done
rm -rf .gpu/ft/tools/usr/share
# what the tree will weigh without models/default (tracked and untracked-not-ignored files)
tree_bytes=$( (git ls-files; git ls-files --others --exclude-standard) | grep -v '^models/default/' | sort -u \
  | while read -r f; do [ -f "$f" ] && stat -c %s "$f"; done | awk '{s += $1} END {print s + 0}')
staged_bytes=$(du -sb .gpu/ft | cut -f1)
left=$(( carry_mib * 1048576 - tree_bytes - staged_bytes ))
echo "tree $((tree_bytes / 1048576)) MiB, weights and tools $((staged_bytes / 1048576)) MiB, $((left / 1048576)) MiB left for audio"
/usr/bin/python3 training/device/finetune_audio.py --corpus "$corpus" --out .gpu/ft --budget-mib $((left / 1048576))
du -sh .gpu/ft
