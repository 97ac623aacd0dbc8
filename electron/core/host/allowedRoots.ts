import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The folders the UI may read and write workflows in: the workspace, plus the
 * folder of every file the user picked in an OS dialog this session. A path from
 * the UI is only a request; it is checked here after resolving symlinks, so a
 * link inside the workspace cannot lead outside it.
 */
export class AllowedRoots {
  private readonly roots = new Set<string>();

  constructor(readonly workspaceDir: string) {
    this.roots.add(path.resolve(workspaceDir));
  }

  /** The user chose a file in this folder through a dialog: allow the folder. */
  allow(dir: string): void {
    this.roots.add(path.resolve(dir));
  }

  list(): string[] {
    return [...this.roots];
  }

  /** Resolves `p` (relative paths against the workspace) or throws a message for the user. */
  async resolve(p: string): Promise<string> {
    const abs = path.resolve(this.workspaceDir, p);
    if (await this.contains(abs)) return abs;
    const extra = this.roots.size > 1 ? ' and the folders you opened files from' : '';
    throw new Error(
      `${abs} is outside the workspace (${path.resolve(this.workspaceDir)})${extra}; Nodeloom only reads and writes workflows there`,
    );
  }

  async contains(abs: string): Promise<boolean> {
    const real = await realpathOfExisting(abs);
    for (const root of this.roots) {
      if (isInside(root, abs) && isInside(await realpathOfExisting(root), real)) return true;
    }
    return false;
  }
}

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its deepest existing ancestor joined with the rest. */
async function realpathOfExisting(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
