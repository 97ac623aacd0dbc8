import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../core/storage/privateFiles';

/** File > Open Recent, kept in userData/recent.json (newest first). */

export const RECENT_FILE = 'recent.json';
export const MAX_RECENT = 10;

const RecentSchema = z.object({
  version: z.literal(1),
  paths: z.array(z.string().min(1).max(4096)).max(100),
});

const usable = (p: string): boolean => path.isAbsolute(p) && p.toLowerCase().endsWith('.nodeloom');

export class RecentFiles {
  private paths: string[];
  private writing: Promise<void> = Promise.resolve();
  private readonly file: string;

  constructor(
    userDataDir: string,
    private readonly warn: (message: string) => void = () => undefined,
    private readonly onChange: (paths: readonly string[]) => void = () => undefined,
  ) {
    this.file = path.join(userDataDir, RECENT_FILE);
    this.paths = this.read();
  }

  list(): readonly string[] {
    return this.paths;
  }

  add(file: string): Promise<void> {
    if (!usable(file)) return Promise.resolve();
    const norm = path.normalize(file);
    if (this.paths[0] === norm) return Promise.resolve();
    return this.replace([norm, ...this.paths.filter((p) => p !== norm)].slice(0, MAX_RECENT));
  }

  clear(): Promise<void> {
    return this.replace([]);
  }

  /** Settles once the last change is on disk (or its failure was reported). */
  flush(): Promise<void> {
    return this.writing;
  }

  private replace(paths: string[]): Promise<void> {
    this.paths = paths;
    this.onChange(paths);
    const text = `${JSON.stringify({ version: 1, paths }, null, 2)}\n`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(() => writePrivateFile(this.file, text))
      .catch((e: unknown) => this.warn(`could not save the recent files list: ${String(e)}`));
    return this.writing;
  }

  /** A missing or broken list is an empty one; files deleted since are dropped. */
  private read(): string[] {
    try {
      const parsed = RecentSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (!parsed.success) return [];
      return parsed.data.paths.filter((p) => usable(p) && existsSync(p)).slice(0, MAX_RECENT);
    } catch {
      return [];
    }
  }
}
