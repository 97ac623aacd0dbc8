import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/emulatorHarness';
import { highestCounter, writeNumberedFile } from './numberedFile';

let dir: string;
beforeEach(async () => {
  dir = await tempDataDir();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('highestCounter', () => {
  it('finds the highest number of the prefix, whatever the extension', () => {
    const names = ['cat_00001.png', 'cat_00007.jpg', 'cat_00003_.png', 'cat_123456.png'];
    expect(highestCounter(names, 'cat')).toBe(123456);
    expect(highestCounter(['cat_00002.png'], 'cat')).toBe(2);
  });

  it('ignores other prefixes, prefixes that merely start alike, and short numbers', () => {
    const names = ['cats_00009.png', 'dog_00004.png', 'cat_12.png', 'cat_final.png', 'cat.png'];
    expect(highestCounter(names, 'cat')).toBe(0);
    expect(highestCounter(['a.b_00005.png', 'aXb_00009.png'], 'a.b')).toBe(5);
  });
});

describe('writeNumberedFile', () => {
  it('starts at 00001 and counts on from the highest file already there', async () => {
    const first = await writeNumberedFile(dir, 'lighthouse', '.png', bytes('one'));
    expect(path.basename(first)).toBe('lighthouse_00001.png');
    await writeFile(path.join(dir, 'lighthouse_00041.png'), 'kept');
    const next = await writeNumberedFile(dir, 'lighthouse', '.png', bytes('two'));
    expect(path.basename(next)).toBe('lighthouse_00042.png');
    expect(await readFile(next, 'utf8')).toBe('two');
  });

  it('creates a missing folder and leaves no temporary file behind', async () => {
    const out = path.join(dir, 'a', 'b');
    await writeNumberedFile(out, 'x', '.png', bytes('x'));
    expect(await readdir(out)).toEqual(['x_00001.png']);
  });

  it('never overwrites a file, even one a counter scan would not find', async () => {
    // A number taken after the scan (another program): the writer moves past it.
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'p_00001.png'), 'theirs');
    const file = await writeNumberedFile(dir, 'p', '.png', bytes('mine'));
    expect(path.basename(file)).toBe('p_00002.png');
    expect(await readFile(path.join(dir, 'p_00001.png'), 'utf8')).toBe('theirs');
  });

  it('gives twenty concurrent writers twenty different files with their own content', async () => {
    const files = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeNumberedFile(dir, 'batch', '.png', bytes(`#${i}`))),
    );
    expect(new Set(files).size).toBe(20);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(
      Array.from({ length: 20 }, (_, i) => `batch_${String(i + 1).padStart(5, '0')}.png`),
    );
    const contents = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    expect(contents.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `#${i}`).sort());
    files.forEach((f, i) => expect(contents.includes(`#${i}`), f).toBe(true));
  });
});
