"""Build the training corpus: real-speech manifests, TTS synthesis, held-out sets.

    /usr/bin/python3 -m training.corpus.build --out /work/data/corpus --hours 6 --workers 2 [--resume]

--hours is the target of TTS training audio (real speech comes on top).
Work is recorded in OUT/state/tts-done.jsonl as it finishes, so --resume (or
a later run with more --hours) skips what exists. train.jsonl is rewritten
atomically every few seconds, so a training run can read it at any time.
"""
import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import defaultdict
from typing import Dict, List

from training.corpus import real_data
from training.corpus.augment import load_config
from training.corpus.engines import voice_works
from training.corpus.install_voices import activate
from training.corpus.manifest import read_manifest, write_manifest
from training.corpus.plan import estimated_seconds, plan_item
from training.corpus.reserved import REPO_ROOT, ReservedFilter
from training.corpus.sentences import is_heldout_sentence, load_or_build_pool
from training.corpus.voices import VOICES, Voice, heldout_voice
from training.corpus.voices_report import write_voices_json
from training.corpus.worker import run_chunk

MANIFESTS = "manifests"
REWRITE_EVERY_S = 15


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="corpus folder (outside the repository)")
    p.add_argument("--hours", type=float, required=True, help="target hours of TTS training audio")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--resume", action="store_true", help="continue a previous build in --out")
    p.add_argument("--engines", default="", help="comma list to restrict engines, e.g. espeak-ng,flite")
    p.add_argument("--no-restricted", action="store_true", help="skip MBROLA-licensed voices")
    p.add_argument("--no-augment", action="store_true")
    p.add_argument("--heldout-utterances", type=int, default=300)
    p.add_argument("--chunk", type=int, default=16, help="utterances per worker task")
    p.add_argument("--tts-prefix", help="use voices unpacked by install_voices into this folder")
    p.add_argument("--real", choices=("all", "train", "none"), default="all",
                   help="real speech: training and held-out manifests (all), training only (train: a training "
                        "machine that carries only the training audio), or none (TTS only; train.jsonl then "
                        "holds TTS alone and the real rows come from another manifest)")
    return p.parse_args(argv)


class State:
    """Finished TTS work, appended line by line; the source of truth for resuming."""

    def __init__(self, out: str):
        self.path = os.path.join(out, "state", "tts-done.jsonl")
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.rows: Dict[str, Dict] = {}
        self.seconds: Dict[str, float] = defaultdict(float)  # "split" and "split|voice" -> audio seconds
        self.next_k: Dict[str, int] = defaultdict(int)  # (split|voice) -> next utterance index
        self.speed: Dict[str, List[float]] = defaultdict(lambda: [0.0, 0.0])  # engine -> [synth_s, speech_s]
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        try:
                            self._apply(json.loads(line))
                        except json.JSONDecodeError:
                            pass  # a line cut by a kill: its work is simply redone
        self._file = open(self.path, "a", encoding="utf-8")

    def _apply(self, record: Dict) -> None:
        key = record["split"] + "|" + record["voice_key"]
        self.next_k[key] = max(self.next_k[key], record["k_end"])
        self.speed[record["engine"]][0] += record["synth_s"]
        self.speed[record["engine"]][1] += record["speech_s"]
        for row in record["rows"]:
            if row["id"] not in self.rows and os.path.exists(row["audio"]):
                self.rows[row["id"]] = row
                self.seconds[row["split"]] += row["duration"]
                self.seconds[row["split"] + "|" + row["voice"].split("+")[0]] += row["duration"]

    def add(self, record: Dict) -> None:
        self._apply(record)
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()

    def hours(self, split: str, voice_key: str = None) -> float:
        return self.seconds[split if voice_key is None else split + "|" + voice_key] / 3600


