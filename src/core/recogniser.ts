// A loaded bundle ready to run: the four part sessions on a backend, the vocabulary, and the
// operations callers use: encode (full context or streaming), decode with CTC / AT / NAT, and
// recognise (both, plus token and word timestamps and run statistics).

import { atBeamSearch } from './at';
import { Runtime, type BackendName, type RuntimeOptions } from './backend';
import { BundleError, describe, loadBundle, type AttentionWindow, type BundleReader, type ModelBundle, type ModelConfig } from './bundle';
import { ctcDecode } from './ctc';
import { ctcBeamDecode, type CtcBeamOptions } from './ctc-beam';
import { searchWeights, type Decoded, type DecodeOptions, type SearchWeights, type WeightOptions } from './decoding';
import { runEncoder, type EncoderOutput } from './encoder';
import { CharacterLM } from './lm';
import { natMaskCtc } from './nat';
import { attentionRescore } from './rescore';
import { runSettings, type RunSettings } from './run-settings';
import { runStats, timed, type RunStats } from './stats';
import { StreamingEncoder, type StreamingEncoderOptions } from './streaming';
import { tokenTimes, wordTimings, type AttentionTimingOptions, type TokenTime, type WordTiming } from './timing';
import { TokenTable } from './tokens';
import { traceSettings } from './trace';
import { AtTraceRecorder } from './at-trace';
import { Lexicon } from './lexicon';
import { WordFusion } from './word-fusion';
import { WordLanguageModel } from './word-lm';

export interface RecogniseOptions extends DecodeOptions {
  /** Encoder attention window; default full context (unlimited). */
  window?: AttentionWindow;
  /** Added to every timestamp (the segment's start within a longer file). */
  offsetSeconds?: number;
  /** Time already spent computing the features, for the statistics. */
  featureMs?: number;
  timing?: AttentionTimingOptions;
}

export interface Recognition {
  /** What ran: results record this rather than what was asked for. */
  ran: RunSettings;
  decoded: Decoded;
  encoder: EncoderOutput;
  tokenTimes: TokenTime[];
  words: WordTiming[];
  stats: RunStats;
}

export class Recogniser {
  readonly tokens: TokenTable;

  private constructor(
    readonly config: ModelConfig,
    readonly runtime: Runtime,
    readonly location: string,
    /** The bundle's character language model, when it has one. */
    readonly lm: CharacterLM | undefined,
    /** The bundle's word language model, when it has one. */
    readonly wordLm: WordLanguageModel | undefined = undefined,
  ) {
    this.tokens = new TokenTable(config.tokens);
  }

  private lexiconCache: Lexicon | undefined;

  /** The word model's vocabulary spelled in this model's tokens (built on first use, then shared). */
  private get lexicon(): Lexicon {
    return (this.lexiconCache ??= Lexicon.forTokens(this.wordLm!, this.tokens));
  }

  /** The word fusion these weights ask for, or undefined when they ask for none. */
  private wordFusion(weights: SearchWeights): WordFusion | undefined {
    const { wordLmWeight = 0, oovPenalty = 0, wordBonus = 0 } = weights;
    return wordLmWeight > 0 ? WordFusion.forTokens(this.wordLm!, this.tokens, { weight: wordLmWeight, oovPenalty, wordBonus }, this.lexicon) : undefined;
  }

  static async load(reader: BundleReader, options: RuntimeOptions = {}): Promise<Recogniser> {
    return Recogniser.fromBundle(await loadBundle(reader), options);
  }

  static async fromBundle(bundle: ModelBundle, options: RuntimeOptions = {}): Promise<Recogniser> {
    const lm = bundle.lm ? readLanguageModel(bundle.lm, bundle.config, bundle.location) : undefined; // before any session exists
    const wordLm = bundle.wordLm ? readWordLanguageModel(bundle.wordLm, bundle.config, bundle.location) : undefined;
    return new Recogniser(bundle.config, await Runtime.create(bundle, options), bundle.location, lm, wordLm);
  }

  get backend(): BackendName {
    return this.runtime.backend;
  }

  /** Seconds per encoder frame. */
  get frameSeconds(): number {
    return this.config.architecture.frameMs / 1000;
  }

  /** The window meaning "no limit" (full context). */
  get fullContext(): AttentionWindow {
    const unlimited = this.config.architecture.trainedWindows.unlimited;
    return { left: unlimited, right: unlimited };
  }

  /** model.json's streaming window. */
  get streamingWindow(): AttentionWindow {
    return this.config.decoding.defaultWindows;
  }

