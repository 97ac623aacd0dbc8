import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../../shared/png/pngText';
import { testGraph } from '../../../shared/testing/testGraph';
import { createWorkflow, parseWorkflow } from '../../../shared/workflow/format';
import { tempDataDir } from '../testing/emulatorHarness';
import { BlobStore } from '../storage/blobStore';
import { safeFileName, saveOutputImage } from './saveImages';

let dir: string;
beforeEach(async () => {
  dir = await tempDataDir();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('safeFileName', () => {
  it('keeps ordinary names as they are', () => {
    expect(safeFileName('keeper-1-base_preview-keeper_01_94f06e5d')).toBe(
      'keeper-1-base_preview-keeper_01_94f06e5d',
    );
    expect(safeFileName('夕暮れ 🌊_n1_01')).toBe('夕暮れ 🌊_n1_01');
  });

  it('never lets a prefix or node id leave the output folder', () => {
    for (const name of ['../../etc/passwd', '..\\..\\x', '/abs/path', 'a/../b', '..']) {
      const safe = safeFileName(name);
      expect(safe, name).not.toMatch(/[/\\]|\.\./);
      expect(path.dirname(path.join('/out', safe)), name).toBe('/out');
    }
  });

  it('replaces characters Windows forbids and control characters, and caps the length', () => {
    expect(safeFileName('a<b>c:d"e|f?g*h\u0001i')).toBe('a-b-c-d-e-f-g-h-i');
    expect(safeFileName(' .hidden. ')).toBe('hidden');
    expect(safeFileName('')).toBe('image');
    expect(safeFileName('x'.repeat(500))).toHaveLength(200);
  });
});

describe('saveOutputImage', () => {
  const workflow = createWorkflow(testGraph().doc(), { name: '灯台 🏮' });
  const provenance = { nodeId: 'n1', provider: 'runcomfy', requestId: 'r-1', createdAt: 'now' };

  it('writes a PNG with the workflow and provenance in it', async () => {
    const blobs = new BlobStore(path.join(dir, 'blobs'));
    const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const blob = await blobs.put(png);
    const image = {
      hash: blob.hash,
      mimeType: 'image/png',
      width: 3,
      height: 2,
      bytes: png.length,
    };
    const file = await saveOutputImage(
      blobs,
      image,
      { dir: path.join(dir, 'out'), baseName: 'x_n1_01' },
      workflow,
      provenance,
    );
    expect(file).toBe(path.join(dir, 'out', 'x_n1_01.png'));
    const text = readPngText(await readFile(file));
    const parsed = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(parsed.ok && parsed.value).toEqual(workflow);
    expect(JSON.parse(text[PNG_PROVENANCE_KEY]!)).toEqual(provenance);
  });

  it('saves other formats byte for byte, with their own extension', async () => {
    const blobs = new BlobStore(path.join(dir, 'blobs'));
    const jpeg = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const blob = await blobs.put(jpeg);
    const image = { hash: blob.hash, mimeType: 'image/jpeg', width: 3, height: 2, bytes: 1 };
    const out = path.join(dir, 'out');
    const file = await saveOutputImage(
      blobs,
      image,
      { dir: out, baseName: 'y' },
      workflow,
      provenance,
    );
    expect(await readdir(out)).toEqual(['y.jpg']);
    expect(Buffer.compare(await readFile(file), jpeg)).toBe(0);
  });
});
