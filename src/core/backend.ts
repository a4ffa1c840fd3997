// Where the parts run: onnxruntime-web's WebGPU execution provider when the environment has one, the
// WASM provider otherwise. Sessions are created one provider at a time (never ['webgpu', 'wasm'] in
// one call) so the core always knows which backend ran, and a WebGPU failure (no adapter, a lost device,
// an op that fails mid-run) moves every part to WASM and re-runs the interrupted work there. A part whose int8
// weights multiply in int8 on WASM (integer MatMuls) gets its fp32 form on WebGPU, which lacks those ops.

import * as ort from 'onnxruntime-web';
import { floatMatMuls } from './float-matmuls';
import { BundleError, describe, OPTIONAL_PART_NAMES, PART_NAMES, type ModelBundle, type PartName, type RequiredPartName } from './bundle';

export type BackendName = 'webgpu' | 'wasm';
/** What the caller asks for; 'auto' means WebGPU when available, else WASM. */
export type BackendChoice = 'auto' | BackendName;

/** The slice of an InferenceSession the core uses (tests substitute failing ones). */
export interface PartSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
}

export type SessionFactory = (model: Uint8Array, backend: BackendName, part?: PartName) => Promise<PartSession>;

/** Parts the core always runs one utterance at a time (AT's step batches its beams). */
const SINGLE_BATCH_PARTS: readonly PartName[] = ['encoder', 'atMemory', 'nat'];

// Sessions log errors only: at ONNX Runtime's default (warnings) WebGPU sessions print, for every bundle, that
// shape operations were placed on the CPU, which is by design and reached the app's console as errors.
// The batch axis (docs/bundle.md's B) is fixed at 1 where it always is, so the shape arithmetic that reads it
// folds away: about 10 % of a 2-s utterance's encoder and NAT time, the cost every run pays whatever its length.
export const createOrtSession: SessionFactory = (model, backend, part) =>
  ort.InferenceSession.create(model, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(part !== undefined && SINGLE_BATCH_PARTS.includes(part) ? { freeDimensionOverrides: { B: 1 } } : {}),
  });

export interface OnnxRuntimeSettings {
  /** Where ort-wasm-simd-threaded*.{mjs,wasm} are served from (browser builds); Node finds them itself. */
  wasmPaths?: string;
  /**
   * WASM threads: in a page only where it is cross-origin isolated; in Node onnxruntime-web runs them as worker
   * threads (the CLI and the bench use one per core). More than the free cores slows every call down.
   */
  numThreads?: number;
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

/** Global onnxruntime-web settings; call before the first session is created. */
export function configureOnnxRuntime(settings: OnnxRuntimeSettings): void {
  if (settings.wasmPaths !== undefined) ort.env.wasm.wasmPaths = settings.wasmPaths;
  if (settings.numThreads !== undefined) ort.env.wasm.numThreads = settings.numThreads;
  if (settings.logLevel !== undefined) ort.env.logLevel = settings.logLevel;
}

/** Whether this environment exposes WebGPU at all (a browser or worker with navigator.gpu). */
export function hasWebGpu(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu !== undefined && nav.gpu !== null;
}

export interface RuntimeOptions {
  backend?: BackendChoice;
  /** Move to WASM when WebGPU cannot start or fails mid-run (default true). */
  fallback?: boolean;
  createSession?: SessionFactory;
  /** Told whenever the parts move to another backend (e.g. WebGPU device lost). */
  onBackendChange?: (backend: BackendName, reason: string) => void;
  /** Whether WebGPU exists here; defaults to hasWebGpu(). */
  webGpuAvailable?: boolean;
  /** Settles with a reason when the WebGPU device is lost; defaults to the device onnxruntime-web uses. */
  deviceLost?: () => Promise<string>;
  /**
   * How a bundle exported with integer MatMuls (docs/bundle.md integerMatMuls) multiplies on WASM: 'int8' (default,
   * about a quarter faster) or 'fp32', its fp32 form as WebGPU always gets: the same graph as the recipe's PyTorch
   * model, which the parity tests compare against within 1e-3 (int8 arithmetic moves the encoder's states by ~0.05).
   */
  arithmetic?: 'int8' | 'fp32';
}

export class BackendError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BackendError';
  }
}

