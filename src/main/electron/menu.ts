import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { EventSink, MenuCommandName } from '../../shared/contract';

/** Menu items that act on the page send a menuCommand event; the renderer carries it out. */
export function installMenu(emit: EventSink): void {
  const send = (command: MenuCommandName) => () => emit('menuCommand', { command });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Audio Files…',
          accelerator: 'CmdOrCtrl+O',
          click: send('open-audio-files'),
        },
        { label: 'Model Bundle…', click: send('show-model') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Audio',
      submenu: [
        // The page also handles these keys itself (src/renderer/shortcuts.ts); the menu only names them.
        { label: 'Record / Stop', accelerator: 'CmdOrCtrl+R', registerAccelerator: false, click: send('toggle-recording') },
        { label: 'Play / Pause', accelerator: 'Space', registerAccelerator: false, click: send('toggle-playback') },
      ],
    },
    {
      label: 'Decoder',
      submenu: [
        { label: 'Autoregressive (AT)', accelerator: 'CmdOrCtrl+1', registerAccelerator: false, click: send('use-decoder-at') },
        { label: 'Non-autoregressive (NAT)', accelerator: 'CmdOrCtrl+2', registerAccelerator: false, click: send('use-decoder-nat') },
        { label: 'CTC', accelerator: 'CmdOrCtrl+3', registerAccelerator: false, click: send('use-decoder-ctc') },
        { label: 'CTC + AT rescoring', accelerator: 'CmdOrCtrl+4', registerAccelerator: false, click: send('use-decoder-rescore') },
        { type: 'separator' },
        { label: 'Compare AT and NAT', accelerator: 'CmdOrCtrl+K', registerAccelerator: false, click: send('compare-decoders') },
      ],
    },
    {
      label: 'Transcript',
      submenu: [
        // Outside text fields the page's Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y) undo and redo transcript edits; the Edit
        // menu's Undo stays the text fields' own.
        { label: 'Undo Edit', click: send('undo-edit') },
        { label: 'Redo Edit', click: send('redo-edit') },
        { type: 'separator' },
        { label: 'Find in Transcripts…', accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: send('find-in-transcripts') },
        { label: 'Next Unsure Word', accelerator: 'F8', registerAccelerator: false, click: send('next-unsure-word') },
        { label: 'Previous Unsure Word', accelerator: 'Shift+F8', registerAccelerator: false, click: send('previous-unsure-word') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
