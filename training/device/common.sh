# Shared by the device steps. W: the device's work area; REPO: a stable copy of the code for background jobs.
W=${W:-/root/w}
PY=${PY:-python3}
CONFIG=${CONFIG:-'{"d_model": 256, "heads": 4, "ff_dim": 1024, "encoder_layers": 10, "at_layers": 2, "nat_layers": 2}'}
link_shared() {  # the recipe reads ../shared/data beside the checkout (reserved prompts, real speech)
  mkdir -p "$(dirname "$1")/shared" && ln -sfn "$W/shared-data" "$(dirname "$1")/shared/data"
}