def write_real_manifests(out: str, real: str = "all") -> List[Dict]:
    if real == "none":
        return []
    if real == "train":
        return real_data.train_rows()
    m = os.path.join(out, MANIFESTS)
    for name, (source, part) in real_data.NATIVE_TEST.items():
        write_manifest(os.path.join(m, f"{name}.jsonl"), real_data.kaldi_rows(source, part, name))
    write_manifest(os.path.join(m, "so762-test-adult200.jsonl"), real_data.speechocean_adult200_rows())
    write_manifest(os.path.join(m, "so762-dev150.jsonl"), real_data.speechocean_dev_rows())
    write_manifest(os.path.join(m, "so762-test-all.jsonl"), real_data.speechocean_rows("test", "so762-test-all"))
    write_manifest(os.path.join(m, "fsdd-heldout.jsonl"), real_data.fsdd_rows(heldout=True))
    return real_data.train_rows()


def write_train(out: str, real_rows: List[Dict], state: State) -> int:
    tts = sorted((r for r in state.rows.values() if r["split"] == "train"), key=lambda r: r["id"])
    return write_manifest(os.path.join(out, MANIFESTS, "train.jsonl"), real_rows + tts)


def write_heldout_tts(out: str, state: State) -> int:
    rows = sorted((r for r in state.rows.values() if r["split"] == "heldout-tts"), key=lambda r: r["id"])
    return write_manifest(os.path.join(out, MANIFESTS, "heldout-tts.jsonl"), rows)


def usable_voices(args) -> List[Voice]:
    engines = set(filter(None, args.engines.split(",")))
    chosen = []
    for v in VOICES:
        if v.use == "rejected" or (engines and v.engine not in engines):
            continue
        if args.no_restricted and v.restricted:
            continue
        if voice_works(v):
            chosen.append(v)
        else:
            print(f"voice {v.key}: not working here, skipped", file=sys.stderr)
    return chosen


class Progress:
    def __init__(self, target_h: float, start_h: float):
        self.target_h, self.start_h, self.t0 = target_h, start_h, time.time()

    def show(self, done_h: float, utts: int, label: str) -> None:
        elapsed = time.time() - self.t0
        rate = (done_h - self.start_h) / elapsed if elapsed > 0 else 0  # corpus hours per wall second
        eta = (self.target_h - done_h) / rate if rate > 0 else float("inf")
        eta_s = "--:--" if eta == float("inf") else f"{int(max(eta, 0)) // 60}:{int(max(eta, 0)) % 60:02d}"
        sys.stderr.write(f"\r[{label}] {utts} utts, {done_h:.2f}/{self.target_h:.2f} h, "
                         f"{rate * 3600:.0f} h/h, ETA {eta_s}   ")
        sys.stderr.flush()


