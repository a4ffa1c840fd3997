// The model bundle (docs/bundle.md): model.json plus four ONNX parts and, optionally, a character language
// model (lm.bin). This file reads and validates
// model.json and fetches the parts through a BundleReader, so the same code runs in a Web Worker
// (URLs and fetch) and in Node (a folder reader supplied by src/cli). Nothing here knows a tensor
// name, a shape or a token id: all of it comes from model.json.

export const BUNDLE_FORMAT = 's2s-workbench-bundle';
export const BUNDLE_VERSION = 1;
/** Where the app and the CLI look for a bundle unless told otherwise (relative to the project root). */
export const DEFAULT_BUNDLE_FOLDER = 'models/default';

/** The parts every bundle has. */
export type RequiredPartName = 'encoder' | 'atMemory' | 'atStep' | 'nat';
/** atScore (at_score.onnx): the AT decoder teacher-forced over a batch, for attention rescoring; a bundle may lack it. */
export type PartName = RequiredPartName | 'atScore';
export const PART_NAMES: readonly RequiredPartName[] = ['encoder', 'atMemory', 'atStep', 'nat'];
export const OPTIONAL_PART_NAMES: readonly PartName[] = ['atScore'];

/** The role names each part must map to tensor names (the table in docs/bundle.md). */
export const PART_ROLES = {
  encoder: {
    inputs: ['features', 'featureLengths', 'leftWindow', 'rightWindow'],
    outputs: ['encoded', 'encodedLengths', 'ctcLogProbs', 'selfAttention'],
  },
  atMemory: { inputs: ['encoded'], outputs: ['crossKeys', 'crossValues'] },
  atStep: {
    inputs: ['token', 'position', 'crossKeys', 'crossValues', 'encodedLengths', 'selfKeys', 'selfValues'],
    outputs: ['logProbs', 'selfKeys', 'selfValues', 'crossAttention'],
  },
  nat: { inputs: ['encoded', 'encodedLengths', 'tokens', 'tokenLengths'], outputs: ['logProbs', 'crossAttention'] },
  atScore: { inputs: ['tokens', 'positions', 'allowed', 'crossKeys', 'crossValues'], outputs: ['logProbs'] },
} as const satisfies Record<PartName, { inputs: readonly string[]; outputs: readonly string[] }>;

type InputRole<P extends PartName> = (typeof PART_ROLES)[P]['inputs'][number];
type OutputRole<P extends PartName> = (typeof PART_ROLES)[P]['outputs'][number];

export interface PartFile<P extends PartName = PartName> {
  path: string;
  inputs: Record<InputRole<P>, string>;
  outputs: Record<OutputRole<P>, string>;
}

/**
 * at_score's names; outputs.crossAttention (each node's cross-attention, [L, 1, H, T, S]) is optional: bundles
 * exported before 2026-12-07 lack it, and the attention view of a rescoring result then comes from at_step.
 */
export type AtScoreFile = PartFile<'atScore'> & { outputs: { crossAttention?: string } };

export interface FeatureConfig {
  sampleRate: number;
  nMels: number;
  frameSize: number;
  hopSize: number;
  window: string;
  normalisation: { appliedIn: string; mean: number[]; std: number[] };
}

export interface TokenConfig {
  list: string[];
  blank: number;
  unk: number;
  sosEos: number;
  mask: number;
  space: number;
}

export interface ArchitectureConfig {
  dModel: number;
  heads: number;
  ffDim: number;
  encoderLayers: number;
  atLayers: number;
  natLayers: number;
  subsampling: number;
  frameMs: number;
  parameters: number;
  relativePositionClip: number;
  trainedWindows: { left: number[]; right: number[]; fullContextProbability: number; unlimited: number };
  /** How the ONNX parts store their weights, and which multiply them in int8 on WASM (docs/bundle.md): shown to the user. */
  weightStorage: string;
}

export interface AttentionWindow {
  /** Encoder frames each frame may attend to on the left (in every layer). */
  left: number;
  /** Encoder frames of look-ahead on the right (in every layer). */
  right: number;
}