/** The four part sessions of one bundle on one backend, with automatic fallback to WASM. */
export class Runtime {
  backend: BackendName;
  /** Why the runtime is not on the backend asked for, when it is not. */
  fallbackReason: string | undefined;
  private sessions: Sessions;
  private deviceLost: string | undefined;
  private switching: Promise<void> | undefined;

  private constructor(
    private readonly bundle: ModelBundle,
    private readonly options: Required<Pick<RuntimeOptions, 'fallback' | 'createSession'>> & RuntimeOptions,
    backend: BackendName,
    sessions: Sessions,
    fallbackReason: string | undefined,
  ) {
    this.backend = backend;
    this.sessions = sessions;
    this.fallbackReason = fallbackReason;
    if (backend === 'webgpu') this.watchDevice();
  }

  static async create(bundle: ModelBundle, options: RuntimeOptions = {}): Promise<Runtime> {
    const settings = { fallback: true, createSession: createOrtSession, ...options };
    const choice = options.backend ?? 'auto';
    const gpu = options.webGpuAvailable ?? hasWebGpu();
    let reason: string | undefined;
    if (choice !== 'wasm') {
      if (gpu) {
        try {
          return new Runtime(bundle, settings, 'webgpu', await createSessions(bundle, 'webgpu', settings), undefined);
        } catch (cause) {
          if (cause instanceof BundleError) throw cause;
          reason = `WebGPU could not start (${describe(cause)})`;
        }
      } else {
        reason = 'WebGPU is not available here';
      }
      if (choice === 'webgpu' && !settings.fallback) throw new BackendError(`${reason}; WASM fallback is off`);
    }
    return new Runtime(bundle, settings, 'wasm', await createSessions(bundle, 'wasm', settings), reason);
  }

  session(part: PartName): PartSession {
    const session = this.sessions[part];
    if (!session) throw new BundleError('missing-file', `${this.bundle.location}: model.json names no ${part} part (files.${part})`, 'model.json');
    return session;
  }

  /** Whether the bundle has this part (the optional ones may be missing). */
  has(part: PartName): boolean {
    return this.sessions[part] !== undefined;
  }

  /**
   * Runs `work` (which must start from scratch when called again); if it fails on WebGPU, or the
   * device was lost, moves to WASM and runs it once more there.
   */
  async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.switching) await this.switching;
    if (this.backend === 'webgpu' && this.deviceLost !== undefined) await this.moveToWasm(`WebGPU device lost (${this.deviceLost})`);
    const backend = this.backend;
    try {
      return await work();
    } catch (cause) {
      if (backend !== 'webgpu' || !this.options.fallback) throw cause;
      await this.moveToWasm(`WebGPU failed mid-run (${describe(cause)})`);
      return work();
    }
  }

  async release(): Promise<void> {
    await Promise.allSettled(Object.values(this.sessions).map((session) => session.release()));
  }

  private moveToWasm(reason: string): Promise<void> {
    if (this.backend === 'wasm') return this.switching ?? Promise.resolve();
    this.switching ??= (async () => {
      const old = this.sessions;
      this.sessions = await createSessions(this.bundle, 'wasm', this.options);
      this.backend = 'wasm';
      this.fallbackReason = reason;
      await Promise.allSettled(Object.values(old).map((session) => session.release()));
      this.options.onBackendChange?.('wasm', reason);
    })().finally(() => {
      this.switching = undefined;
    });
    return this.switching;
  }

  private watchDevice(): void {
    void (this.options.deviceLost ?? ortDeviceLost)()
      .then((reason) => {
        this.deviceLost = reason;
      })
      .catch(() => undefined);
  }
}

