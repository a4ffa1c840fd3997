// No lost work (issue 9, item 3, the part that does not need a job queue): a batch process that is
// killed (SIGKILL: no handlers, no flush) while it stores results leaves every result it had finished
// readable, and nothing half-written that the results list would trip over. Run twice, so kills land at
// different points of a write.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ResultsStore } from '../main/results-store';

vi.setConfig({ testTimeout: 60_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'kill-mid-batch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the batch writer until it has acknowledged `saves` results (plus a random delay), then kills it. */
function runAndKill(folder: string, saves: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/batch-writer.ts'), folder], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acknowledged.push(line.replace(/^saved /, ''));
      if (acknowledged.length === saves) setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`batch writer exited by itself (${code}): ${stderr}`));
    });
  });
}

describe('killing the app mid-batch', () => {
  it.each([
    [3, 0],
    [4, 9],
  ])('after %i saves (+%i ms): every finished result is listed and readable, nothing half-written', async (saves, extraMs) => {
    const folder = path.join(scratch, `run-${saves}`);
    const acknowledged = await runAndKill(folder, saves, extraMs);
    expect(acknowledged.length).toBeGreaterThanOrEqual(saves);

    const warn = vi.spyOn(console, 'warn');
    const restarted = new ResultsStore(folder);
    const listed = (await restarted.list()).map((r) => r.id).sort();
    expect(warn).not.toHaveBeenCalled(); // no result file failed to parse
    warn.mockRestore();
    // Every acknowledged result is there; at most one more (saved, killed before it was acknowledged).
    expect(listed.slice(0, acknowledged.length)).toEqual(acknowledged);
    expect(listed.length - acknowledged.length).toBeLessThanOrEqual(1);
    for (const id of listed) expect((await restarted.read(id)).segments[0]!.words).toHaveLength(8000);
    // What a kill can leave is only a temporary file, which the list never shows.
    const leftovers = readdirSync(folder).filter((n) => !n.endsWith('.json'));
    for (const name of leftovers) expect(name).toMatch(/\.tmp$/);
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json'))) expect(() => JSON.parse(readFileSync(path.join(folder, name), 'utf8'))).not.toThrow();
  });
});