export interface DecodingConfig {
  maxTokensPerSecond: number;
  maskCtcThreshold: number;
  /** AT decoding's default CTC weight (joint CTC/attention); 0 when model.json does not say. */
  atCtcWeight: number;
  /** AT beam search's default language-model weight (shallow fusion); 0 when the bundle has no lm.bin. */
  lmWeight: number;
  /** CTC beam search's default language-model weight; 0 when model.json does not say. */
  ctcLmWeight: number;
  /** CTC beam search with the language model: added per character; 0 when model.json does not say. */
  ctcLengthBonus: number;
  /**
   * Word-aware search with the word language model (files.wordLm; word-fusion.ts), all optional, 0 when absent:
   * AT beam search's word weight, out-of-vocabulary penalty and per-word bonus; CTC beam search's, the same.
   * A weight of 0 searches as without the word model.
   */
  wordLmWeight: number;
  oovPenalty: number;
  wordBonus: number;
  ctcWordLmWeight: number;
  ctcOovPenalty: number;
  ctcWordBonus: number;
  /**
   * Silent feature frames (all zero: ln(1 + 0)) appended after an utterance before it is encoded. The model
   * emits a sound's character a few frames after it, so audio cut off right after the last sound lost it
   * ("zer" for "zero"); 0 when model.json does not say.
   */
  tailFrames: number;
  defaultWindows: AttentionWindow;
  /** Attention rescoring (rescore.ts): the n-best size and the combined score's weights; RESCORE_DEFAULTS when model.json does not say. */
  rescoreBeam: number;
  /**
   * How many of the n-best's best entries the AT decoder rescores (the CTC beam keeps rescoreBeam, the wider beam
   * is what finds the right entry); rescoreBeam when model.json does not say.
   */
  rescoreNBest: number;
  rescoreCtcWeight: number;
  rescoreLmWeight: number;
  rescoreLengthBonus: number;
}

/** Attention rescoring's settings for a bundle whose model.json predates them (training/rescore.py RESCORE_*). */
export const RESCORE_DEFAULTS = { beam: 64, ctcWeight: 0.3, lmWeight: 0.75, lengthBonus: -1 } as const;

export interface ModelConfig {
  format: string;
  version: number;
  features: FeatureConfig;
  tokens: TokenConfig;
  architecture: ArchitectureConfig;
  files: { [P in RequiredPartName]: PartFile<P> } & { atScore?: AtScoreFile; lm?: { path: string }; wordLm?: { path: string } };
  decoding: DecodingConfig;
  card: Record<string, unknown>;
}

export type BundleErrorCode =
  | 'missing-file' // model.json or an ONNX part is not there
  | 'unreadable' // there but could not be read
  | 'corrupt' // model.json is not JSON, or an ONNX file does not parse
  | 'invalid' // model.json parses but a field is missing or has the wrong type
  | 'incompatible'; // a different format/version, or parts that disagree with model.json

export class BundleError extends Error {
  readonly code: BundleErrorCode;
  /** The file inside the bundle the error concerns, when there is one. */
  readonly file?: string;

  constructor(code: BundleErrorCode, message: string, file?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BundleError';
    this.code = code;
    if (file !== undefined) this.file = file;
  }
}

/** Reads files of one bundle by their path relative to the bundle folder. */
export interface BundleReader {
  /** Where the bundle is, for messages (a folder path or a base URL). */
  readonly location: string;
  /** Resolves to the bytes; rejects with a BundleError ('missing-file' or 'unreadable'). */
  read(relativePath: string): Promise<Uint8Array>;
}

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; statusText?: string; arrayBuffer(): Promise<ArrayBuffer> }>;

