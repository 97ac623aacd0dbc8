import type { HostHandlers, OutputSaved } from '../../../shared/contract/hostApi';
import type { GraphDocument } from '../../../shared/graph/document';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { RunEvent } from '../../../shared/run/events';
import { createRunSaver, outputFolder } from '../output/runSaver';
import type { BlobStore } from '../storage/blobStore';

export interface OutputDeps {
  blobs: BlobStore;
  registry: NodeRegistry;
  /** The output folder setting (null: the default beside the workflow). */
  outputDir(): string | null;
  saved(event: OutputSaved): void;
  warn(message: string): void;
  /** Shows a file in the OS file manager (the desktop shell); absent in the web host. */
  revealFile?: ((file: string) => void) | undefined;
}

export interface RunOutputs {
  /** A listener that saves a run's Preview/Save images as they arrive. */
  listener(context: {
    graph: GraphDocument;
    workflowPath?: string | undefined;
    workflowFolder: string;
  }): (event: RunEvent) => void;
  /** Resolves when every save started so far has ended (closing, tests). */
  idle(): Promise<void>;
  /** Files an earlier run saved (from its history record) that output.reveal may show. */
  allowReveal(files: ReadonlyArray<{ path: string }>): void;
  handlers: Pick<HostHandlers, 'output.reveal'>;
}

/**
 * Preview/Save for the host: each run's saving nodes write into the output folder
 * as their images arrive (core/output, the CLI's service too), the UI hears of each
 * file (output.saved), and output.reveal shows one in the file manager: only files
 * this host saved, or a run in its history did, so a page can not make the shell
 * open arbitrary paths.
 */
export function runOutputs(deps: OutputDeps): RunOutputs {
  const savedFiles = new Set<string>();
  const pending = new Set<Promise<void>>();
  return {
    listener({ graph, workflowPath, workflowFolder }) {
      const saver = createRunSaver({
        blobs: deps.blobs,
        registry: deps.registry,
        graph,
        workflowPath,
        dir: outputFolder(deps.outputDir(), workflowFolder),
        warn: deps.warn,
        onSaved: (event) => {
          for (const f of event.files) savedFiles.add(f.path);
          deps.saved(event);
        },
      });
      return (event) => {
        saver.listener(event);
        if (event.type !== 'run-finished') return;
        const idle = saver.idle();
        pending.add(idle);
        void idle.finally(() => pending.delete(idle));
      };
    },
    idle: async () => void (await Promise.all(pending)),
    allowReveal(files) {
      for (const f of files) savedFiles.add(f.path);
    },
    handlers: {
      async 'output.reveal'({ path }) {
        if (!savedFiles.has(path)) throw new Error(`${path} is not an image Nodeloom saved`);
        if (!deps.revealFile) return { revealed: false };
        deps.revealFile(path);
        return { revealed: true };
      },
    },
  };
}
