// Finished transcriptions on disk: one JSON file per result in a results folder (the app's userData
// in Electron, a temporary folder in the e2e test host). Each file is written atomically
// (atomic-file.ts), so a crash mid-write never leaves a half-written result that would break the
// list on the next start.

import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ContractError, type ResultSummary, type TranscriptionResult } from '../shared/contract';
import { writeFileAtomically } from './atomic-file';
import { editSegment, effectiveText } from './result-edits';

const SAFE_ID = /^[\w-]{1,128}$/;
const PREVIEW_CHARS = 160;

export class ResultsStore {
  private edits: Promise<unknown> = Promise.resolve();

  constructor(readonly folder: string) {}

  async save(result: TranscriptionResult): Promise<ResultSummary> {
    await writeFileAtomically(this.fileOf(result.id), JSON.stringify(result, null, 1), `The result for ${result.name} could not be saved`);
    return summarise(result);
  }

  /** Newest first; files that do not parse are skipped (and reported once on the console). */
  async list(): Promise<ResultSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const summaries: ResultSummary[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        summaries.push(summarise(JSON.parse(await readFile(path.join(this.folder, name), 'utf8')) as TranscriptionResult));
      } catch (error) {
        console.warn(`results: skipping ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async read(id: string): Promise<TranscriptionResult> {
    try {
      return JSON.parse(await readFile(this.fileOf(id), 'utf8')) as TranscriptionResult;
    } catch (error) {
      if (error instanceof ContractError) throw error;
      throw new ContractError({ code: 'not-found', message: `No stored result ${id}` });
    }
  }

  /**
   * Edits segment `segment` (result-edits.ts) and stores the result; a refused edit changes nothing on disk.
   * One edit at a time: each reads what the previous one wrote, so quick edits of two words lose neither.
   */
  edit(id: string, segment: number, text: string): Promise<TranscriptionResult> {
    const run = this.edits.then(async () => {
      const edited = editSegment(await this.read(id), segment, text);
      await this.save(edited);
      return edited;
    });
    this.edits = run.catch(() => undefined);
    return run;
  }

  async remove(id: string): Promise<void> {
    await rm(this.fileOf(id), { force: true });
  }

  private fileOf(id: string): string {
    if (!SAFE_ID.test(id)) throw new ContractError({ code: 'invalid-input', message: `result id ${JSON.stringify(id)}: expected letters, digits, _ or -` });
    return path.join(this.folder, `${id}.json`);
  }
}

export function summarise(result: TranscriptionResult): ResultSummary {
  const text = effectiveText(result);
  return {
    id: result.id,
    name: result.name,
    source: result.source,
    createdAt: result.createdAt,
    decoder: result.stats.decoder,
    durationS: result.durationS,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
  };
}
