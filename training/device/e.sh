. training/device/common.sh
for i in $(seq ${WAIT:-400}); do [ -f $W/pack.done ] && break; sleep 1; done
grep -v '^+' $W/train.log | tail -n 12
cp $W/out/* $OUT/ && ls -la $OUT
