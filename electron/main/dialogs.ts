import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { NativeDialogs } from '../core/host';
import { WORKFLOW_EXT } from './openFiles';

const FILTERS = [
  { name: 'Nodeloom workflow', extensions: [WORKFLOW_EXT.slice(1)] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * The OS open/save dialogs behind workflow.openDialog / workflow.saveDialog. They
 * are modal to the window and start in the last folder used (else the workspace).
 */
export function nativeDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | undefined,
  workspaceDir: string,
  onChosen: (file: string) => void = () => undefined,
): NativeDialogs {
  let lastDir = workspaceDir;
  const chosen = (file: string): string => {
    lastDir = path.dirname(file);
    onChosen(file);
    return file;
  };
  return {
    async openWorkflow() {
      const options = {
        title: 'Open workflow',
        defaultPath: lastDir,
        properties: ['openFile' as const],
        filters: FILTERS,
      };
      const win = window();
      const result = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      const file = result.filePaths[0];
      return result.canceled || !file ? null : chosen(file);
    },
    async openImage() {
      const options = {
        title: 'Choose an image',
        defaultPath: lastDir,
        properties: ['openFile' as const],
        filters: [
          { name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const win = window();
      const result = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      const file = result.filePaths[0];
      // Not `chosen`: an image's folder is not a folder workflows may be saved in.
      return result.canceled || !file ? null : file;
    },
    async saveWorkflow(suggestedName) {
      // A name, never a path: the renderer does not pick the folder.
      const name = path.basename(suggestedName.trim()) || `Untitled${WORKFLOW_EXT}`;
      const options = {
        title: 'Save workflow',
        defaultPath: path.join(lastDir, name),
        filters: FILTERS,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const win = window();
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : chosen(result.filePath);
    },
  };
}
