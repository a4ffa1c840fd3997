// Keyboard shortcuts. The same commands arrive from the native menu as menuCommand events; the menu
// does not register the accelerators itself, so keys are handled here once, in the page. The list, as the
// README's keyboard table and docs/editing.md give it: Ctrl/⌘+R record/stop, Ctrl/⌘+O open, Space play/pause,
// Ctrl/⌘+1/2/3/4 decoder, Ctrl/⌘+K compare, Ctrl/⌘+F search the transcripts, F8 / Shift+F8 next / previous
// unsure word, Ctrl/⌘+Z undo an edit, Ctrl/⌘+Shift+Z or Ctrl/⌘+Y redo it. Editing keys inside the transcript
// (Enter, Tab, Escape) belong to its words (views/EditableTranscript.tsx).
import type { MenuCommandName } from '../shared/contract';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element: typing in a field never triggers a shortcut. */
  targetTag?: string;
}

export function commandForKey(event: KeyLike): MenuCommandName | undefined {
  const tag = event.targetTag?.toUpperCase();
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return undefined;
  const mod = event.ctrlKey || event.metaKey;
  if (event.altKey) return undefined;
  if (!mod) {
    if (event.key === 'F8') return event.shiftKey ? 'previous-unsure-word' : 'next-unsure-word';
    return event.key === ' ' && !event.shiftKey && tag !== 'BUTTON' ? 'toggle-playback' : undefined;
  }
  const key = event.key.toLowerCase();
  // Undo and redo of transcript edits (text fields, left out above, keep their own undo).
  if (key === 'z') return event.shiftKey ? 'redo-edit' : 'undo-edit';
  if (event.shiftKey) return undefined;
  switch (key) {
    case 'y':
      return 'redo-edit';
    case 'f':
      return 'find-in-transcripts';
    case 'r':
      return 'toggle-recording';
    case 'o':
      return 'open-audio-files';
    case '1':
      return 'use-decoder-at';
    case '2':
      return 'use-decoder-nat';
    case '3':
      return 'use-decoder-ctc';
    case '4':
      return 'use-decoder-rescore';
    case 'k':
      return 'compare-decoders';
    case 'e':
      return 'toggle-explorer';
    default:
      return undefined;
  }
}
