import { mkdir, mkdtemp, realpath, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallOutput } from '../../../shared/contract/hostApi';
import { hostCalls } from '../../../shared/contract/hostApi';
import { AllowedRoots } from './allowedRoots';
import { MAX_EMBEDDED_IMAGE_BYTES } from '../../../shared/nodes/builtins';
import { imageSourceHandlers } from './imageSources';

/*
 * base/
 *   ws/                     the workspace
 *     proj/flow.nodeloom    the workflow (never written: paths only)
 *     proj/cat.png, proj/img/cat.png, proj/photo.jpg, proj/notes.png (text)
 *     proj/link.png         -> base/elsewhere/secret.png
 *     proj/linkdir          -> base/elsewhere
 *     shared/cat.png, shared/dog.png
 *   elsewhere/secret.png
 */
let base: string;
let ws: string;
let proj: string;
let flow: string;
let secret: string;
let png: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  // The real path, so expected paths match on systems whose tmpdir is a link (macOS).
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'nodeloom-images-')));
  ws = path.join(base, 'ws');
  proj = path.join(ws, 'proj');
  flow = path.join(proj, 'flow.nodeloom');
  secret = path.join(base, 'elsewhere', 'secret.png');
  const image = sharp({ create: { width: 3, height: 2, channels: 3, background: '#c8643c' } });
  png = await image.clone().png().toBuffer();
  jpeg = await image.clone().jpeg().toBuffer();
  for (const dir of [path.join(proj, 'img'), path.join(ws, 'shared'), path.dirname(secret)])
    await mkdir(dir, { recursive: true });
  for (const file of ['proj/cat.png', 'proj/img/cat.png', 'shared/cat.png', 'shared/dog.png'])
    await writeFile(path.join(ws, file), png);
  await writeFile(path.join(proj, 'photo.jpg'), jpeg);
  await writeFile(path.join(proj, 'notes.png'), 'not an image at all\n');
  await writeFile(secret, png);
  await symlink(secret, path.join(proj, 'link.png'));
  await symlink(path.dirname(secret), path.join(proj, 'linkdir'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

let roots: AllowedRoots;
beforeEach(() => {
  roots = new AllowedRoots(ws);
});

/** Calls a handler with its input parsed by the contract, as the transports do. */
async function call<K extends 'images.outside' | 'images.allow' | 'images.embed' | 'images.rebase'>(
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  const handler = imageSourceHandlers(roots)[name] as (i: unknown) => Promise<CallOutput<K>>;
  return handler(hostCalls[name].input.parse(input));
}

/** The files reported outside; `workflowPath` null: an unsaved workflow. */
const outside = async (sources: string[], workflowPath: string | null = flow) =>
  (await call('images.outside', { ...(workflowPath ? { workflowPath } : {}), sources })).outside;

describe('images.outside', () => {
  it('does not report files in the workflow folder or its subfolders', async () => {
    expect(await outside(['cat.png', 'img/cat.png', './img/../cat.png', 'missing.png'])).toEqual(
      [],
    );
  });

  it('reports ../ paths and absolute paths elsewhere with their absolute path', async () => {
    expect(await outside(['cat.png', '../shared/cat.png', secret])).toEqual([
      { source: '../shared/cat.png', path: path.join(ws, 'shared', 'cat.png') },
      { source: secret, path: secret },
    ]);
  });

  it('does not trust the workspace as a whole for a saved workflow', async () => {
    expect(await outside([path.join(ws, 'shared', 'dog.png')])).toHaveLength(1);
  });

  it('reports a symlink in the folder that leads outside, showing where it leads', async () => {
    expect(await outside(['link.png', 'linkdir/secret.png'])).toEqual([
      { source: 'link.png', path: secret },
    ]);
  });

  it('reports each file once, in order of first appearance, however it is spelled', async () => {
    expect(
      await outside([
        '../shared/dog.png',
        ' ../shared/cat.png ',
        '../shared/dog.png',
        path.join(ws, 'shared', 'cat.png'),
        '../proj/../shared/dog.png',
      ]),
    ).toEqual([
      { source: '../shared/dog.png', path: path.join(ws, 'shared', 'dog.png') },
      { source: ' ../shared/cat.png ', path: path.join(ws, 'shared', 'cat.png') },
    ]);
  });

  it('ignores empty, https and data: sources', async () => {
    const sources = ['', '   ', 'https://example.com/cat.png', `data:image/png;base64,AAAA`];
    expect(await outside(sources)).toEqual([]);
  });

  it('treats "DATA:" as the data: scheme, as the engine does: never a file path', async () => {
    const sneaky = 'DATA:x/../../../elsewhere/secret.png';
    expect(await outside([sneaky])).toEqual([]);
  });

  it('resolves an unsaved workflow against the workspace', async () => {
    expect(await outside(['shared/cat.png', 'proj/img/cat.png'], null)).toEqual([]);
    expect(await outside(['../elsewhere/secret.png'], null)).toEqual([
      { source: '../elsewhere/secret.png', path: secret },
    ]);
  });

  it('throws the user-facing message for a workflow path outside the allowed folders', async () => {
    await expect(outside(['cat.png'], path.join(base, 'elsewhere', 'x.nodeloom'))).rejects.toThrow(
      /is outside the workspace/,
    );
  });
});

describe('images.allow', () => {
  it('allows exactly the files named, not their siblings', async () => {
    const allowed = await call('images.allow', {
      workflowPath: flow,
      sources: ['../shared/cat.png', 'https://example.com/x.png', ''],
    });
    expect(allowed).toEqual({ allowed: [path.join(ws, 'shared', 'cat.png')] });
    expect(await outside(['../shared/cat.png', '../shared/dog.png'])).toEqual([
      { source: '../shared/dog.png', path: path.join(ws, 'shared', 'dog.png') },
    ]);
    // The same file spelled otherwise, or from another workflow, is the same file.
    expect(await outside([path.join(ws, 'shared', 'cat.png')])).toEqual([]);
    expect(await outside(['../../shared/cat.png'], path.join(proj, 'img', 'b.nodeloom'))).toEqual(
      [],
    );
  });

  it('allows the file a symlink leads to, by its real path', async () => {
    expect(await call('images.allow', { workflowPath: flow, sources: ['link.png'] })).toEqual({
      allowed: [secret],
    });
    expect(await outside(['link.png', secret, 'linkdir/secret.png'])).toEqual([]);
  });

  it('keeps the allowed files for the host session only', async () => {
    await call('images.allow', { workflowPath: flow, sources: ['../shared/cat.png'] });
    roots = new AllowedRoots(ws);
    expect(await outside(['../shared/cat.png'])).toHaveLength(1);
  });
});

describe('images.embed', () => {
  const embed = async (sources: string[]) =>
    (await call('images.embed', { workflowPath: flow, sources })).images;

  it('returns data URIs holding the exact bytes of PNG and JPEG files, in order', async () => {
    const images = await embed(['img/cat.png', 'photo.jpg']);
    expect(images).toEqual([
      {
        ok: true,
        source: 'img/cat.png',
        dataUri: `data:image/png;base64,${png.toString('base64')}`,
      },
      {
        ok: true,
        source: 'photo.jpg',
        dataUri: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
      },
    ]);
  });

  it('recognises images by their bytes, not their extension', async () => {
    const [image] = await embed(['notes.png']);
    expect(image).toEqual({
      ok: false,
      source: 'notes.png',
      error: `${path.join(proj, 'notes.png')} is not a PNG, JPEG, WebP or GIF image`,
    });
  });

  it('refuses a file over the embedding limit', async () => {
    const big = path.join(proj, 'big.png');
    await writeFile(big, png);
    await truncate(big, MAX_EMBEDDED_IMAGE_BYTES + 1); // sparse: nothing large is written
    try {
      const [image] = await embed(['big.png']);
      expect(image).toMatchObject({ ok: false, source: 'big.png' });
      expect(!image!.ok && image!.error).toBe(
        `${big} is too large to embed (20.0 MiB; the limit is 20.0 MiB): keep it as a file next to the workflow`,
      );
    } finally {
      await rm(big);
    }
  });

  it('names a missing file', async () => {
    expect(await embed(['img/gone.png'])).toEqual([
      {
        ok: false,
        source: 'img/gone.png',
        error: `${path.join(proj, 'img', 'gone.png')}: image file not found`,
      },
    ]);
  });

  it('refuses a file outside the folder until it is allowed', async () => {
    expect(await embed(['../shared/cat.png', 'link.png'])).toEqual([
      {
        ok: false,
        source: '../shared/cat.png',
        error: `${path.join(ws, 'shared', 'cat.png')} is outside the workflow's folder: allow it first`,
      },
      {
        ok: false,
        source: 'link.png',
        error: `${secret} is outside the workflow's folder: allow it first`,
      },
    ]);
    await call('images.allow', { workflowPath: flow, sources: ['../shared/cat.png'] });
    expect((await embed(['../shared/cat.png']))[0]).toMatchObject({ ok: true });
  });

  it('answers every source, non-files with an error', async () => {
    const images = await embed(['', 'https://example.com/cat.png', 'data:image/png;base64,AAAA']);
    expect(images.map((i) => [i.ok, i.source, !i.ok && i.error])).toEqual([
      [false, '', 'an empty source is not a file'],
      [false, 'https://example.com/cat.png', 'https://example.com/cat.png is not a file'],
      [false, 'data:image/png;base64,AAAA', 'an embedded image is not a file'],
    ]);
  });
});

describe('images.rebase', () => {
  const rebase = async (sources: string[], to: string, from?: string) =>
    (await call('images.rebase', { to, sources, ...(from ? { from } : {}) })).sources;

  it('rewrites a relative source for a workflow saved into a sibling folder', async () => {
    const from = path.join(ws, 'a', 'flow.nodeloom');
    const to = path.join(ws, 'b', 'flow.nodeloom');
    expect(await rebase(['img.png', 'sub/cat.png', '../shared/cat.png'], to, from)).toEqual([
      '../a/img.png',
      '../a/sub/cat.png',
      '../shared/cat.png',
    ]);
  });

  it('keeps sources short within the same tree', async () => {
    const from = path.join(ws, 'a', 'b', 'flow.nodeloom');
    expect(await rebase(['img/cat.png'], path.join(ws, 'a', 'b', 'copy.nodeloom'), from)).toEqual([
      'img/cat.png',
    ]);
    expect(await rebase(['img/cat.png'], path.join(ws, 'a', 'up.nodeloom'), from)).toEqual([
      'b/img/cat.png',
    ]);
    expect(
      await rebase(['../img/cat.png'], path.join(ws, 'a', 'b', 'c', 'down.nodeloom'), from),
    ).toEqual(['../../img/cat.png']);
  });

  it('leaves absolute paths, URLs, data URIs and empty sources as they were', async () => {
    const sources = [
      secret,
      'C:\\images\\cat.png',
      'https://example.com/cat.png',
      'data:image/png;base64,AAAA',
      '',
    ];
    expect(await rebase(sources, path.join(ws, 'b', 'flow.nodeloom'), flow)).toEqual(sources);
  });

  it('writes forward slashes and starts from the workspace for an unsaved workflow', async () => {
    const [rebased] = await rebase(['shared/cat.png'], flow);
    expect(rebased).toBe('../shared/cat.png');
    expect(rebased).not.toContain('\\');
  });

  it('refuses a destination or origin outside the allowed folders', async () => {
    const away = path.join(base, 'elsewhere', 'flow.nodeloom');
    await expect(rebase(['cat.png'], away, flow)).rejects.toThrow(/is outside the workspace/);
    await expect(rebase(['cat.png'], flow, away)).rejects.toThrow(/is outside the workspace/);
  });
});
