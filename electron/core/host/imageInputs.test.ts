import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallOutput } from '../../../shared/contract/hostApi';
import { hostCalls } from '../../../shared/contract/hostApi';
import { BlobStore } from '../storage/blobStore';
import { AllowedRoots } from './allowedRoots';
import { imageInputHandlers, uploadName } from './imageInputs';
import type { ChooseImageDialog } from './imageInputs';

let png: Buffer;
let base: string;
let ws: string;
let proj: string;
let flow: string;

beforeAll(async () => {
  png = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#c8643c' } })
    .png()
    .toBuffer();
});

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'nodeloom-inputs-')));
  ws = path.join(base, 'ws');
  proj = path.join(ws, 'proj');
  flow = path.join(proj, 'flow.nodeloom');
  await mkdir(proj, { recursive: true });
  await mkdir(path.join(base, 'elsewhere'));
});
afterEach(() => rm(base, { recursive: true, force: true }));

/** The handlers as a transport calls them: input parsed by the contract first. */
function host(options: { dialog?: ChooseImageDialog | false; maxBytes?: number } = {}) {
  const roots = new AllowedRoots(ws);
  const handlers = imageInputHandlers(
    roots,
    new BlobStore(path.join(base, 'blobs')),
    options.dialog ?? false,
    options.maxBytes,
  );
  const call = async <K extends 'images.inspect' | 'images.upload' | 'images.openDialog'>(
    name: K,
    input: unknown,
  ): Promise<CallOutput<K>> => {
    const parsed = hostCalls[name as CallName].input.parse(input) as never;
    return hostCalls[name].output.parse(await handlers[name](parsed)) as CallOutput<K>;
  };
  return { call, roots };
}

describe('images.upload', () => {
  it('writes the image under inputs/ beside the workflow and returns its relative source', async () => {
    const { call } = host();
    const out = await call('images.upload', {
      workflowPath: flow,
      name: 'My Photo.png',
      base64: png.toString('base64'),
    });
    expect(out).toEqual({ source: 'inputs/My-Photo.png' });
    expect(await readFile(path.join(proj, 'inputs', 'My-Photo.png'))).toEqual(png);
  });

  it('never overwrites: a different image under a taken name gets a new one; the same bytes are reused', async () => {
    const { call } = host();
    await mkdir(path.join(ws, 'inputs'));
    await writeFile(path.join(ws, 'inputs', 'cat.png'), 'an older, different file');
    const first = await call('images.upload', { name: 'cat.png', base64: png.toString('base64') });
    expect(first).toEqual({ source: 'inputs/cat-2.png' });
    expect(await readFile(path.join(ws, 'inputs', 'cat.png'), 'utf8')).toBe(
      'an older, different file',
    );
    const again = await call('images.upload', { name: 'cat.png', base64: png.toString('base64') });
    expect(again).toEqual({ source: 'inputs/cat-2.png' });
    expect((await readdir(path.join(ws, 'inputs'))).sort()).toEqual(['cat-2.png', 'cat.png']);
  });

  it('refuses bytes that are not an image, images over the limit, and input that is not base64', async () => {
    const { call } = host({ maxBytes: 64 });
    const text = Buffer.from('<html>not an image</html>').toString('base64');
    await expect(call('images.upload', { name: 'x.png', base64: text })).rejects.toThrow(
      /x\.png is not a PNG, JPEG, WebP or GIF image/,
    );
    await expect(
      call('images.upload', { name: 'big.png', base64: png.toString('base64') }),
    ).rejects.toThrow(/big\.png is too large .*limit/);
    await expect(call('images.upload', { name: 'x.png', base64: 'not base64!' })).rejects.toThrow(
      /base64/,
    );
    await expect(readdir(path.join(ws, 'inputs'))).rejects.toThrow(/ENOENT/);
  });

  it('does not write through an inputs link that leads outside the workflow folder', async () => {
    await symlink(path.join(base, 'elsewhere'), path.join(proj, 'inputs'));
    const { call } = host();
    await expect(
      call('images.upload', { workflowPath: flow, name: 'a.png', base64: png.toString('base64') }),
    ).rejects.toThrow(/outside the workflow's folder/);
    expect(await readdir(path.join(base, 'elsewhere'))).toEqual([]);
  });

  it('makes a safe file name from whatever the browser called the file', () => {
    expect(uploadName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(uploadName('C:\\Users\\me\\Été photo.JPG', 'image/jpeg')).toBe('Ete-photo.jpg');
    expect(uploadName('...', 'image/webp')).toBe('image.webp');
    expect(uploadName('image.png', 'image/gif')).toBe('image.gif');
  });
});

describe('images.inspect', () => {
  it('reports the size of an image in the workflow folder and a stored copy for its preview', async () => {
    await writeFile(path.join(proj, 'cat.png'), png);
    const { call } = host();
    const out = await call('images.inspect', { workflowPath: flow, source: 'cat.png' });
    expect(out).toMatchObject({ ok: true, width: 6, height: 4, mimeType: 'image/png' });
    if (!out.ok) throw new Error('expected an image');
    expect(await readFile(new BlobStore(path.join(base, 'blobs')).pathOf(out.hash))).toEqual(png);
  });

  it('names a missing file, a file that is no image, and one outside the folder it does not read', async () => {
    await writeFile(path.join(proj, 'notes.png'), 'text');
    await writeFile(path.join(base, 'elsewhere', 'secret.png'), png);
    const { call } = host();
    expect(await call('images.inspect', { workflowPath: flow, source: 'gone.png' })).toEqual({
      ok: false,
      problem: 'missing',
      message: `file not found: ${path.join(proj, 'gone.png')}`,
    });
    expect(await call('images.inspect', { workflowPath: flow, source: 'notes.png' })).toMatchObject(
      { ok: false, problem: 'not-image' },
    );
    expect(
      await call('images.inspect', { workflowPath: flow, source: '../../elsewhere/secret.png' }),
    ).toMatchObject({ ok: false, problem: 'outside' });
  });
});

describe('images.openDialog', () => {
  it('returns a file inside the workflow folder as a relative source', async () => {
    const { call } = host({ dialog: async () => path.join(proj, 'img', 'a.png') });
    expect(await call('images.openDialog', { workflowPath: flow })).toEqual({
      source: 'img/a.png',
    });
  });

  it('returns a file chosen elsewhere as an absolute path the workflow may then read', async () => {
    const secret = path.join(base, 'elsewhere', 'secret.png');
    await writeFile(secret, png);
    const { call, roots } = host({ dialog: async () => secret });
    expect(await call('images.openDialog', { workflowPath: flow })).toEqual({ source: secret });
    expect(await roots.fileAllowed(secret)).toBe(true);
    expect(await call('images.inspect', { workflowPath: flow, source: secret })).toMatchObject({
      ok: true,
    });
  });

  it('answers null when cancelled, and refuses on a host without OS dialogs', async () => {
    expect(await host({ dialog: async () => null }).call('images.openDialog', {})).toBeNull();
    await expect(host().call('images.openDialog', {})).rejects.toThrow(/no OS file dialogs/);
  });
});
