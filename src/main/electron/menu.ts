import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { EventSink } from '../../shared/contract';

/** Menu items that act on the page send a menuCommand event; the renderer carries it out. */
export function installMenu(emit: EventSink): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Audio Files…',
          accelerator: 'CmdOrCtrl+O',
          click: () => emit('menuCommand', { command: 'open-audio-files' }),
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
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
