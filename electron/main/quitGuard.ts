import type { BrowserWindow, Dialog } from 'electron';

/**
 * Asks before the window closes (or the app quits) with unsaved changes. The
 * renderer reports its dirty state with `window.nodeloom.setDirty()`. "Save" asks
 * the renderer to save and closes once it reports the changes saved; a save that
 * is cancelled or fails leaves the window open.
 */
export class UnsavedChangesGuard {
  private dirty = false;
  private closeWhenSaved = false;
  private force = false;
  private asking = false;

  constructor(
    private readonly dialog: Pick<Dialog, 'showMessageBox'>,
    private readonly requestSave: () => void,
  ) {}

  get isDirty(): boolean {
    return this.dirty;
  }

  setDirty(win: BrowserWindow | undefined, dirty: boolean): void {
    this.dirty = dirty;
    if (dirty) return;
    if (this.closeWhenSaved && win && !win.isDestroyed()) {
      this.closeWhenSaved = false;
      win.close();
    }
  }

  attach(win: BrowserWindow): void {
    win.on('close', (event) => {
      if (!this.dirty || this.force) return;
      event.preventDefault();
      if (!this.asking) void this.ask(win);
    });
    // A reload (dev) or a new page starts clean.
    win.webContents.on('did-start-loading', () => {
      this.dirty = false;
      this.closeWhenSaved = false;
    });
  }

  private async ask(win: BrowserWindow): Promise<void> {
    this.asking = true;
    try {
      const { response } = await this.dialog.showMessageBox(win, {
        type: 'warning',
        buttons: ['Save', "Don't Save", 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        title: 'Unsaved changes',
        message: 'Save the changes to this workflow before closing?',
        detail: "Your changes will be lost if you don't save them.",
      });
      if (win.isDestroyed()) return;
      if (response === 0) {
        this.closeWhenSaved = true;
        this.requestSave();
      } else if (response === 1) {
        this.force = true;
        win.close();
      }
    } finally {
      this.asking = false;
    }
  }
}