def run_jobs(pool, args, state: State, jobs, on_result, total_fn, progress: Progress, label: str) -> None:
    """Feed chunks from the `jobs` generator to the pool, at most 2 per worker in flight."""
    pending = []
    jobs = iter(jobs)
    exhausted = waiting = False
    while pending or not exhausted:
        while not exhausted and not waiting and len(pending) < 2 * args.workers:
            job = next(jobs, None)
            if job is None:
                exhausted = True
                break
            if job == WAIT:
                waiting = True
                break
            pending.append(pool.apply_async(run_chunk, job))
        if waiting and not pending:
            waiting = False
            continue
        if not pending:
            break
        ready = [p for p in pending if p.ready()]
        if not ready:
            time.sleep(0.2)
            continue
        for p in ready:
            pending.remove(p)
            try:
                result = p.get()
            except Exception as error:  # one bad chunk must not stop a long build
                sys.stderr.write(f"\nchunk failed: {error!r}\n")
                continue
            on_result(result)
        progress.show(total_fn(), len(state.rows), label)
    sys.stderr.write("\n")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.tts_prefix:
        activate(args.tts_prefix)
    out = os.path.abspath(args.out)
    state_file = os.path.join(out, "state", "tts-done.jsonl")
    if os.path.exists(state_file) and not args.resume:
        print(f"{out} already holds a build; pass --resume to continue it", file=sys.stderr)
        return 2
    os.makedirs(os.path.join(out, MANIFESTS), exist_ok=True)

    real_rows = write_real_manifests(out, args.real)
    state = State(out)
    write_train(out, real_rows, state)
    print(f"real speech: {len(real_rows)} training utterances"
          + ("; held-out real manifests written" if args.real == "all" else ""), file=sys.stderr)

    npm_roots = [os.path.join(out, "text-sources"), REPO_ROOT]
    pool_items = load_or_build_pool(os.path.join(out, "text", "sentences.jsonl"), ReservedFilter.from_tsv(),
                                    npm_roots)
    train_sentences = [p["text"] for p in pool_items if not is_heldout_sentence(p["text"])]
    heldout_sentences = [p["text"] for p in pool_items if is_heldout_sentence(p["text"])]
    print(f"sentences: {len(train_sentences)} for training, {len(heldout_sentences)} held out", file=sys.stderr)

    voices = usable_voices(args)
    train_voices = [v for v in voices if v.use == "train"]
    config = load_config()
    last_write = [0.0]

    def on_result(result: Dict) -> None:
        items = result.pop("items")
        state.add({**result, "split": items[0]["split"], "k_end": items[-1]["k"] + 1})
        if time.time() - last_write[0] > REWRITE_EVERY_S:
            write_train(out, real_rows, state)
            last_write[0] = time.time()

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.workers) as pool:
        hv = heldout_voice()
        if hv in voices and args.real == "all":  # held-out sets are made where evaluation runs
            run_jobs(pool, args, state, heldout_jobs(out, args, state, hv, heldout_sentences, config),
                     on_result, lambda: state.hours("heldout-tts"),
                     Progress(args.heldout_utterances * 4 / 3600, state.hours("heldout-tts")), "heldout-tts")
            write_heldout_tts(out, state)
        total = lambda: state.hours("train")
        run_jobs(pool, args, state, train_jobs(out, args, state, train_voices, train_sentences, config),
                 on_result, total, Progress(args.hours, total()), "train")
    write_train(out, real_rows, state)
    if args.real == "all":
        write_heldout_tts(out, state)
    write_voices_json(os.path.join(out, MANIFESTS, "voices.json"), state, voices, len(train_sentences))
    print(f"done: {state.hours('train'):.2f} h of TTS training audio in {out}", file=sys.stderr)
    return 0


WAIT = "wait"  # a job generator's signal: let in-flight work finish before asking again


def _job(out, items, config, do_augment):
    return (out, items, config, do_augment)


def heldout_jobs(out, args, state: State, voice: Voice, sentences: List[str], config):
    key = "heldout-tts|" + voice.key
    k = state.next_k[key]
    while k < args.heldout_utterances:
        end = min(k + args.chunk, args.heldout_utterances)
        items = [plan_item(voice, i, sentences, "heldout-tts", config["synthesis"]) for i in range(k, end)]
        k = end
        state.next_k[key] = end
        yield _job(out, items, config, False)  # held-out TTS stays clean: it measures voice generalisation


def train_jobs(out, args, state: State, voices: List[Voice], sentences: List[str], config):
    """Always extend the voice with the fewest hours (done + in flight), until the target is met."""
    planned = {v.key: state.hours("train", v.key) * 3600 for v in voices}
    while voices and state.hours("train") < args.hours:
        if sum(planned.values()) / 3600 >= args.hours:
            # Enough is in flight by estimate: wait for it, then plan from real durations.
            yield WAIT
            planned = {v.key: state.hours("train", v.key) * 3600 for v in voices}
            continue
        voice = min(voices, key=lambda v: planned[v.key])
        key = "train|" + voice.key
        k = state.next_k[key]
        items = [plan_item(voice, i, sentences, "train", config["synthesis"]) for i in range(k, k + args.chunk)]
        state.next_k[key] = k + args.chunk
        planned[voice.key] += sum(estimated_seconds(i["text"]) / i["rate"] for i in items)
        yield _job(out, items, config, not args.no_augment)


if __name__ == "__main__":
    sys.exit(main())
