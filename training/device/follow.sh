# Print progress every 45 s for $1 seconds (or until the weights are packed).
. training/device/common.sh
end=$(( $(date +%s) + $1 ))
while [ $(date +%s) -lt $end ] && [ ! -f $W/pack.done ]; do
  sleep 45
  echo "--- $(date +%T) synth: $(tail -c 300 $W/synth.log | tr '\r' '\n' | grep -v '^ *$' | tail -n 1)"
  grep -v '^+' $W/train.log | tail -n 3
done
