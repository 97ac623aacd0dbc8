/**
 * What the Electron preload exposes to the page as `window.nodeloom`
 * (electron/preload/bridge.ts makes it; renderer/host/hostClient.ts uses it):
 * named methods only, no ipcRenderer, no event objects, no Node API. Inputs and
 * answers are unknown here; both ends check them against the host contract.
 */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  /** The URL of a stored image; checks that `hash` is a sha256 content hash. */
  imageUrl(hash: string): string;
  /** A small copy of a stored image (size one of THUMB_SIZES); checks hash and size. */
  thumbUrl(hash: string, size?: number): string;
  /** Tells the desktop shell whether there are unsaved changes (it asks before closing). */
  setDirty(dirty: boolean): void;
}
