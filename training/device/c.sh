set -uo pipefail
. training/device/common.sh
mkdir -p $W/shared-data/speechocean762 && cp -r .gpu/c/real/speechocean762/train $W/shared-data/speechocean762/
ls $W/shared-data/speechocean762/train/audio | wc -l
deadline=$(( $(date +%s) + ${TRAIN_WINDOW:-1200} ))
echo "training ends at $(date -d @$deadline +%T)"
(cd $W/repo && DEADLINE=$deadline setsid nohup bash training/device/train.sh > $W/train.log 2>&1 < /dev/null &)
bash training/device/follow.sh ${FOLLOW:-555}
