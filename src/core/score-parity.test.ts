// The TypeScript scorer and normalisation against their Python twins (training/score.py,
// training/corpus/text.py) on the same cases: the recipe, the CLI's eval and the UI must agree on
// every count. Skipped, saying so, where python3 is missing.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { characters, editCounts, words } from './score';
import { normalise } from './text';

const ROOT = path.resolve(import.meta.dirname, '../..');

function python(): string | undefined {
  try {
    execFileSync('python3', ['-c', 'import sys'], { stdio: 'ignore' });
    return 'python3';
  } catch {
    return undefined;
  }
}

const PAIRS: [string, string][] = [
  ['IT WAS GOOD FOR ME', 'it was good for me'],
  ['WAY TO HELP US ALL OUT', 'way help us all the out'],
  ['The 21st of May, 1984: $3.50 & 50%', 'the twenty first of may nineteen eighty four'],
  ["Don't 'quote' me", 'dont quote me me'],
  ['a b c d', 'a x c d e'],
  ['', 'hello'],
  ['hello there', ''],
  ['café crème brûlée', 'cafe creme brulee'],
  ['one two three four five six', 'six five four three two one'],
];

const SCRIPT = `
import json, sys
from training.score import edit_counts
from training.corpus.text import normalise
out = []
for ref, hyp in json.load(sys.stdin):
    r, h = normalise(ref), normalise(hyp)
    out.append({"ref": r, "hyp": h, "words": edit_counts(r.split(), h.split()), "chars": edit_counts(list(r), list(h))})
print(json.dumps(out))
`;

describe.skipIf(!python())('score.ts and text.ts equal their Python twins', () => {
  it('normalises and counts S/D/I identically, words and characters', () => {
    const py = JSON.parse(execFileSync('python3', ['-c', SCRIPT], { cwd: ROOT, input: JSON.stringify(PAIRS), encoding: 'utf8' })) as {
      ref: string;
      hyp: string;
      words: [number, number, number, number];
      chars: [number, number, number, number];
    }[];
    const tuple = (c: ReturnType<typeof editCounts>) => [c.substitutions, c.deletions, c.insertions, c.n];
    const ts = PAIRS.map(([ref, hyp]) => {
      const r = normalise(ref);
      const h = normalise(hyp);
      return { ref: r, hyp: h, words: tuple(editCounts(words(r), words(h))), chars: tuple(editCounts(characters(r), characters(h))) };
    });
    expect(ts).toEqual(py);
  });
});
