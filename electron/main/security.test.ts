import { describe, expect, it } from 'vitest';
import { appPage } from './appPage';
import {
  contentSecurityPolicy,
  denyPermissions,
  installContentSecurityPolicy,
  isAllowedExternalUrl,
  lockDownWebContents,
  metaContentSecurityPolicy,
} from './security';
import { FakeSession, FakeWebContents, fakeEvent } from './testing/fakeElectron';

describe('content security policy', () => {
  it('is the strict policy in a built app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: nodeloom-blob:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'none'",
    );
    expect(metaContentSecurityPolicy()).not.toContain('frame-ancestors');
  });

  it('lets the dev server inject its refresh preamble and HMR socket, only in dev', () => {
    expect(contentSecurityPolicy(true)).toContain("script-src 'self' 'unsafe-inline'");
    expect(contentSecurityPolicy(true)).toContain('ws://localhost:*');
    expect(contentSecurityPolicy(false)).not.toContain("unsafe-inline'; style");
  });

  it('replaces the CSP header of every document and leaves other responses alone', () => {
    const session = new FakeSession();
    installContentSecurityPolicy(session as never, false);
    const answer = (details: object) => {
      let out: unknown;
      (session.headersListener as (d: object, cb: (r: unknown) => void) => void)(
        details,
        (r) => (out = r),
      );
      return out as { responseHeaders?: Record<string, string[]> };
    };
    const doc = answer({
      resourceType: 'mainFrame',
      responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] },
    });
    expect(doc.responseHeaders).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [contentSecurityPolicy(false)],
    });
    expect(answer({ resourceType: 'image', responseHeaders: {} })).toEqual({});
  });
});

describe('external links', () => {
  it.each([
    'https://docs.runcomfy.com/model-apis/overview',
    'https://www.runcomfy.com/models/google/nano-banana',
    'https://docs.runflow.io/models/google/nano-banana-pro/edit',
    'https://github.com/nodeloom/nodeloom#readme',
    'https://github.com/nodeloom/nodeloom/blob/main/README.md',
  ])('opens %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://docs.runcomfy.com/',
    'https://docs.runcomfy.com.evil.example/',
    'https://evil.example/?u=https://docs.runflow.io/',
    'https://user:pass@docs.runflow.io/',
    'https://docs.runflow.io:8443/',
    'https://github.com/nodeloom/nodeloom-evil',
    'https://github.com/someone/else',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});

describe('lockDownWebContents', () => {
  it('denies navigation and pop-ups; only allow-listed URLs reach openExternal', async () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    const logs: string[] = [];
    lockDownWebContents(
      contents as never,
      async (url) => void opened.push(url),
      (m) => logs.push(m),
    );
    const nav = fakeEvent();
    contents.emit('will-navigate', nav, 'https://evil.example/phish?token=secret');
    expect(nav.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://docs.runflow.io/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(opened).toEqual(['https://docs.runflow.io/']);
    // The log names the origin, not the query.
    expect(logs.join('\n')).toContain('https://evil.example');
    expect(logs.join('\n')).not.toContain('secret');
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });
});

describe('permissions', () => {
  const page = appPage('/app/out/main');
  const session = new FakeSession();
  denyPermissions(session as never, page.isAppUrl);
  const request = (permission: string, url: string): boolean => {
    let granted: boolean | undefined;
    (session.permissionRequest as (...a: unknown[]) => void)(
      null,
      permission,
      (ok: boolean) => (granted = ok),
      { requestingUrl: url },
    );
    return granted!;
  };

  it('denies everything but writing the clipboard from our page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])
      expect(request(p, page.url)).toBe(false);
    expect(request('clipboard-sanitized-write', page.url)).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect((session.devicePermission as () => boolean)()).toBe(false);
  });
});
