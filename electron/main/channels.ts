/**
 * IPC channel names shared by the main process and the preload. Nothing else may
 * use ipcMain/ipcRenderer: the contract's calls all go through CALL, its events
 * through EVENT, and the one shell-only message (unsaved changes) through DIRTY.
 */
export const CALL_CHANNEL = 'nodeloom:call';
export const EVENT_CHANNEL = 'nodeloom:event';
export const DIRTY_CHANNEL = 'nodeloom:set-dirty';

/** What the main process answers a call with: errors travel as plain messages for the UI. */
export type CallReply = { ok: true; value: unknown } | { ok: false; message: string };

/** The scheme the renderer shows stored images with: `nodeloom-blob://<sha256>`. */
export const BLOB_SCHEME = 'nodeloom-blob';
export const BLOB_HASH = /^[a-f0-9]{64}$/;