/** A reader over HTTP(S) or app:// URLs: what the renderer's worker uses (the app serves models/ at /models/). */
export function urlBundleReader(baseUrl: string, fetchFn: FetchLike = (url) => fetch(url)): BundleReader {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    location: base,
    async read(relativePath) {
      let response;
      try {
        response = await fetchFn(base + relativePath);
      } catch (cause) {
        throw new BundleError('unreadable', `${base}${relativePath}: cannot be fetched (${describe(cause)})`, relativePath, cause);
      }
      if (response.status === 404) throw new BundleError('missing-file', `${base}${relativePath}: not found`, relativePath);
      if (!response.ok) {
        throw new BundleError('unreadable', `${base}${relativePath}: HTTP ${response.status} ${response.statusText ?? ''}`.trim(), relativePath);
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export interface ModelBundle {
  config: ModelConfig;
  /** The ONNX bytes of each part (the optional ones when model.json names them). */
  parts: Record<RequiredPartName, Uint8Array> & { atScore?: Uint8Array };
  /** lm.bin's bytes, when model.json names one. */
  lm?: Uint8Array;
  /** words.bin's bytes (the word language model), when model.json names one. */
  wordLm?: Uint8Array;
  location: string;
}

/** Reads model.json and every part; validates model.json. ONNX contents are validated when sessions are created. */
export async function loadBundle(reader: BundleReader): Promise<ModelBundle> {
  const configBytes = await reader.read('model.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(configBytes));
  } catch (cause) {
    throw new BundleError('corrupt', `${reader.location}: model.json is not valid JSON (${describe(cause)})`, 'model.json', cause);
  }
  const config = parseModelConfig(json, reader.location);
  const entries = await Promise.all(
    [...PART_NAMES, ...OPTIONAL_PART_NAMES.filter((part) => config.files[part])].map(async (part) => {
      const path = config.files[part]!.path;
      const bytes = await reader.read(path);
      if (bytes.byteLength === 0) throw new BundleError('corrupt', `${reader.location}: ${path} is empty`, path);
      return [part, bytes] as const;
    }),
  );
  const parts = Object.fromEntries(entries) as ModelBundle['parts'];
  const lmPath = config.files.lm?.path;
  const wordLmPath = config.files.wordLm?.path;
  return {
    config,
    parts,
    ...(lmPath ? { lm: await reader.read(lmPath) } : {}),
    ...(wordLmPath ? { wordLm: await reader.read(wordLmPath) } : {}),
    location: reader.location,
  };
}

const WORD_FIELDS = ['wordLmWeight', 'oovPenalty', 'wordBonus', 'ctcWordLmWeight', 'ctcOovPenalty', 'ctcWordBonus'] as const;

/** Validates the parsed model.json; every problem is a BundleError naming the field. */
export function parseModelConfig(json: unknown, location = 'bundle'): ModelConfig {
  const at = (field: string, problem: string, code: BundleErrorCode = 'invalid') =>
    new BundleError(code, `${location}: model.json ${field} ${problem}`, 'model.json');
  const root = object(json, 'the top level', at);
  if (root['format'] !== BUNDLE_FORMAT) throw at('format', `is ${JSON.stringify(root['format'])}, expected "${BUNDLE_FORMAT}"`, 'incompatible');
  if (root['version'] !== BUNDLE_VERSION) {
    throw at('version', `is ${JSON.stringify(root['version'])}; this workbench reads version ${BUNDLE_VERSION}`, 'incompatible');
  }

  const f = object(root['features'], 'features', at);
  const norm = object(f['normalisation'], 'features.normalisation', at);
  const features: FeatureConfig = {
    sampleRate: positiveInt(f['sampleRate'], 'features.sampleRate', at),
    nMels: positiveInt(f['nMels'], 'features.nMels', at),
    frameSize: positiveInt(f['frameSize'], 'features.frameSize', at),
    hopSize: positiveInt(f['hopSize'], 'features.hopSize', at),
    window: string(f['window'], 'features.window', at),
    normalisation: {
      appliedIn: string(norm['appliedIn'], 'features.normalisation.appliedIn', at),
      mean: numbers(norm['mean'], 'features.normalisation.mean', at),
      std: numbers(norm['std'], 'features.normalisation.std', at),
    },
  };
  if (features.normalisation.appliedIn !== 'encoder') {
    throw at('features.normalisation.appliedIn', `is "${features.normalisation.appliedIn}"; the core feeds raw log-mel and needs "encoder"`, 'incompatible');
  }

  const t = object(root['tokens'], 'tokens', at);
  const list = array(t['list'], 'tokens.list', at).map((entry, i) => string(entry, `tokens.list[${i}]`, at));
  if (list.length === 0) throw at('tokens.list', 'is empty');
  const id = (name: keyof Omit<TokenConfig, 'list'>) => {
    const value = nonNegativeInt(t[name], `tokens.${name}`, at);
    if (value >= list.length) throw at(`tokens.${name}`, `is ${value}, outside the ${list.length}-token list`);
    return value;
  };
  const tokens: TokenConfig = { list, blank: id('blank'), unk: id('unk'), sosEos: id('sosEos'), mask: id('mask'), space: id('space') };

  const a = object(root['architecture'], 'architecture', at);
  const tw = object(a['trainedWindows'], 'architecture.trainedWindows', at);
  const architecture: ArchitectureConfig = {
    dModel: positiveInt(a['dModel'], 'architecture.dModel', at),
    heads: positiveInt(a['heads'], 'architecture.heads', at),
    ffDim: positiveInt(a['ffDim'], 'architecture.ffDim', at),
    encoderLayers: positiveInt(a['encoderLayers'], 'architecture.encoderLayers', at),
    atLayers: positiveInt(a['atLayers'], 'architecture.atLayers', at),
    natLayers: positiveInt(a['natLayers'], 'architecture.natLayers', at),
    subsampling: positiveInt(a['subsampling'], 'architecture.subsampling', at),
    frameMs: positiveNumber(a['frameMs'] ?? 40, 'architecture.frameMs', at),
    parameters: nonNegativeInt(a['parameters'], 'architecture.parameters', at),
    relativePositionClip: positiveInt(a['relativePositionClip'], 'architecture.relativePositionClip', at),
    trainedWindows: {
      left: numbers(tw['left'], 'architecture.trainedWindows.left', at),
      right: numbers(tw['right'], 'architecture.trainedWindows.right', at),
      fullContextProbability: number(tw['fullContextProbability'], 'architecture.trainedWindows.fullContextProbability', at),
      unlimited: positiveInt(tw['unlimited'], 'architecture.trainedWindows.unlimited', at),
    },
    weightStorage: a['weightStorage'] === undefined ? 'fp32' : string(a['weightStorage'], 'architecture.weightStorage', at),
  };
  // The encoder geometry (frame t from feature frames [4t, 4t + 7)) is fixed by the recipe's two convolutions.
  if (architecture.subsampling !== 4) throw at('architecture.subsampling', `is ${architecture.subsampling}; the core supports 4`, 'incompatible');
  if (architecture.dModel % architecture.heads !== 0) throw at('architecture.dModel', `(${architecture.dModel}) is not a multiple of heads (${architecture.heads})`);
  if (features.normalisation.mean.length !== features.nMels || features.normalisation.std.length !== features.nMels) {
    throw at('features.normalisation', `does not have ${features.nMels} values per statistic`);
  }

  const filesObject = object(root['files'], 'files', at);
  const files = Object.fromEntries(
    [...PART_NAMES, ...OPTIONAL_PART_NAMES.filter((part) => filesObject[part] !== undefined)].map((part) => {
      const p = object(filesObject[part], `files.${part}`, at);
      const path = insideBundle(p['path'], `files.${part}.path`, at);
      const names = (kind: 'inputs' | 'outputs') => {
        const given = object(p[kind], `files.${part}.${kind}`, at);
        return Object.fromEntries(PART_ROLES[part][kind].map((role) => [role, string(given[role], `files.${part}.${kind}.${role}`, at)]));
      };
      return [part, { path, inputs: names('inputs'), outputs: names('outputs') }];
    }),
  ) as unknown as ModelConfig['files'];
  const scoreAttention = files.atScore && object(object(filesObject['atScore'], 'files.atScore', at)['outputs'], 'files.atScore.outputs', at)['crossAttention'];
  if (files.atScore && scoreAttention !== undefined) files.atScore.outputs.crossAttention = string(scoreAttention, 'files.atScore.outputs.crossAttention', at);
  if (filesObject['lm'] !== undefined) {
    files.lm = { path: insideBundle(object(filesObject['lm'], 'files.lm', at)['path'], 'files.lm.path', at) };
  }
  if (filesObject['wordLm'] !== undefined) {
    files.wordLm = { path: insideBundle(object(filesObject['wordLm'], 'files.wordLm', at)['path'], 'files.wordLm.path', at) };
  }

  const d = object(root['decoding'], 'decoding', at);
  const dw = object(d['defaultWindows'], 'decoding.defaultWindows', at);
  const decoding: DecodingConfig = {
    maxTokensPerSecond: positiveNumber(d['maxTokensPerSecond'], 'decoding.maxTokensPerSecond', at),
    maskCtcThreshold: number(d['maskCtcThreshold'], 'decoding.maskCtcThreshold', at),
    atCtcWeight: d['atCtcWeight'] === undefined ? 0 : unitInterval(d['atCtcWeight'], 'decoding.atCtcWeight', at),
    lmWeight: d['lmWeight'] === undefined ? 0 : nonNegativeNumber(d['lmWeight'], 'decoding.lmWeight', at),
    ctcLmWeight: d['ctcLmWeight'] === undefined ? 0 : nonNegativeNumber(d['ctcLmWeight'], 'decoding.ctcLmWeight', at),
    ctcLengthBonus: d['ctcLengthBonus'] === undefined ? 0 : nonNegativeNumber(d['ctcLengthBonus'], 'decoding.ctcLengthBonus', at),
    ...(Object.fromEntries(WORD_FIELDS.map((field) => [field, d[field] === undefined ? 0 : nonNegativeNumber(d[field], `decoding.${field}`, at)])) as Record<(typeof WORD_FIELDS)[number], number>),
    tailFrames: d['tailFrames'] === undefined ? 0 : nonNegativeInt(d['tailFrames'], 'decoding.tailFrames', at),
    defaultWindows: {
      left: nonNegativeInt(dw['left'], 'decoding.defaultWindows.left', at),
      right: nonNegativeInt(dw['right'], 'decoding.defaultWindows.right', at),
    },
    rescoreBeam: d['rescoreBeam'] === undefined ? RESCORE_DEFAULTS.beam : positiveInt(d['rescoreBeam'], 'decoding.rescoreBeam', at),
    rescoreNBest: d['rescoreNBest'] === undefined ? (d['rescoreBeam'] === undefined ? RESCORE_DEFAULTS.beam : positiveInt(d['rescoreBeam'], 'decoding.rescoreBeam', at)) : positiveInt(d['rescoreNBest'], 'decoding.rescoreNBest', at),
    rescoreCtcWeight: d['rescoreCtcWeight'] === undefined ? RESCORE_DEFAULTS.ctcWeight : unitIntervalClosed(d['rescoreCtcWeight'], 'decoding.rescoreCtcWeight', at),
    // without a language model the n-best has no language-model score to weigh
    rescoreLmWeight: d['rescoreLmWeight'] === undefined ? (files.lm ? RESCORE_DEFAULTS.lmWeight : 0) : nonNegativeNumber(d['rescoreLmWeight'], 'decoding.rescoreLmWeight', at),
    rescoreLengthBonus: d['rescoreLengthBonus'] === undefined ? RESCORE_DEFAULTS.lengthBonus : number(d['rescoreLengthBonus'], 'decoding.rescoreLengthBonus', at),
  };
  for (const field of ['lmWeight', 'ctcLmWeight', 'rescoreLmWeight'] as const) {
    if (decoding[field] > 0 && !files.lm) throw at(`decoding.${field}`, `is ${decoding[field]}, but files.lm names no language model`);
  }
  for (const field of ['wordLmWeight', 'ctcWordLmWeight'] as const) {
    if (decoding[field] > 0 && !files.wordLm) throw at(`decoding.${field}`, `is ${decoding[field]}, but files.wordLm names no word language model`);
  }
  const card = root['card'] === undefined ? {} : object(root['card'], 'card', at);
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, features, tokens, architecture, files, decoding, card };
}

type Problem = (field: string, problem: string) => BundleError;

function object(value: unknown, field: string, at: Problem): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw at(field, value === undefined ? 'is missing' : 'is not an object');
  return value as Record<string, unknown>;
}
function array(value: unknown, field: string, at: Problem): unknown[] {
  if (!Array.isArray(value)) throw at(field, value === undefined ? 'is missing' : 'is not a list');
  return value;
}
function string(value: unknown, field: string, at: Problem): string {
  if (typeof value !== 'string') throw at(field, value === undefined ? 'is missing' : 'is not a string');
  return value;
}
function number(value: unknown, field: string, at: Problem): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw at(field, value === undefined ? 'is missing' : 'is not a finite number');
  return value;
}
function numbers(value: unknown, field: string, at: Problem): number[] {
  return array(value, field, at).map((v, i) => number(v, `${field}[${i}]`, at));
}
function positiveNumber(value: unknown, field: string, at: Problem): number {
  const n = number(value, field, at);
  if (n <= 0) throw at(field, `is ${n}, expected a positive number`);
  return n;
}
function insideBundle(value: unknown, field: string, at: Problem): string {
  const path = string(value, field, at);
  if (path.startsWith('/') || path.split(/[\\/]/).includes('..')) throw at(field, `("${path}") must stay inside the bundle folder`);
  return path;
}
function nonNegativeNumber(value: unknown, field: string, at: Problem): number {
  const n = number(value, field, at);
  if (n < 0) throw at(field, `is ${n}, expected a number >= 0`);
  return n;
}
function unitInterval(value: unknown, field: string, at: Problem): number {
  const n = number(value, field, at);
  if (n < 0 || n >= 1) throw at(field, `is ${n}, expected at least 0 and below 1`);
  return n;
}
function unitIntervalClosed(value: unknown, field: string, at: Problem): number {
  const n = number(value, field, at);
  if (n < 0 || n > 1) throw at(field, `is ${n}, expected 0 to 1`);
  return n;
}
function nonNegativeInt(value: unknown, field: string, at: Problem): number {
  const n = number(value, field, at);
  if (!Number.isInteger(n) || n < 0) throw at(field, `is ${n}, expected a whole number >= 0`);
  return n;
}
function positiveInt(value: unknown, field: string, at: Problem): number {
  const n = nonNegativeInt(value, field, at);
  if (n === 0) throw at(field, 'is 0, expected a whole number >= 1');
  return n;
}

export function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
