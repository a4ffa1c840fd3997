set -x
. training/device/common.sh
mkdir -p $W/stage && cp .gpu/a/tts.part00 $W/stage/
nvidia-smi -L; nproc; free -g | head -2; df -h /root | tail -1
which ffmpeg opusdec xz
$PY -c "import torch, numpy; print(torch.__version__, numpy.__version__, torch.cuda.is_available())"
echo "repo $PWD"; date
