#!/usr/bin/env bash
# The recipe's fast Python: PyPI's PyTorch 2.13 (CPU wheel) in .venv, for train and evaluate.
#   bash training/venv.sh   then   .venv/bin/python -m training.train ...
# Measured 2026-12-07 on this 2-core EPYC, one training step of the 12.4 M model (8 x 6 s, full context, AdamW):
# Debian's python3-torch 1.13 27 s, PyTorch 2.13 1.22 s (22x); torch.compile 202 s to compile the first step, then
# 1.85-1.93 s against eager's 2.07-2.11 s on the same loaded machine (10 %, lost again at every new batch shape),
# so training runs eager. Export and fixtures stay on Debian's torch 1.13 (release.sh): its TorchScript exporter
# made the bundle's graphs, and training/from_bundle.py reads them back by that exporter's names.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet torch==2.13.0 numpy
.venv/bin/python -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())'
