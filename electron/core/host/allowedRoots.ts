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
  /** Single files the user agreed to let workflows read (Load Image), never their folders. */
  private readonly files = new Set<string>();

  constructor(readonly workspaceDir: string) {
    this.roots.add(path.resolve(workspaceDir));
  }

  /** The user chose a file in this folder through a dialog: allow the folder. */
  allow(dir: string): void {
    this.roots.add(path.resolve(dir));
  }

  /**
   * The user agreed to let workflows read this one file for the session. Its real
   * path is what counts (a link is allowed for the file it leads to); the path as
   * written is kept too, as that is the one the user may have been shown.
   * Returns the real path.
   */
  async allowFile(abs: string): Promise<string> {
    const real = await realpathOfExisting(path.resolve(abs));
    this.files.add(path.resolve(abs));
    this.files.add(real);
    return real;
  }

  /** Whether the file `abs` really is (after links) was allowed with allowFile. */
  async fileAllowed(abs: string): Promise<boolean> {
    return this.files.has(await realpathOfExisting(path.resolve(abs)));
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
    for (const root of this.roots) if (await containsReal(root, abs)) return true;
    return false;
  }
}

/**
 * Whether `abs` lies in `root`'s tree both as written and after resolving symlinks:
 * a link inside the tree that leads out of it counts as outside.
 */
export async function containsReal(root: string, abs: string): Promise<boolean> {
  if (!isInside(root, abs)) return false;
  return isInside(await realpathOfExisting(root), await realpathOfExisting(abs));
}

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its deepest existing ancestor joined with the rest. */
export async function realpathOfExisting(p: string): Promise<string> {
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
