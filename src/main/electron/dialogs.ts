import { dialog, type BrowserWindow } from 'electron';

const AUDIO_EXTENSIONS = ['wav', 'flac', 'mp3', 'ogg', 'opus', 'm4a', 'aac', 'webm'];

export async function chooseAudioFiles(parent: BrowserWindow | undefined): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open audio files',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Audio', extensions: AUDIO_EXTENSIONS },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/** The native save dialog for an export; '' when the user cancels. */
export async function chooseExportPath(parent: BrowserWindow | undefined, suggestedName: string): Promise<string> {
  const extension = suggestedName.split('.').pop() ?? '';
  const options: Electron.SaveDialogOptions = {
    title: 'Export transcript',
    defaultPath: suggestedName,
    filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
  };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? '' : result.filePath;
}
