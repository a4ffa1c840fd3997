// A finished run's transcript, editable in place, keyboard first: each word a button (a click seeks to it; with
// the word focused, Enter edits it and Shift+Enter its whole segment; a double click edits it too); in the editor Enter keeps the edit, Tab
// keeps it and edits the next word (Shift+Tab the previous one), Escape leaves it unchanged. Main re-aligns and
// stores every edit (controller.editSegment); a refused one leaves the editor open with what was typed and the
// reason above it. Words the decoder was unsure of (below its threshold) are marked, with an accessible label,
// not by colour alone; an edited segment shows the decoder's text beside it; search hits are highlighted.
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { UNSURE_BELOW } from '../../core/confidence';
import type { RunOutput } from '../engine/transcription';
import type { WorkbenchController } from '../state/controller';
import { isUnsure, shownWords, withWordReplaced, type ShownWord } from '../state/shown-words';
import { useStore } from '../state/store';
import { matchWords } from '../state/transcript-search';
import type { EditNotice, Item } from '../state/types';
import { activeWord, chosenWord, playhead, SEEK_INTO_WORD_S } from '../state/view-state';

/** The word or segment being edited: `index` undefined edits the whole segment. */
interface Editing {
  segment: number;
  index?: number;
  draft: string;
}

const wordKey = (segment: number, index: number) => `${segment}:${index}`;

