// Tiny runtime validators whose TypeScript types are inferred, so the contract states each call's
// input once and the main process validates exactly what the types promise. Dependency-free on
// purpose: the renderer, preload and main bundles all include src/shared.

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path || 'input'}: expected ${expected}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  /** Returns the value typed as T, or throws SchemaError naming the first offending path. */
  parse(value: unknown, path?: string): T;
  /** Human-readable description, used in error messages. */
  readonly describe: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function schema<T>(describe: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { describe, parse: (value, path = '') => parse(value, path) };
}

/** No input at all: the call takes no argument. */
export const nothing: Schema<void> = schema('no input', (value, path) => {
  if (value !== undefined && value !== null) throw new SchemaError(path, 'no input');
});

export function string(options: { minLength?: number; maxLength?: number } = {}): Schema<string> {
  const { minLength = 0, maxLength = 10_000 } = options;
  const describe = `a string of ${minLength}..${maxLength} characters`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
      throw new SchemaError(path, describe);
    }
    return value;
  });
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  const describe = `an integer in [${min}, ${max}]`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SchemaError(path, describe);
    }
    return value;
  });
}

/**
 * An absolute file-system path (POSIX `/…`, Windows `C:\…` or UNC `\\…`). Checked without Node's
 * `path` module because this file also runs in the renderer.
 */
export const absolutePath: Schema<string> = schema('an absolute file path', (value, path) => {
  const ok =
    typeof value === 'string' &&
    value.length > 1 &&
    value.length <= 4096 &&
    !value.includes('\0') &&
    (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'));
  if (!ok) throw new SchemaError(path, 'an absolute file path');
  return value;
});

type Shape = Record<string, Schema<unknown>>;
/** Keys whose schema accepts undefined (built with `optional`) are optional properties. */
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** A plain object with exactly these keys (unknown keys are rejected: they usually mean a typo). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const describe = `an object with keys {${keys.join(', ')}}`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SchemaError(path, describe);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) throw new SchemaError(join(path, key), 'no such key');
    }
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      const parsed = shape[key]!.parse(record[key], join(path, key));
      // An absent optional key stays absent (not a key holding undefined).
      if (parsed !== undefined || Object.hasOwn(record, key)) result[key] = parsed;
    }
    return result as ObjectOf<S>;
  });
}

type Variants<D extends string> = Record<string, Schema<Record<D, unknown>>>;

/**
 * A union discriminated by the string property `discriminator`. Each variant's schema must check
 * the discriminator itself (use `literal`).
 */
export function variant<D extends string, V extends Variants<D>>(discriminator: D, variants: V): Schema<Infer<V[keyof V]>> {
  const names = Object.keys(variants);
  const describe = `an object with ${discriminator} one of ${names.join(' | ')}`;
  return schema(describe, (value, path) => {
    const tag = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[discriminator] : undefined;
    if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) {
      throw new SchemaError(join(path, discriminator), `one of ${names.join(' | ')}`);
    }
    return variants[tag]!.parse(value, path) as Infer<V[keyof V]>;
  });
}

export function literal<L extends string>(expected: L): Schema<L> {
  return schema(JSON.stringify(expected), (value, path) => {
    if (value !== expected) throw new SchemaError(path, JSON.stringify(expected));
    return expected;
  });
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A finite number (NaN and ±Infinity are refused: they do not survive JSON). */
export function number(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = options;
  const describe = `a number in [${min}, ${max}]`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new SchemaError(path, describe);
    return value;
  });
}

export const boolean: Schema<boolean> = schema('a boolean', (value, path) => {
  if (typeof value !== 'boolean') throw new SchemaError(path, 'a boolean');
  return value;
});

/** One of a few strings. */
export function oneOf<L extends string>(...allowed: L[]): Schema<L> {
  const describe = `one of ${allowed.join(' | ')}`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'string' || !(allowed as string[]).includes(value)) throw new SchemaError(path, describe);
    return value as L;
  });
}

/** An array of at most `maxLength` items, each checked. */
export function array<T>(item: Schema<T>, options: { maxLength?: number } = {}): Schema<T[]> {
  const { maxLength = 100_000 } = options;
  const describe = `an array of at most ${maxLength} × ${item.describe}`;
  return schema(describe, (value, path) => {
    if (!Array.isArray(value) || value.length > maxLength) throw new SchemaError(path, describe);
    return value.map((entry, i) => item.parse(entry, `${path}[${i}]`));
  });
}

/** The value may be absent (undefined); null is refused. */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return schema(`${inner.describe} or nothing`, (value, path) => (value === undefined ? undefined : inner.parse(value, path)));
}

/** A plain object whose values all satisfy `value` (e.g. a table of numbers). */
export function record<T>(value: Schema<T>, options: { maxKeys?: number } = {}): Schema<Record<string, T>> {
  const { maxKeys = 1000 } = options;
  const describe = `an object of at most ${maxKeys} × ${value.describe}`;
  return schema(describe, (input, path) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.keys(input).length > maxKeys) throw new SchemaError(path, describe);
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(input)) out[k] = value.parse(v, join(path, k));
    return out;
  });
}

/** Raw bytes (a Uint8Array) of at most `maxBytes`: e.g. a file dropped on the page. */
export function bytes(options: { maxBytes: number }): Schema<Uint8Array> {
  const describe = `bytes (at most ${options.maxBytes})`;
  return schema(describe, (value, path) => {
    if (!(value instanceof Uint8Array) || value.byteLength > options.maxBytes) throw new SchemaError(path, describe);
    return value;
  });
}
