import { MAX_EMBEDDED_IMAGE_BYTES } from '../../shared/nodes/builtins';
import { PNG_WORKFLOW_KEY, isPng, readPngText } from '../../shared/png/pngText';
import { WORKFLOW_EXTENSION } from '../../shared/workflow/format';
import { base64, IMAGE_TYPES } from '../host/imageFiles';
import { MAX_WORKFLOW_BYTES, workflowTooLarge } from '../../shared/workflow/workflowText';

/** What a file dropped on the window means to the studio. */
export type Dropped =
  | { kind: 'workflow'; name: string; text: string }
  | { kind: 'image'; name: string; dataUri: string; note?: string }
  | { kind: 'unsupported'; name: string; reason: string };

/**
 * Reads a dropped file: a workflow file opens; an output PNG that carries its
 * workflow opens that workflow; any other image becomes a Load Image node.
 */
export async function readDroppedFile(file: File): Promise<Dropped> {
  const name = file.name;
  if (name.endsWith(WORKFLOW_EXTENSION) || name.endsWith('.json')) {
    if (file.size > MAX_WORKFLOW_BYTES)
      return { kind: 'unsupported', name, reason: workflowTooLarge(file.size) };
    return { kind: 'workflow', name, text: await file.text() };
  }
  if (!IMAGE_TYPES.has(file.type)) {
    return {
      kind: 'unsupported',
      name,
      reason: 'only workflows (.nodeloom) and PNG, JPEG, WebP or GIF images can be dropped',
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problems: string[] = [];
  if (isPng(bytes)) {
    try {
      const workflow = readPngText(bytes, { onProblem: (p) => problems.push(p) })[PNG_WORKFLOW_KEY];
      if (workflow) return { kind: 'workflow', name, text: workflow };
    } catch {
      /* a truncated PNG: treat it as a plain image */
    }
  }
  if (bytes.byteLength > MAX_EMBEDDED_IMAGE_BYTES) {
    return {
      kind: 'unsupported',
      name,
      reason: `it is over ${MAX_EMBEDDED_IMAGE_BYTES / 1024 / 1024} MB; add a Load Image node and point it at the file`,
    };
  }
  const dataUri = `data:${file.type};base64,${base64(bytes)}`;
  // A damaged workflow chunk: the picture still comes in, and the user hears why not the workflow.
  return problems.length > 0
    ? { kind: 'image', name, dataUri, note: `added as an image: ${problems.join('; ')}` }
    : { kind: 'image', name, dataUri };
}

export interface DropHandlers {
  openWorkflow(name: string, text: string): void;
  addImage(name: string, dataUri: string, at: { x: number; y: number }): void;
  refuse(name: string, reason: string): void;
  /** Something worth knowing about a file that was accepted. */
  note(name: string, text: string): void;
}

/**
 * Files handed to the studio (dropped or pasted), in order: workflows open, images
 * become Load Image nodes placed from `at` (client pixels) one step apart.
 */
export async function acceptFiles(
  files: readonly File[],
  at: { x: number; y: number },
  handlers: DropHandlers,
): Promise<void> {
  for (const [i, file] of files.entries()) {
    const dropped = await readDroppedFile(file);
    if (dropped.kind === 'workflow') handlers.openWorkflow(dropped.name, dropped.text);
    else if (dropped.kind === 'image') {
      handlers.addImage(dropped.name, dropped.dataUri, { x: at.x + i * 24, y: at.y + i * 24 });
      if (dropped.note) handlers.note(dropped.name, dropped.note);
    } else handlers.refuse(dropped.name, dropped.reason);
  }
}

/** Handles files dropped anywhere on the window; returns the function that stops it. */
export function installFileDrop(win: Window, handlers: DropHandlers): () => void {
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
  const over = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    // Without this the browser would navigate to the dropped file.
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const drop = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    void acceptFiles([...(e.dataTransfer?.files ?? [])], { x: e.clientX, y: e.clientY }, handlers);
  };
  win.addEventListener('dragover', over);
  win.addEventListener('drop', drop);
  return () => {
    win.removeEventListener('dragover', over);
    win.removeEventListener('drop', drop);
  };
}