export function EditableTranscript({ controller, item, run, notice, searchQuery }: { controller: WorkbenchController; item: Item; run: RunOutput; notice: EditNotice | undefined; searchQuery: string }) {
  const words = useMemo(() => shownWords(run.segments), [run]);
  /** Each segment's words, with the flat index of its first word. */
  const bySegment = useMemo(() => {
    const groups = run.segments.map(() => ({ first: 0, words: [] as ShownWord[] }));
    words.forEach((w, i) => {
      const group = groups[w.segment]!;
      if (group.words.length === 0) group.first = i;
      group.words.push(w);
    });
    return groups;
  }, [run, words]);
  const unsureBelow = UNSURE_BELOW[run.decoder];
  const hits = useMemo(() => new Set(matchWords(words, searchQuery).flatMap(({ first, last }) => Array.from({ length: last - first + 1 }, (_, k) => first + k))), [words, searchQuery]);
  const time = useStore(playhead);
  const chosen = useStore(chosenWord);
  const active = activeWord(words, time, chosen);
  const [editing, setEditing] = useState<Editing>();
  const [focusWord, setFocusWord] = useState<string>();
  const committing = useRef(false);
  const box = useRef<HTMLDivElement>(null);

  // After an edit closes, the keyboard stays on the word it was about.
  useEffect(() => {
    if (editing || focusWord === undefined) return;
    box.current?.querySelector<HTMLButtonElement>(`[data-word-key="${focusWord}"]`)?.focus();
    setFocusWord(undefined);
  }, [editing, focusWord, words]);

  // A word chosen from elsewhere (F8, a search hit) takes the keyboard when it is chosen, unless the user is typing
  // somewhere (an edit closing later leaves the keyboard on the word edited).
  useEffect(() => {
    const focused = document.activeElement;
    const typing = focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement || focused instanceof HTMLSelectElement;
    if (chosen < 0 || typing) return;
    box.current?.querySelectorAll<HTMLButtonElement>('[data-testid="transcript-word"]')[chosen]?.focus();
  }, [chosen]);

  const startEditing = (segment: number, index?: number) => {
    const segmentWords = bySegment[segment]?.words ?? [];
    const draft = index === undefined ? segmentWords.map((w) => w.word).join(' ') : (segmentWords[index]?.word ?? '');
    setEditing(index === undefined ? { segment, draft } : { segment, index, draft });
  };

  const cancel = () => {
    if (!editing) return;
    // A refused edit's reason goes with the edit it was about.
    if (notice?.code === 'invalid-edit') controller.dismissEditNotice();
    setFocusWord(wordKey(editing.segment, editing.index ?? 0));
    setEditing(undefined);
  };

  /** Sends the edit; `then` moves on (the next or previous word) once main has stored it. */
  const commit = async (then: 'stay' | 'next' | 'previous') => {
    if (!editing || committing.current) return;
    committing.current = true;
    const { segment, index, draft } = editing;
    const text = index === undefined ? draft : withWordReplaced(run.segments, segment, index, draft);
    try {
      const ok = await controller.editSegment(item.id, segment, text);
      if (!ok) return; // refused: the editor keeps the draft, the notice says why
      const after = controller.item(item.id)?.run;
      const now = after ? shownWords(after.segments) : words;
      const typed = draft.split(/\s+/).filter((w) => w.length > 0).length;
      // Where the edited word was: what was typed in now stands there (a word may have become several, or none).
      const at = now.findIndex((w) => w.segment === segment) + (index ?? 0);
      const target = index === undefined ? undefined : then === 'next' ? now[at + typed] : then === 'previous' ? now[at - 1] : undefined;
      if (target) {
        setEditing({ segment: target.segment, index: target.index, draft: target.word });
      } else {
        setEditing(undefined);
        setFocusWord(wordKey(segment, Math.min(index ?? 0, Math.max(0, now.filter((w) => w.segment === segment).length - 1))));
      }
    } finally {
      committing.current = false;
    }
  };

  const onWordKey = (event: KeyboardEvent<HTMLButtonElement>, word: ShownWord) => {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    startEditing(word.segment, event.shiftKey ? undefined : word.index);
  };

  const onEditorKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void commit('stay');
    } else if (event.key === 'Tab' && editing?.index !== undefined) {
      event.preventDefault();
      void commit(event.shiftKey ? 'previous' : 'next');
    }
  };

  const editor = (label: string) => (
    <input
      className="word-editor"
      data-testid="word-editor"
      aria-label={label}
      aria-invalid={notice?.code === 'invalid-edit' ? true : undefined}
      autoFocus
      size={Math.max(4, (editing?.draft.length ?? 0) + 1)}
      value={editing?.draft ?? ''}
      onChange={(event) => setEditing((e) => e && { ...e, draft: event.target.value })}
      onKeyDown={onEditorKey}
    />
  );

  return (
    <div ref={box} className="editable-transcript">
      {notice && (notice.resultId === undefined || notice.resultId === item.resultId) && (
        <p className={`edit-notice ${notice.code === 'unsure-word' ? 'info' : 'problem'}`} role={notice.code === 'unsure-word' ? 'status' : 'alert'} data-testid="edit-notice" data-code={notice.code}>
          {notice.message}
          <button type="button" className="link" onClick={controller.dismissEditNotice} aria-label="Dismiss the message">
            ×
          </button>
        </p>
      )}
      <div className="words" data-testid="transcript-words">
        {run.segments.map((segment, s) => {
          const { first, words: segmentWords } = bySegment[s]!;
          const editingSegment = editing?.segment === s && editing.index === undefined;
          return (
            <span key={s} className={`segment${segment.edit ? ' edited' : ''}`} data-testid="transcript-segment" data-segment={s}>
              {editingSegment
                ? editor(`Segment ${s + 1}'s text`)
                : segmentWords.map((w, k) => {
                    const i = first + k;
                    if (editing?.segment === s && editing.index === k) return <Fragment key={k}>{editor(`Word ${k + 1} of segment ${s + 1}`)} </Fragment>;
                    const unsure = isUnsure(w, unsureBelow);
                    const label = `${w.word}${unsure ? `, unsure: confidence ${Math.round(w.confidence! * 100)} %` : ''}${w.edited ? ', edited' : ''}${hits.has(i) ? ', search hit' : ''}`;
                    return (
                      <button
                        key={k}
                        type="button"
                        className={`word${i === active ? ' active' : ''}${unsure ? ' unsure' : ''}${w.edited ? ' edited' : ''}${hits.has(i) ? ' search-hit' : ''}${i === chosen ? ' chosen' : ''}`}
                        data-testid="transcript-word"
                        data-word-key={wordKey(s, k)}
                        data-unsure={unsure ? 'true' : undefined}
                        aria-label={label}
                        aria-current={i === chosen ? 'true' : undefined}
                        title={`${w.start.toFixed(2)}–${w.end.toFixed(2)} s · ${w.confidence === undefined ? 'edited' : `confidence ${(w.confidence * 100).toFixed(0)}%`}`}
                        onKeyDown={(event) => onWordKey(event, w)}
                        onDoubleClick={() => startEditing(s, k)}
                        onClick={() => {
                          chosenWord.update(() => i);
                          controller.player?.seek(w.start + SEEK_INTO_WORD_S);
                        }}
                      >
                        {w.word}
                      </button>
                    );
                  })}
              {segment.edit && !editingSegment && (
                <span className="decoded" data-testid="decoded-text" title="What the decoder heard; the edit is what is stored beside it and exported">
                  decoder: “{segment.text}”
                </span>
              )}{' '}
            </span>
          );
        })}
      </div>
      <p className="transcript-keys muted">Enter edits the focused word, Shift+Enter its segment · Tab next word · Esc cancels · Ctrl+Z / Ctrl+Shift+Z undo / redo · F8 / Shift+F8 unsure words · Ctrl+F search</p>
    </div>
  );
}
