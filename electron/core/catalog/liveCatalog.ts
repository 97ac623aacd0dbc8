import { makePrivateDir } from '../storage/privateFiles';
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { CatalogLoadResult } from '../../../shared/catalog/catalog';
import type { AddModelRequest } from '../../../shared/catalog/draftModel';
import type { ModelEntry } from '../../../shared/catalog/model';
import { createLiveRegistry } from '../../../shared/nodes/liveRegistry';
import type { LiveNodeRegistry } from '../../../shared/nodes/liveRegistry';
import { addUserModel, folderFingerprint, loadAllModels } from './userModels';

export interface LiveCatalogOptions {
  bundledDir?: string;
  /** The user's models folder; created if missing, so it can be watched and found. */
  userDir: string;
  /** The catalog changed (a file added, edited or removed): tell the UI. */
  onChange?: (catalog: CatalogLoadResult) => void;
  warn?: (message: string) => void;
}

/**
 * The catalog of a running host: the bundled models plus the user's folder, read
 * again when a file there changes. A watcher notices most changes at once; every
 * `current()` also compares the folder's names, sizes and times, so a change the
 * watcher missed (network drives, editors that swap files) is seen on the next read.
 */
export class LiveCatalog {
  readonly registry: LiveNodeRegistry;
  private loaded: CatalogLoadResult;
  private fingerprint: string;
  private watcher: FSWatcher | undefined;
  private reading: Promise<CatalogLoadResult> | undefined;
  private again = false;

  private constructor(
    private readonly options: LiveCatalogOptions,
    loaded: CatalogLoadResult,
    fingerprint: string,
  ) {
    this.loaded = loaded;
    this.fingerprint = fingerprint;
    this.registry = createLiveRegistry(loaded.models);
  }

  static async open(options: LiveCatalogOptions): Promise<LiveCatalog> {
    await makePrivateDir(options.userDir).catch((e: unknown) =>
      options.warn?.(`models folder ${options.userDir}: ${(e as Error).message}`),
    );
    const fingerprint = await folderFingerprint(options.userDir);
    const loaded = await loadAllModels(options);
    return new LiveCatalog(options, loaded, fingerprint);
  }

  /** Starts noticing changes in the user's folder at once (the host does; tests may not). */
  watch(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.options.userDir, { recursive: true }, () => void this.current());
      this.watcher.on('error', (e) => {
        this.options.warn?.(`models folder: stopped watching: ${e.message}`);
        this.watcher?.close();
      });
    } catch (e) {
      // Re-reading on every current() still finds changes.
      this.options.warn?.(
        `models folder: cannot watch ${this.options.userDir}: ${(e as Error).message}`,
      );
    }
  }

  /** The catalog now, read again first if the user's folder changed. */
  current(): Promise<CatalogLoadResult> {
    if (this.reading) {
      this.again = true; // a change during a read is read by one more pass
      return this.reading;
    }
    this.reading = this.refresh().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async refresh(): Promise<CatalogLoadResult> {
    do {
      this.again = false;
      const fingerprint = await folderFingerprint(this.options.userDir);
      if (fingerprint === this.fingerprint) continue;
      const loaded = await loadAllModels(this.options);
      this.fingerprint = fingerprint;
      this.loaded = loaded;
      this.registry.replace(loaded.models);
      for (const e of loaded.errors) this.options.warn?.(`catalog: ${e}`);
      this.options.onChange?.(loaded);
    } while (this.again);
    return this.loaded;
  }

  /** Add Model: writes the file, then the catalog has the model before this returns. */
  async add(request: AddModelRequest): Promise<{ path: string; model: ModelEntry }> {
    const written = await addUserModel(this.options.userDir, request, this.registry.models());
    await this.current();
    return written;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
