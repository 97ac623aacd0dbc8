import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The Electron fuses electron-builder flips in the packaged binary. A small reader
 * of the one flat block is enough (the file's other sections are not read).
 */
function electronFuses(yml: string): Record<string, string> {
  const lines = yml.split('\n');
  const start = lines.indexOf('electronFuses:');
  if (start < 0) throw new Error('electron-builder.yml has no top-level electronFuses block');
  const fuses: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const entry = /^ {2}([A-Za-z]+):\s*(\S+)\s*$/.exec(line);
    if (!entry) break;
    fuses[entry[1]!] = entry[2]!;
  }
  return fuses;
}

describe('electron-builder.yml fuses', () => {
  const fuses = electronFuses(readFileSync('electron-builder.yml', 'utf8'));

  it.each([
    ['runAsNode', 'false'],
    ['enableCookieEncryption', 'true'],
    ['enableNodeOptionsEnvironmentVariable', 'false'],
    ['enableNodeCliInspectArguments', 'false'],
    ['enableEmbeddedAsarIntegrityValidation', 'true'],
    ['onlyLoadAppFromAsar', 'true'],
    ['grantFileProtocolExtraPrivileges', 'false'],
  ])('sets %s to %s', (name, value) => expect(fuses[name]).toBe(value));

  it('reads the block it checks (a fuse left out is a fuse left at its default)', () => {
    expect(
      electronFuses('a: 1\nelectronFuses:\n  runAsNode: false\n  # why\n  x: true\nb: 2\n'),
    ).toEqual({ runAsNode: 'false', x: 'true' });
    expect(() => electronFuses('asar: true\n')).toThrow(/no top-level electronFuses/);
  });
});
