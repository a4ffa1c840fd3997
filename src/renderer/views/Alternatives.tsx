// The traced search's n-best with scores, and the alternatives for the transcript word last clicked: the other
// words the beam held there. Choosing one replaces the word as a user edit (main stores and re-aligns it; Ctrl+Z
// undoes it).
import type { NBestEntry } from '../../core/trace';
import type { WorkbenchController } from '../state/controller';
import { useStore } from '../state/store';
import type { Item } from '../state/types';
import { chosenWord } from '../state/view-state';
import { alternativesFor, textWithAlternative } from '../state/word-alternatives';

export function Alternatives({ controller, item, segment, nBest, normalised }: { controller: WorkbenchController; item: Item; segment: number; nBest: readonly NBestEntry[]; normalised?: readonly number[] }) {
  const chosen = useStore(chosenWord);
  const segments = item.run?.segments ?? [];
  const found = alternativesFor(segments, chosen, segment, nBest);
  return (
    <div className="alternatives">
      <section aria-label="N-best">
        <h3>N-best ({nBest.length})</h3>
        <ol className="n-best" data-testid="explorer-nbest">
          {nBest.map((entry, i) => (
            <li key={i} data-testid="explorer-nbest-entry" title={partsText(entry)}>
              <span className="mono">{entry.text.trim() || '∅'}</span> <span className="meta">{(normalised?.[i] ?? entry.score).toFixed(3)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-label="Alternatives for a word" data-testid="explorer-alternatives">
        {!found ? (
          <p className="muted small">Click a word of segment {segment + 1} in the transcript to see the other words the beam held there.</p>
        ) : found.alternatives.length === 0 ? (
          <p className="muted small" data-testid="explorer-no-alternatives">
            The n-best holds nothing else at “{found.word}”.
          </p>
        ) : (
          <>
            <h3>Instead of “{found.word}”</h3>
            <div className="button-row">
              {found.alternatives.map((a) => (
                <button
                  key={a.word}
                  type="button"
                  onClick={() => void controller.editSegment(item.id, found.segment, textWithAlternative(segments, found, a.word))}
                  title={`held by n-best entr${a.entries.length === 1 ? 'y' : 'ies'} ${a.entries.map((e) => e + 1).join(', ')}; choosing it is an edit (Ctrl+Z undoes it)`}
                  data-testid="explorer-alternative"
                >
                  {a.word || '(leave it out)'}
                </button>
              ))}
            </div>
          </>
        )}
      </section>
    </div>
  );
}

/** An entry's score terms, for its tooltip. */
function partsText(entry: NBestEntry): string {
  const names: [keyof NBestEntry['parts'], string][] = [
    ['at', 'AT'],
    ['ctc', 'CTC'],
    ['lm', 'LM'],
    ['wordLm', 'word LM'],
    ['fusion', 'language models'],
    ['lengthBonus', 'length bonus'],
  ];
  return names
    .filter(([key]) => entry.parts[key] !== undefined)
    .map(([key, name]) => `${name} ${entry.parts[key]!.toFixed(3)}`)
    .join(' + ');
}
