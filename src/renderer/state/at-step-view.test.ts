// The AT step view on a small hand-made beam-2 trace: the followed hypothesis, its input, the next tokens with the
// one it went on with, the score's parts, which beam entries survived, and the steps after the result ended.
import { describe, expect, it } from 'vitest';
import type { AtStepHypothesis, AtTrace } from '../../core/trace';
import { atStepView } from './at-step-view';

const vocabulary = ['<blank>', '<unk>', '<sos/eos>', '<mask>', ' ', 'a', 'b'];
const special = { blank: 0, sosEos: 2, mask: 3 };
const A = 5;
const B = 6;
const EOS = 2;
const hyp = (parent: number, token: number, score: number, kept: boolean, next: [number, number][]): AtStepHypothesis => ({
  parent,
  token,
  score,
  parts: { at: score * 0.7, ctc: score * 0.3, lm: 0, wordLm: 0 },
  next: next.map(([t, p]) => ({ token: t, p, gain: Math.log(p) })),
  stop: next.find(([t]) => t === EOS)?.[1] ?? 0.01,
  kept,
});

// step 0: ⟨sos⟩ → a | b; step 1: "a" (→ b), "b" (→ a, pruned); step 2: "ab" (→ eos, the result), "aa"; step 3: "aab".
const trace: AtTrace = {
  kind: 'at',
  beam: 2,
  weights: { ctc: 0.3, lm: 0, wordLm: 0 },
  steps: [
    { step: 0, best: 0, hypotheses: [hyp(-1, EOS, 0, true, [[A, 0.6], [B, 0.3]])] },
    { step: 1, best: 0, hypotheses: [hyp(0, A, -0.5, true, [[B, 0.7], [A, 0.2]]), hyp(0, B, -1.2, false, [[A, 0.5]])] },
    { step: 2, best: 0, hypotheses: [hyp(0, B, -0.9, false, [[EOS, 0.8], [A, 0.1]]), hyp(0, A, -2.1, true, [[B, 0.5]])] },
    { step: 3, best: -1, hypotheses: [hyp(1, B, -2.8, false, [[EOS, 0.4]])] },
  ],
  nBest: [{ tokens: [A, B], text: 'ab', score: -1.1, parts: {}, step: 2, from: 0, end: 'eos', normalised: -1.1 / 3 }],
};

describe('atStepView', () => {
  it('follows the result: the input so far, the next tokens with the one chosen, the score parts adding up, the beam', () => {
    const v1 = atStepView(trace, 1, vocabulary, special);
    expect(v1).toMatchObject({ step: 1, count: 4, hypothesis: 0, onResultPath: true, input: ['⟨sos⟩', 'a'], score: -0.5, attentionRow: 1 });
    expect(v1.next.map((n) => [n.token, n.chosen])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(v1.parts.map((p) => p.name)).toEqual(['AT', 'CTC', 'LM', 'word LM']);
    expect(v1.parts.reduce((s, p) => s + p.value, 0)).toBeCloseTo(v1.score, 10);
    expect(v1.parts[0]!.weight).toBeCloseTo(0.7, 10);
    expect(v1.beam).toEqual([
      { index: 0, text: 'a', score: -0.5, kept: true, ended: false, best: true },
      { index: 1, text: 'b', score: -1.2, kept: false, ended: false, best: false },
    ]);
    const v2 = atStepView(trace, 2, vocabulary, special);
    expect(v2.input).toEqual(['⟨sos⟩', 'a', 'b']);
    expect(v2.next.find((n) => n.chosen)?.token).toBe('⟨eos⟩');
    expect(v2.stop).toBeCloseTo(0.8, 10);
    expect(v2.beam.map((b) => [b.text, b.kept, b.ended])).toEqual([
      ['ab', false, true],
      ['aa', true, false],
    ]);
  });

  it('after the result ended, shows the best hypothesis still searched, with no attention row; clamps the step', () => {
    const v3 = atStepView(trace, 3, vocabulary, special);
    expect(v3).toMatchObject({ onResultPath: false, hypothesis: 0, input: ['⟨sos⟩', 'a', 'a', 'b'], attentionRow: -1 });
    expect(atStepView(trace, 99, vocabulary, special).step).toBe(3);
    expect(atStepView(trace, -4, vocabulary, special).input).toEqual(['⟨sos⟩']);
  });
});
