// Records AT beam search (at.ts) for the decoding explorer: the beam at every step with each hypothesis' score
// split into its models' terms, its likeliest next tokens and its stop probability, and every hypothesis that
// ended. at.ts calls it only when a trace was asked for (an optional recorder), so the untraced search is the
// search as it was. The recorder keeps its own sums of the parts, from the same rows the search scored with, so
// that a test can check them against the search's own scores.

import { topK } from './search';
import type { TokenTable } from './tokens';
import { MAX_TRACE_HYPOTHESES, type AtFinished, type AtStepHypothesis, type AtTrace, type AtTraceStep, type NextToken, type ScoreParts, type TraceSettings } from './trace';

/** The rows one hypothesis was scored with at this step (what at.ts has at hand). */
export interface AtStepRows {
  /** The step's AT log-probabilities, [hypotheses × V]. */
  logProbs: Float32Array;
  /** CTC prefix scores of each extension (joint decoding), and the hypothesis' own prefix score. */
  ctc?: { scores: Float64Array; psi: number } | undefined;
  /** The character language model's log-probabilities. */
  lm?: Float64Array | undefined;
  /** The word fusion's term of each extension (end of sentence at <eos>). */
  words?: readonly { term: number }[] | undefined;
}

type Weights = AtTrace['weights'];

export class AtTraceRecorder {
  private readonly steps: AtTraceStep[] = [];
  private readonly finished: AtFinished[] = [];
  private current: AtStepHypothesis[] = [];
  private rows: AtStepRows[] = [];
  /** The next step's hypotheses as the search keeps them: parent, token and parts. */
  private upcoming: { parent: number; token: number; parts: ScoreParts }[];
  private readonly V: number;

  constructor(
    private readonly settings: TraceSettings,
    private readonly tokens: TokenTable,
    private readonly beam: number,
    private readonly weights: Weights,
  ) {
    if (beam > MAX_TRACE_HYPOTHESES) throw new Error(`an AT trace records beams up to ${MAX_TRACE_HYPOTHESES}, got beam ${beam}`);
    this.V = tokens.size;
    this.upcoming = [{ parent: -1, token: tokens.sosEos, parts: { at: 0, ctc: 0, lm: 0, wordLm: 0 } }];
  }

  /** A new step: the hypotheses kept at the last one (the root at step 0) are its beam. */
  beginStep(position: number): void {
    this.current = this.upcoming.map(({ parent, token, parts }) => ({ parent, token, score: 0, parts, next: [], stop: 0, kept: false }));
    this.rows = [];
    this.upcoming = [];
    this.steps.push({ step: position, hypotheses: this.current, best: -1 });
  }

  /** Hypothesis `i` of the step, with its score, was scored with `rows`. */
  expand(i: number, score: number, rows: AtStepRows): void {
    const h = this.current[i]!;
    h.score = score;
    this.rows[i] = rows;
    h.stop = Math.exp(rows.logProbs[i * this.V + this.tokens.sosEos]!);
    h.next = topK(rows.logProbs, i, this.V, this.settings.topK).map(({ id, value }): NextToken => ({ token: id, p: Math.exp(value), gain: finite(total(this.gain(i, id))) }));
  }

  /** The search kept hypothesis `origin` + `token` for the next step. */
  kept(origin: number, token: number): void {
    this.current[origin]!.kept = true;
    this.upcoming.push({ parent: origin, token, parts: this.extended(origin, token) });
  }

  /** The search ended hypothesis `origin` + `token` (<eos>, or the last token at the cap or the repetition guard) with `score` and `ids`. */
  ended(origin: number, token: number, score: number, ids: readonly number[], end: AtFinished['end']): void {
    this.finished.push({
      tokens: [...ids],
      text: this.tokens.decode(ids),
      score,
      parts: this.extended(origin, token),
      step: this.steps.length - 1,
      from: origin,
      end,
      normalised: score / (ids.length + 1),
    });
  }

  /** The trace, given which of the ended hypotheses (in the order they ended) the search returned. */
  trace(best: number): AtTrace {
    // The search stopped after the last step: what it kept there went no further.
    for (const h of this.steps.at(-1)?.hypotheses ?? []) h.kept = false;
    const winner = this.finished[best];
    if (winner) {
      let index = winner.from;
      for (let t = winner.step; t >= 0 && index >= 0; t--) {
        this.steps[t]!.best = index;
        index = this.steps[t]!.hypotheses[index]!.parent;
      }
    }
    // Stable, so equals keep the order they ended in, as the search's choice does (the first of equals).
    const nBest = this.finished
      .map((f, i) => ({ f, i }))
      .sort((a, b) => b.f.normalised - a.f.normalised || a.i - b.i)
      .slice(0, this.settings.nBest)
      .map(({ f }) => f);
    return { kind: 'at', beam: this.beam, weights: { ...this.weights }, steps: this.steps, nBest };
  }

  private extended(origin: number, token: number): ScoreParts {
    const parts = this.current[origin]!.parts;
    const gain = this.gain(origin, token);
    return { at: parts.at! + gain.at!, ctc: parts.ctc! + gain.ctc!, lm: parts.lm! + gain.lm!, wordLm: parts.wordLm! + gain.wordLm! };
  }

  /** What appending `token` to hypothesis `i` adds, term by term, weighted as at.ts weights them. */
  private gain(i: number, token: number): ScoreParts {
    const { logProbs, ctc, lm, words } = this.rows[i]!;
    const at = logProbs[i * this.V + token]!;
    return {
      at: ctc ? (1 - this.weights.ctc) * at : at,
      ctc: ctc ? this.weights.ctc * (ctc.scores[token]! - ctc.psi) : 0,
      lm: lm ? this.weights.lm * lm[token]! : 0,
      wordLm: words ? words[token]!.term : 0,
    };
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function total(parts: ScoreParts): number {
  return parts.at! + parts.ctc! + parts.lm! + parts.wordLm!;
}
