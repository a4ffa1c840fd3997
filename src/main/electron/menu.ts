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
    // Outside macOS a menu role's registered accelerator may take the key before the page sees it (reported for
    // Electron's roles on Linux and Windows; not checked here, where no Electron binary runs), and Ctrl+Z /
    // Ctrl+Shift+Z / Ctrl+Y would then never reach the page's transcript undo (src/renderer/shortcuts.ts).
    // Unregistered, they reach the page, and text fields undo by Chromium's own editing keys. On macOS the page
    // sees Cmd+Z first and text fields need the menu's undo, so the standard Edit menu stays.
    process.platform === 'darwin'
      ? { role: 'editMenu' }
      : {
          label: 'Edit',
          submenu: [
            { role: 'undo', registerAccelerator: false },
            { role: 'redo', registerAccelerator: false },
            { type: 'separator' },
            { role: 'cut' },
            { role: 'copy' },
            { role: 'paste' },
            { role: 'delete' },
            { type: 'separator' },
            { role: 'selectAll' },
          ],
        },
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
        { label: 'Decoding Explorer', accelerator: 'CmdOrCtrl+E', registerAccelerator: false, click: send('toggle-explorer') },
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