/** onnxruntime-web's GPUDevice (ort.env.webgpu.device, once a WebGPU session exists): its `lost` promise. */
async function ortDeviceLost(): Promise<string> {
  const device = (await (ort.env.webgpu as { device?: Promise<unknown> } | undefined)?.device) as
    | { lost?: Promise<{ message?: string }> }
    | undefined;
  if (!device?.lost) return new Promise<string>(() => undefined); // never settles: nothing to watch
  const info = await device.lost;
  return info.message || 'no reason given';
}

/** Every required part's session, and the optional parts' that the bundle has. */
type Sessions = Record<RequiredPartName, PartSession> & Partial<Record<PartName, PartSession>>;

async function createSessions(bundle: ModelBundle, backend: BackendName, options: Pick<RuntimeOptions, 'arithmetic'> & { createSession: SessionFactory }): Promise<Sessions> {
  const create = options.createSession;
  // WebGPU has no integer MatMul: a part exported with them (integerMatMuls) runs its fp32 form there, and on WASM
  // when fp32 arithmetic is asked for
  const floatForm = backend === 'webgpu' || options.arithmetic === 'fp32';
  const created: Partial<Record<PartName, PartSession>> = {};
  try {
    for (const part of [...PART_NAMES, ...OPTIONAL_PART_NAMES.filter((p) => bundle.parts[p as 'atScore'])]) {
      const path = bundle.config.files[part]!.path;
      try {
        const model = bundle.parts[part as 'atScore']!;
        created[part] = await create(floatForm ? floatMatMuls(model) : model, backend, part);
      } catch (cause) {
        if (backend === 'wasm' || /protobuf|parse|invalid model/i.test(describe(cause))) {
          throw new BundleError('corrupt', `${bundle.location}: ${path} is not a loadable ONNX model (${describe(cause)})`, path, cause);
        }
        throw cause;
      }
      checkSession(bundle, part, created[part]!);
    }
  } catch (cause) {
    await Promise.allSettled(Object.values(created).map((s) => s.release()));
    throw cause;
  }
  return created as Sessions;
}

/** The part's tensor names and static sizes must agree with model.json. */
function checkSession(bundle: ModelBundle, part: PartName, session: PartSession): void {
  const { config, location } = bundle;
  const file = config.files[part]!;
  const fail = (problem: string) =>
    new BundleError('incompatible', `${location}: ${file.path} does not match model.json: ${problem}`, file.path);
  for (const name of Object.values<string>(file.inputs)) if (!session.inputNames.includes(name)) throw fail(`no input "${name}"`);
  for (const name of Object.values<string>(file.outputs)) if (!session.outputNames.includes(name)) throw fail(`no output "${name}"`);
  const { dModel, heads, atLayers } = config.architecture;
  const expected: Record<string, (number | undefined)[]> = {};
  const { files, tokens, features } = config;
  if (part === 'encoder') {
    expected[files.encoder.inputs.features] = [undefined, undefined, features.nMels];
    expected[files.encoder.outputs.encoded] = [undefined, undefined, dModel];
    expected[files.encoder.outputs.ctcLogProbs] = [undefined, undefined, tokens.list.length];
  } else if (part === 'atStep') {
    expected[files.atStep.inputs.selfKeys] = [atLayers, undefined, heads, undefined, dModel / heads];
    expected[files.atStep.outputs.logProbs] = [undefined, tokens.list.length];
  } else if (part === 'atScore') {
    expected[files.atScore!.inputs.crossKeys] = [atLayers, 1, heads, undefined, dModel / heads];
    expected[files.atScore!.outputs.logProbs] = [1, undefined, tokens.list.length];
  } else if (part === 'nat') {
    expected[files.nat.inputs.encoded] = [undefined, undefined, dModel];
    expected[files.nat.outputs.logProbs] = [undefined, undefined, tokens.list.length];
  }
  for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
    const want = expected[meta.name];
    if (!want || !meta.isTensor) continue;
    const shape = meta.shape;
    want.forEach((size, axis) => {
      const got = shape[axis];
      if (size !== undefined && typeof got === 'number' && got !== size) {
        throw fail(`"${meta.name}" has size ${got} on axis ${axis}, model.json implies ${size}`);
      }
    });
  }
}
