import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { recoveryFileName } from './recovery';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

function entry(key: string, savedAt: number) {
  const g = testGraph();
  g.connect(g.prompt(`edits of ${key}`), 'text', g.model(MODELS.proTextToImage), 'prompt');
  return { key, name: `${key}.nodeloom`, filePath: `/w/${key}.nodeloom`, savedAt, graph: g.doc() };
}

describe('recovery entries', () => {
  it('round-trip through save, list (oldest first), a restart and discard', async () => {
    kit = await startHostKit();
    expect(await kit.call('recovery.list', {})).toEqual({ entries: [] });
    const a = entry('tab-a', 2);
    const b = { ...entry('tab-b', 1), filePath: null };
    await kit.call('recovery.save', a);
    await kit.call('recovery.save', b);
    // A later autosave replaces the earlier one.
    const a2 = { ...a, savedAt: 3, name: 'renamed' };
    await kit.call('recovery.save', a2);
    await kit.restart();
    expect(await kit.call('recovery.list', {})).toEqual({ entries: [b, a2] });
    await kit.call('recovery.discard', { key: 'tab-b' });
    await kit.call('recovery.discard', { key: 'never-saved' });
    expect(await kit.call('recovery.list', {})).toEqual({ entries: [a2] });
  });

  it('keeps the newest copy when an older one arrives after it (one sent as the page closed)', async () => {
    kit = await startHostKit();
    const newer = { ...entry('tab-a', 20), name: 'typed just before closing' };
    const older = { ...entry('tab-a', 10), name: 'the autosave before' };
    await Promise.all([kit.call('recovery.save', newer), kit.call('recovery.save', older)]);
    expect(await kit.call('recovery.list', {})).toEqual({ entries: [newer] });
  });

  it('a save still being written when the host closes reaches the disk', async () => {
    kit = await startHostKit();
    const last = entry('tab-last', 5);
    let answered = false;
    const saved = kit.call('recovery.save', last).then(() => (answered = true));
    await kit.restart(); // closing waits for the call under way
    expect(answered).toBe(true);
    await saved;
    expect(await kit.call('recovery.list', {})).toEqual({ entries: [last] });
  });

  it('skips damaged or foreign files with a warning', async () => {
    kit = await startHostKit();
    await kit.call('recovery.save', entry('good', 1));
    const dir = path.join(kit.dataDir, 'recovery');
    await writeFile(path.join(dir, 'cut.json'), '{"key":"cut","na');
    await writeFile(path.join(dir, 'other.json'), '{"key":"x"}');
    expect((await kit.call('recovery.list', {})).entries.map((e) => e.key)).toEqual(['good']);
    expect(kit.warnings.filter((w) => w.startsWith('recovery: skipped'))).toHaveLength(2);
  });

  it('keeps every key inside the recovery folder', async () => {
    kit = await startHostKit();
    await kit.call('recovery.save', entry('../../escape', 1));
    expect(recoveryFileName('../../escape')).toMatch(/^______escape-[0-9a-f]{16}\.json$/);
    expect(recoveryFileName('a/b')).not.toBe(recoveryFileName('a_b'));
    expect(await readdir(path.join(kit.dataDir, 'recovery'))).toHaveLength(1);
  });
});
