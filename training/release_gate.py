"""Release gate: `python3 -m training.release_gate --before BEFORE.json --after EVAL.json` exits 1 (saying why) unless the
new model may replace the shipped one. Issue 24's rule: the default decoder's WER (each evaluation's own: card.default_decoder) (full context) must be lower on
every set of MUST_IMPROVE and no more than TOLERANCE points higher on any other set both evaluations hold.
release.sh runs it before export when BEFORE is given, so a fine-tune that measures worse never overwrites
models/default."""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from .card import DEFAULT_DECODERS, default_decoder, full_context

MUST_IMPROVE = ("commonvoice-test", "so762-adult200")
TOLERANCE = 1.0


def verdict(before: dict, after: dict) -> list[str]:
    """The reasons the release is refused (empty: it may go)."""
    reasons = []
    for name in after:
        if name == "notes":
            continue
        # each evaluation's own default decoder: what a user of that bundle got
        rows_now, rows_was = full_context(after, name), full_context(before, name)
        now, was = rows_now.get(default_decoder(rows_now) or ""), rows_was.get(default_decoder(rows_was) or "")
        if now is None or was is None:
            if name in MUST_IMPROVE:
                reasons.append(f"{name}: the default decoder ({' or '.join(DEFAULT_DECODERS)}) is missing from one of the evaluations")
            continue
        if name in MUST_IMPROVE and not now < was:
            reasons.append(f"{name}: {was} -> {now} % WER, must improve")
        elif name not in MUST_IMPROVE and now > was + TOLERANCE:
            reasons.append(f"{name}: {was} -> {now} % WER, more than {TOLERANCE} point lost")
    for name in MUST_IMPROVE:
        if name not in after:
            reasons.append(f"{name}: not evaluated")
    return reasons


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    args = p.parse_args()
    reasons = verdict(json.loads(pathlib.Path(args.before).read_text()), json.loads(pathlib.Path(args.after).read_text()))
    if reasons:
        print("release refused:\n  " + "\n  ".join(reasons), file=sys.stderr)
        raise SystemExit(1)
    print("release gate passed")


if __name__ == "__main__":
    main()
