// Imports point one way (VS Code style): core and shared stand alone; the audio front end (src/audio) is
// shared by main, the CLI and the benchmarks and imports none of them; the renderer never reaches into the
// main process; only the Electron glue imports Electron.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const REPO = path.dirname(SRC);

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return []; // the folder does not exist yet
  }
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNodeBuiltin = (spec: string) => nodeBuiltins.has(spec) || spec.startsWith('node:');
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');
const isReact = (spec: string) => spec === 'react' || spec.startsWith('react/') || spec.startsWith('react-dom');

/** Resolved folder (relative to src/) a relative import lands in. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return path.relative(SRC, path.resolve(path.dirname(file), spec));
}

function violations(dir: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return violationsIn(path.join(SRC, dir), forbidden);
}

function violationsIn(folder: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden(spec, file))
      .map((spec) => `${path.relative(REPO, file)} imports ${spec}`),
  );
}

const into = (...folders: string[]) => (spec: string, file: string) => {
  const t = target(file, spec);
  return t !== undefined && folders.some((f) => t === f || t.startsWith(`${f}/`));
};

describe('architecture', () => {
  it('finds the imports it checks', () => {
    expect(importsOf(path.join(SRC, 'main/index.ts'))).toContain('electron');
  });

  it('src/core imports no Electron, React, Node built-in, or app code', () => {
    expect(violations('core', (s, f) => isElectron(s) || isReact(s) || isNodeBuiltin(s) || into('main', 'preload', 'renderer', 'audio')(s, f))).toEqual([]);
  });

  it('src/core imports only itself, src/shared and onnxruntime-web', () => {
    const outside = (spec: string, file: string) => {
      const t = target(file, spec);
      if (t === undefined) return spec !== 'onnxruntime-web' && !spec.startsWith('onnxruntime-web/');
      return !['core', 'shared'].some((f) => t === f || t.startsWith(`${f}/`));
    };
    expect(violations('core', outside)).toEqual([]);
  });

  it('the CLI and the benchmarks use the core and the audio front end through their public indexes, never the main process', () => {
    // bench/main-event-loop.ts measures the main process's own file path, so it runs main's services.
    const measuresMain = (file: string) => file === path.join(REPO, 'bench/main-event-loop.ts');
    const internals = (spec: string, file: string) => {
      const t = target(file, spec);
      if (t === undefined) return false;
      if (t.startsWith('core/') || t.startsWith('audio/')) return true;
      return (t === 'main' || t.startsWith('main/')) && !measuresMain(file);
    };
    expect([...violations('cli', internals), ...violationsIn(path.join(REPO, 'bench'), internals)]).toEqual([]);
  });

  it('the audio front end imports only itself, src/shared, Node and its decoders: no Electron, React or app code', () => {
    expect(violations('audio', (s, f) => isElectron(s) || isReact(s) || into('main', 'preload', 'renderer', 'core', 'cli')(s, f))).toEqual([]);
  });

  it('the main process reaches the audio front end only through its index, in one binding', () => {
    const binding = path.join(SRC, 'main/audio-binding.ts');
    expect(violations('main', (s, f) => into('audio')(s, f) && (f !== binding || target(f, s) !== 'audio'))).toEqual([]);
  });

  it('src/shared imports no Electron, React, Node built-in, or app code', () => {
    expect(violations('shared', (s, f) => isElectron(s) || isReact(s) || isNodeBuiltin(s) || into('main', 'preload', 'renderer', 'core', 'audio')(s, f))).toEqual([]);
  });

  it('main-process services import no Electron: only src/main/electron/ and src/main/index.ts do', () => {
    const glue = (file: string) => file.startsWith(path.join(SRC, 'main/electron')) || file === path.join(SRC, 'main/index.ts');
    expect(violations('main', (s, f) => isElectron(s) && !glue(f))).toEqual([]);
    expect(violations('main', into('renderer', 'preload'))).toEqual([]);
  });

  it('the renderer reaches the main process only through the contract', () => {
    expect(violations('renderer', (s, f) => isElectron(s) || isNodeBuiltin(s) || into('main', 'preload', 'audio')(s, f))).toEqual([]);
  });

  it('the preload imports only Electron and src/shared', () => {
    expect(violations('preload', (s, f) => !isElectron(s) && !into('shared')(s, f))).toEqual([]);
  });

  it('only tests use the Node stand-ins in src/testing', () => {
    const app = ['main', 'preload', 'renderer', 'core', 'shared', 'audio', 'cli'].flatMap((dir) => violations(dir, into('testing')));
    expect([...app, ...violationsIn(path.join(REPO, 'bench'), into('testing'))]).toEqual([]);
  });

  it('IPC channel names are formed only in src/shared/contract.ts', () => {
    const files = [...sourceFiles(SRC), ...sourceFiles(path.join(REPO, 'e2e'))];
    const offenders = files.filter((file) => file !== path.join(SRC, 'shared/contract.ts') && /workbench:(call|event):/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
