// The search box (Ctrl+F): searches the open transcripts (as edited) and every stored result as you type, lists
// each hit with its result's name, time and the words around it; the hits of the transcript shown are also
// highlighted in it. Enter or a click on a hit opens its result and seeks the audio there; Down/Up move between
// the field and the hits; Escape closes the box.
import { useRef, type KeyboardEvent } from 'react';
import type { WorkbenchController } from '../state/controller';
import type { SearchHit } from '../state/transcript-search';
import type { SearchState } from '../state/types';

/** The list shows this many hits; the count says how many there are. */
const SHOWN_HITS = 100;

export function SearchBox({ controller, search }: { controller: WorkbenchController; search: SearchState }) {
  const list = useRef<HTMLOListElement>(null);
  const hitButtons = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('button.search-hit-button') ?? [])];

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      controller.closeSearch();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = hitButtons();
    if (buttons.length === 0) return;
    event.preventDefault();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === 'ArrowDown' ? Math.min(buttons.length - 1, at + 1) : at - 1;
    if (next < 0) (event.currentTarget as HTMLElement).querySelector('input')?.focus();
    else buttons[next]!.focus();
  };

  const choose = (hit: SearchHit) => void controller.chooseHit(hit);
  const query = search.query.trim();
  return (
    <div className="search-box" role="search" data-testid="search-box" onKeyDown={onKey}>
      <input
        type="search"
        autoFocus
        placeholder="Search all transcripts"
        aria-label="Search the transcripts"
        data-testid="search-input"
        value={search.query}
        onChange={(event) => controller.setSearchQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && search.hits[0]) {
            event.preventDefault();
            choose(search.hits[0]);
          }
        }}
      />
      <span className="meta" data-testid="search-summary" aria-live="polite">
        {query === '' ? `${search.searched} transcripts` : `${search.hits.length} hit${search.hits.length === 1 ? '' : 's'} in ${search.searched} transcripts`}
        {search.loading > 0 && ` (reading ${search.loading} more…)`}
      </span>
      <button type="button" className="link" onClick={controller.closeSearch} aria-label="Close the search (Escape)">
        ×
      </button>
      {search.unreadable.length > 0 && (
        <p className="search-problem" role="alert" data-testid="search-unreadable">
          Not searched, could not be read: {search.unreadable.join('; ')}
        </p>
      )}
      {query !== '' && (
        <ol ref={list} className="search-hits" data-testid="search-hits">
          {search.hits.slice(0, SHOWN_HITS).map((hit, i) => (
            <li key={i}>
              <button type="button" className="search-hit-button" data-testid="search-hit" data-name={hit.name} data-result-id={hit.resultId} data-time={hit.time} onClick={() => choose(hit)}>
                <span className="name">{hit.name}</span> <span className="meta">{hit.time.toFixed(2)} s</span> <span className="context">{hit.context}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
