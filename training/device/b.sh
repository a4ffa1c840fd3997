set -euo pipefail
. training/device/common.sh
t0=$(date +%s)
cp .gpu/b/tts.part01 $W/stage/
mkdir -p $W/tts && cat $W/stage/tts.part00 $W/stage/tts.part01 | xz -T0 -d | tar -x -C $W/tts
$PY -m training.corpus.install_voices install --debs $W/stage --prefix $W/tts  # no .deb there: makes the links only
mkdir -p $W/bin
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$W/tts/usr/lib/x86_64-linux-gnu" "$W/tts/usr/bin/opusdec" > $W/bin/opusdec
chmod +x $W/bin/opusdec
mkdir -p $W/shared-data && cp -r .gpu/b/real/fsdd $W/shared-data/ && cp .gpu/b/reserved-prompts.tsv $W/shared-data/
mkdir -p $W/corpus/text && xz -dc .gpu/b/sentences.jsonl.xz > $W/corpus/text/sentences.jsonl
mkdir -p $W/check && cp .gpu/b/check/*.opus $W/check/ && sed "s#@CHECK@#$W/check#" .gpu/b/check/check.jsonl > $W/check/check.jsonl
sed "s#/work/shared/data#$W/shared-data#g" .gpu/b/real.jsonl > $W/real.jsonl
mkdir -p $W/smoke && cp .gpu/b/smoke/*.wav $W/smoke/ && sed "s#@SMOKE@#$W/smoke#" .gpu/b/smoke/smoke.jsonl > $W/smoke/smoke.jsonl
rm -rf $W/repo && mkdir -p $W/repo && tar -c --exclude=./.gpu . | tar -x -C $W/repo
link_shared $W/repo
echo "staged in $(( $(date +%s) - t0 )) s"
cd $W/repo
setsid nohup bash training/device/synth.sh > $W/synth.log 2>&1 < /dev/null &
PATH=$W/bin:$PATH timeout 200 $PY -m training.train --manifest $W/smoke/smoke.jsonl --out $W/smoke-exp --cache $W/smoke-features \
  --steps 4 --max-frames 6000 --workers 2 --threads 2 --config "$CONFIG" 2>&1 | tail -8
echo "smoke done at $(( $(date +%s) - t0 )) s"
tail -c 1200 $W/synth.log; echo
