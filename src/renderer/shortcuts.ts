// Keyboard shortcuts. The same commands arrive from the native menu as menuCommand events; the menu
// does not register the accelerators itself, so keys are handled here once, in the page.
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
  if (!mod) return event.key === ' ' && !event.shiftKey && tag !== 'BUTTON' ? 'toggle-playback' : undefined;
  if (event.shiftKey) return undefined;
  switch (event.key.toLowerCase()) {
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
    default:
      return undefined;
  }
}
