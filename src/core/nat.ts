// Non-autoregressive decoding, Mask-CTC (training/decode.py nat_mask_ctc): the CTC greedy characters
// give the length and the initial hypothesis; the low-confidence ones are masked, one NAT pass fills
// them in, and k mask-predict iterations re-mask the least confident of the masked positions (fewer
// each time) and predict them again.

import type { ModelConfig } from './bundle';
import type { PartSession } from './backend';
import { ctcGreedy } from './ctc';
import type { Decoded, TokenAttention } from './decoding';
import type { EncoderOutput } from './encoder';
import { initialHypothesis } from './length';
import { argmax } from './search';
import { float32, floats, int64 } from './tensors';
import type { TokenTable } from './tokens';
import type { NatIteration, NatTrace } from './trace';

export interface NatOptions {
  /** Mask-predict iterations after the first pass (k). */
  iterations?: number;
  /** CTC characters below this probability are masked; default model.json decoding.maskCtcThreshold. */
  threshold?: number;
  /**
   * When CTC is confident everywhere there is nothing to predict and the reference decoder stops; run
   * one pass anyway to get cross-attention for the alignment views (tokens are unchanged). Default true.
   */
  attentionWhenUnmasked?: boolean;
  /** Record the seed, the masks and each pass's predictions (Decoded.trace, trace.ts). Default false. */
  trace?: boolean;
}

export async function natMaskCtc(session: PartSession, config: ModelConfig, tokens: TokenTable, encoder: EncoderOutput, options: NatOptions = {}): Promise<Decoded> {
  const iterations = options.iterations ?? 0;
  if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`iterations must be a whole number >= 0, got ${iterations}`);
  const threshold = options.threshold ?? config.decoding.maskCtcThreshold;
  const S = encoder.frames;
  const V = tokens.size;
  const ctc = ctcGreedy(encoder.ctcLogProbs, S, V, tokens.blank);
  // The trace's passes, when one was asked for.
  const passesTraced: NatIteration[] | undefined = options.trace ? [] : undefined;
  const { natLayers: L, heads: H, dModel } = config.architecture;
  const empty: TokenAttention = { source: 'cross-attention', layers: L, heads: H, rows: 0, frames: S, data: new Float32Array(0) };
  if (ctc.length === 0) return withTrace({ decoder: 'nat', tokens: [], text: '', confidences: [], attention: empty, steps: 0 });

  const hypothesis = initialHypothesis(
    ctc.map((t) => t.id),
    ctc.map((t) => t.confidence),
    threshold,
    tokens.mask,
  );
  const confidences = ctc.map((t) => t.confidence);
  const U = hypothesis.length;
  let masked = hypothesis.map((id) => id === tokens.mask);
  const total = masked.filter(Boolean).length;

  const names = config.files.nat;
  let passes = 0;
  let attention = empty;
  const pass = async () => {
    const out = await session.run({
      [names.inputs.encoded]: float32(encoder.encoded, [1, S, dModel]),
      [names.inputs.encodedLengths]: int64([S]),
      [names.inputs.tokens]: int64(hypothesis, [1, U]),
      [names.inputs.tokenLengths]: int64([U]),
    });
    passes++;
    // [L, 1, H, U, S] is already [L, H, U, S] for one utterance.
    attention = { source: 'cross-attention', layers: L, heads: H, rows: U, frames: S, data: floats(out[names.outputs.crossAttention], names.outputs.crossAttention) };
    return floats(out[names.outputs.logProbs], names.outputs.logProbs);
  };

  if (total === 0) {
    if (options.attentionWhenUnmasked ?? true) await pass();
    return withTrace({ decoder: 'nat', tokens: hypothesis, text: tokens.decode(hypothesis), confidences, attention, steps: passes });
  }

  for (let it = 0; it <= iterations; it++) {
    const logProbs = await pass();
    const probs = new Array<number>(U);
    const traced: NatIteration | undefined = passesTraced ? { positions: [], tokens: [], confidences: [] } : undefined;
    for (let u = 0; u < U; u++) {
      const best = argmax(logProbs, u, V);
      probs[u] = Math.exp(best.value);
      if (masked[u]) {
        hypothesis[u] = best.id;
        confidences[u] = probs[u]!;
        if (traced) {
          traced.positions.push(u);
          traced.tokens.push(best.id);
          traced.confidences.push(probs[u]!);
        }
      }
    }
    if (traced) passesTraced!.push(traced);
    if (it === iterations) break;
    const keep = Math.floor((total * (iterations - it)) / (iterations + 1));
    if (keep === 0) break;
    // Re-mask the `keep` least confident of the positions just predicted.
    const remask = masked
      .map((isMasked, u) => ({ u, score: isMasked ? probs[u]! : 2 }))
      .sort((a, b) => a.score - b.score || a.u - b.u)
      .slice(0, keep)
      .map((c) => c.u);
    masked = new Array<boolean>(U).fill(false);
    for (const u of remask) {
      hypothesis[u] = tokens.mask;
      masked[u] = true;
    }
  }
  return withTrace({ decoder: 'nat', tokens: hypothesis, text: tokens.decode(hypothesis), confidences, attention, steps: passes });

  /** The result with its trace when one was asked for: the CTC seed, what was masked, each pass's predictions. */
  function withTrace(decoded: Decoded): Decoded {
    if (!options.trace) return decoded;
    const trace: NatTrace = {
      kind: 'nat',
      threshold,
      seed: { tokens: ctc.map((t) => t.id), confidences: ctc.map((t) => t.confidence) },
      predictedLength: ctc.length,
      finalLength: decoded.tokens.length,
      masked: ctc.flatMap((t, u) => (t.confidence < threshold ? [u] : [])),
      iterations: passesTraced ?? [],
      tokens: [...decoded.tokens],
    };
    return { ...decoded, trace };
  }
}
