import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage } from './appPage';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, serveAppFile } from './appProtocol';
import { contentSecurityPolicy } from './security';

let root: string;
let rendererDir: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-app-protocol-'));
  rendererDir = path.join(root, 'out', 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'out', 'main'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Nodeloom</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app-1a2b.js'), 'console.log(1);');
  await writeFile(path.join(rendererDir, 'assets', 'app-1a2b.css'), 'body{}');
  await writeFile(path.join(root, 'out', 'main', 'index.cjs'), 'secret main bundle');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  await symlink(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'link.js'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') =>
  serveAppFile(new Request(url, { method }), rendererDir);

describe('the app:// protocol', () => {
  it('is a standard, secure scheme, and the page loads from it, not from file://', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    const page = appPage(path.join(root, 'out', 'main'));
    expect(page.url).toBe('app://nodeloom/index.html');
    expect(page.rendererDir).toBe(rendererDir);
    expect(page.isAppUrl('app://nodeloom/index.html#/x')).toBe(true);
    expect(page.isAppUrl('app://nodeloom/assets/app-1a2b.js')).toBe(false);
    expect(page.isAppUrl(`file://${path.join(rendererDir, 'index.html')}`)).toBe(false);
  });

  it('serves the page with its CSP, and the assets with their types', async () => {
    const index = await get(APP_INDEX_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await index.text()).toContain('<title>Nodeloom</title>');
    expect(await (await get('app://nodeloom/')).text()).toContain('<title>Nodeloom</title>');
    const js = await get('app://nodeloom/assets/app-1a2b.js?v=1');
    expect([js.status, js.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(await js.text()).toBe('console.log(1);');
    expect((await get('app://nodeloom/assets/app-1a2b.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it.each([
    'app://nodeloom/../main/index.cjs',
    'app://nodeloom/assets/../../main/index.cjs',
    'app://nodeloom/%2e%2e/main/index.cjs',
    'app://nodeloom/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
    'app://nodeloom/..%2F..%2Fsecret.txt',
    'app://nodeloom/..%5C..%5Csecret.txt',
    'app://nodeloom/%2Fetc%2Fpasswd',
    'app://nodeloom/C:%5CWindows%5Cwin.ini',
    'app://nodeloom/assets/link.js',
    'app://nodeloom/assets/nothing.js',
    'app://nodeloom/assets',
    'app://nodeloom/index.html%00.js',
    'app://other/index.html',
  ])('refuses %s with a 404 and none of the bytes outside the renderer', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe in the folder at once',
    async () => {
      execFileSync('mkfifo', [path.join(rendererDir, 'assets', 'pipe.js')]);
      expect((await get('app://nodeloom/assets/pipe.js')).status).toBe(404);
    },
  );
});