  /** Runs the encoder on row-major nFrames × nMels raw log-mel features. */
  encode(features: Float32Array, nFrames: number, window: AttentionWindow = this.fullContext): Promise<EncoderOutput> {
    return this.runtime.guarded(() => runEncoder(this.runtime.session('encoder'), this.config, features, nFrames, window));
  }

  /** A streaming encoder whose chunks equal the full-context result with the same window. */
  streamingEncoder(window: AttentionWindow = this.streamingWindow, options?: StreamingEncoderOptions): StreamingEncoder {
    return new StreamingEncoder((f, n, w) => this.encode(f, n, w), this.config, window, options);
  }

  decode(encoder: EncoderOutput, options: DecodeOptions): Promise<Decoded> {
    const trace = traceSettings(options.trace); // undefined unless a trace was asked for (trace.ts)
    switch (options.decoder) {
      case 'ctc': {
        if ((options.beam ?? 1) <= 1) return Promise.resolve(ctcDecode(encoder, this.tokens));
        return Promise.resolve(ctcBeamDecode(encoder, this.tokens, this.wordBeamOptions(options), trace));
      }
      case 'at': {
        const weights = this.searchWeights(options);
        const { ctcWeight = 0, lmWeight = 0 } = weights;
        const fusion = lmWeight > 0 ? { lm: this.lm!, weight: lmWeight } : undefined;
        const words = this.wordFusion(weights);
        // A fresh recorder per try: a retry on WASM starts the search, and its trace, again.
        const recorder = () => trace && new AtTraceRecorder(trace, this.tokens, options.beam ?? 1, { ctc: ctcWeight, lm: fusion?.weight ?? 0, wordLm: words?.weight ?? 0 });
        // The sessions are looked up inside the guarded call: after a move to WASM the retry gets the new ones.
        return this.runtime.guarded(() =>
          atBeamSearch({ memory: this.runtime.session('atMemory'), step: this.runtime.session('atStep') }, this.config, this.tokens, encoder, options.beam ?? 1, ctcWeight, fusion, words, recorder()),
        );
      }
      case 'rescore': {
        const { ctcWeight = 0, lmWeight = 0, lengthBonus = 0, wordLmWeight = 0 } = this.searchWeights(options);
        // The n-best comes from the CTC beam at its own weights, word-aware when the word model is in use.
        const ctcBeam = this.wordBeamOptions({ beam: options.beam ?? this.config.decoding.rescoreBeam, wordLmWeight, ...(options.oovPenalty === undefined ? {} : { oovPenalty: options.oovPenalty }) });
        return this.runtime.guarded(() =>
          attentionRescore(
            {
              memory: this.runtime.session('atMemory'),
              step: this.runtime.session('atStep'),
              score: this.runtime.has('atScore') ? this.runtime.session('atScore') : undefined,
            },
            this.config,
            this.tokens,
            encoder,
            {
              ctcBeam,
              nBest: this.config.decoding.rescoreNBest,
              weights: { ctcWeight, lmWeight, lengthBonus },
              trace,
            },
          ),
        );
      }
      case 'nat':
        return this.runtime.guarded(() =>
          natMaskCtc(this.runtime.session('nat'), this.config, this.tokens, encoder, {
            iterations: options.iterations ?? 0,
            ...(options.maskCtcThreshold === undefined ? {} : { threshold: options.maskCtcThreshold }),
            trace: trace !== undefined,
          }),
        );
      default:
        throw new Error(`unknown decoder ${String((options as { decoder: unknown }).decoder)}`);
    }
  }

  /**
   * The weights these options search with (searchWeights: the bundle's defaults unless set). Throws when
   * they ask for a language model the bundle lacks, so a caller can check options up front.
   */
  searchWeights(options: WeightOptions): SearchWeights {
    const weights = searchWeights(this.config.decoding, options);
    if ((weights.lmWeight ?? 0) > 0 && !this.lm) throw new Error(`a language-model weight of ${weights.lmWeight} was asked for, but the bundle at ${this.location} has no language model (files.lm)`);
    if ((weights.wordLmWeight ?? 0) > 0 && !this.wordLm) {
      throw new Error(`a word language-model weight of ${weights.wordLmWeight} was asked for, but the bundle at ${this.location} has no word language model (files.wordLm)`);
    }
    return weights;
  }

  /** CTC prefix beam search's settings for these options: the beam, and the language model at its weights. */
  ctcBeamOptions(options: Pick<DecodeOptions, 'beam' | 'lmWeight'>): CtcBeamOptions {
    const { lmWeight = 0, lengthBonus = 0 } = this.searchWeights({ decoder: 'ctc', ...options });
    return { beam: options.beam ?? 1, lengthBonus, ...(lmWeight > 0 ? { fusion: { lm: this.lm!, weight: lmWeight } } : {}) };
  }

