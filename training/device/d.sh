. training/device/common.sh
bash training/device/follow.sh ${FOLLOW:-540}
# insurance: the latest periodic checkpoint's weights, should the machine be lost before the end
[ -f $W/exp/last.pt ] && $PY training/device/fp16_pieces.py $W/exp/last.pt $OUT/last.pt
tail -c 300 $W/train.log
