# Background: TTS synthesis for SYNTH_SECONDS, then the manifests are rewritten from what finished.
. training/device/common.sh
$PY -m training.corpus.build --out $W/corpus --hours ${SYNTH_HOURS:-16} --workers ${SYNTH_WORKERS:-16} --real none --tts-prefix $W/tts &
pid=$!
for i in $(seq ${SYNTH_SECONDS:-300}); do kill -0 $pid 2>/dev/null || break; sleep 1; done
kill -INT $pid 2>/dev/null; sleep 4; pkill -9 -f training.corpus.build; wait
echo; echo "synthesis stopped; rewriting the manifests"
$PY -m training.corpus.build --out $W/corpus --hours 0 --workers 2 --real none --tts-prefix $W/tts --resume
touch $W/synth.done