  /** CTC beam search's settings with the word model when the options (or the bundle's defaults) ask for it. */
  wordBeamOptions(options: Pick<DecodeOptions, 'beam' | 'lmWeight' | 'wordLmWeight' | 'oovPenalty'>): CtcBeamOptions {
    const words = this.wordFusion(this.searchWeights({ decoder: 'ctc', ...options }));
    return { ...this.ctcBeamOptions(options), ...(words ? { words } : {}) };
  }

  /** One utterance's features followed by the bundle's silent tail (decoding.tailFrames), as the recipe decodes them. */
  withTail(features: Float32Array, nFrames: number): { features: Float32Array; nFrames: number } {
    const { tailFrames } = this.config.decoding;
    if (tailFrames === 0) return { features, nFrames };
    const padded = new Float32Array((nFrames + tailFrames) * this.config.features.nMels); // zeros: ln(1 + 0)
    padded.set(features.subarray(0, nFrames * this.config.features.nMels));
    return { features: padded, nFrames: nFrames + tailFrames };
  }

  /** Encodes one whole utterance as the decoders expect it: its features, then the silent tail. */
  encodeUtterance(features: Float32Array, nFrames: number, window: AttentionWindow = this.fullContext): Promise<EncoderOutput> {
    const input = this.withTail(features, nFrames);
    return this.encode(input.features, input.nFrames, window);
  }

  /** Encode (with the silent tail) and decode one utterance's features, with timestamps and statistics. */
  async recognise(features: Float32Array, nFrames: number, options: RecogniseOptions): Promise<Recognition> {
    const [encoder, encoderMs] = await timed(() => this.encodeUtterance(features, nFrames, options.window));
    const [decoded, decoderMs] = await timed(() => this.decode(encoder, options));
    return this.finish(encoder, decoded, { ...options, audioS: this.featureSeconds(nFrames), encoderMs, decoderMs, ran: this.runSettings(options, encoder.window) });
  }

  /** The settings `options` run with on this bundle, with the encoder window `window`. */
  runSettings(options: DecodeOptions, window: AttentionWindow): RunSettings {
    this.searchWeights(options); // throws when the options ask for a language model the bundle lacks
    return runSettings(this.config, { ...options, window });
  }

  /** Timestamps and statistics for a decode whose encoder output came from elsewhere (e.g. a stream). */
  finish(
    encoder: EncoderOutput,
    decoded: Decoded,
    run: { audioS: number; encoderMs: number; decoderMs: number; featureMs?: number; offsetSeconds?: number; timing?: AttentionTimingOptions; ran: RunSettings },
  ): Recognition {
    // A character emitted in the silent tail ends with the audio, not after it.
    const end = (run.offsetSeconds ?? 0) + run.audioS;
    const times = tokenTimes(decoded, this.frameSeconds, run.offsetSeconds ?? 0, run.timing).map((t) => ({ start: Math.min(t.start, end), end: Math.min(t.end, end) }));
    const words = wordTimings(decoded.tokens, times, decoded.confidences, this.tokens);
    const stats = runStats({
      decoder: decoded.decoder,
      backend: this.backend,
      audioS: run.audioS,
      featureMs: run.featureMs ?? 0,
      encoderMs: run.encoderMs,
      decoderMs: run.decoderMs,
      decoderSteps: decoded.steps,
      tokens: decoded.tokens.length,
    });
    return { ran: run.ran, decoded, encoder, tokenTimes: times, words, stats };
  }

  /** Audio seconds spanned by `nFrames` feature frames. */
  featureSeconds(nFrames: number): number {
    const { frameSize, hopSize, sampleRate } = this.config.features;
    return nFrames === 0 ? 0 : ((nFrames - 1) * hopSize + frameSize) / sampleRate;
  }

  release(): Promise<void> {
    return this.runtime.release();
  }
}

function readWordLanguageModel(bytes: Uint8Array, config: ModelConfig, location: string): WordLanguageModel {
  const file = config.files.wordLm?.path ?? 'words.bin';
  try {
    return new WordLanguageModel(bytes, `${location}: ${file}`);
  } catch (cause) {
    throw new BundleError('corrupt', describe(cause), file, cause);
  }
}

function readLanguageModel(bytes: Uint8Array, config: ModelConfig, location: string): CharacterLM {
  const file = config.files.lm?.path ?? 'lm.bin';
  try {
    return new CharacterLM(bytes, config.tokens.sosEos, config.tokens.list.length, `${location}: ${file}`);
  } catch (cause) {
    throw new BundleError('corrupt', describe(cause), file, cause);
  }
}
