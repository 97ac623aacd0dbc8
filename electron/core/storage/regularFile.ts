import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Why a file was not read; the message names the file and is meant for the user. */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'not-a-file' | 'too-large' | 'unreadable',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ReadRegularFileOptions {
  maxBytes: number;
  /** What the file is, for messages ("image file", "workflow"). */
  what: string;
  /** Completes "too large …" ("to embed"). */
  tooLargeFor?: string;
  /** The advice after "too large": what to do instead. */
  tooLargeAdvice?: string;
}

const MIB = 1024 * 1024;
const CHUNK = MIB;
// Non-blocking open: opening a FIFO for reading would otherwise wait for a writer,
// holding one of libuv's four file-I/O threads that no Cancel can free.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const formatMiB = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

/**
 * The one way a user-named file (a Load Image source, a workflow) is read: opened
 * without blocking, checked with fstat to be a regular file (not a FIFO, device or
 * folder) within `maxBytes`, then read in chunks that stop past the limit even if
 * the file grows meanwhile. Every failure is a FileReadError naming the file.
 */
export async function readRegularFile(
  file: string,
  options: ReadRegularFileOptions,
): Promise<Buffer> {
  const { maxBytes, what } = options;
  const tooLarge = (size: string): FileReadError =>
    new FileReadError(
      `${file} is too large${options.tooLargeFor ? ` ${options.tooLargeFor}` : ''} ` +
        `(${size}; the limit is ${formatMiB(maxBytes)})` +
        (options.tooLargeAdvice ? `: ${options.tooLargeAdvice}` : ''),
      'too-large',
    );
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new FileReadError(`${file}: ${what} not found`, 'missing', { cause: e });
    if (code === 'EISDIR')
      throw new FileReadError(`${file} is a folder, not a regular file`, 'not-a-file', {
        cause: e,
      });
    throw new FileReadError(`cannot read ${file}: ${(e as Error).message}`, 'unreadable', {
      cause: e,
    });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isDirectory()
        ? 'a folder'
        : info.isFIFO()
          ? 'a named pipe'
          : info.isSocket()
            ? 'a socket'
            : 'a device';
      throw new FileReadError(`${file} is ${kind}, not a regular file`, 'not-a-file');
    }
    if (info.size > maxBytes) throw tooLarge(formatMiB(info.size));
    // Sized to the file (plus one byte to see it grew), within a chunk.
    const chunkSize = Math.max(1, Math.min(CHUNK, info.size + 1));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // The file grew after fstat: stop reading rather than follow it.
      if (total > maxBytes) throw tooLarge(`more than ${formatMiB(maxBytes)}`);
      chunks.push(bytesRead === chunkSize ? chunk : chunk.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(`cannot read ${file}: ${(e as Error).message}`, 'unreadable', {
      cause: e,
    });
  } finally {
    await handle.close();
  }
}
