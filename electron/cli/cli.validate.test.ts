import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testGraph } from '../../shared/testing/testGraph';
import { WORKFLOW_EXTENSION } from '../../shared/workflow/format';
import {
  EXAMPLES_DIR,
  T2I_EDIT,
  cli,
  editWithoutImage,
  folderPerTest,
  writeGraph,
} from './testKit';

const EXAMPLES = (await readdir(EXAMPLES_DIR)).filter((n) => n.endsWith(WORKFLOW_EXTENSION));
const bed = folderPerTest();

describe('nodeloom validate', () => {
  it.each(EXAMPLES)('accepts the example %s with exit 0', async (name) => {
    const r = await cli(['validate', `examples/${name}`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`examples/${name}: valid \\(\\d+ nodes\\)`));
    expect(r.code).toBe(0);
  });

  it('rejects an unreadable workflow with exit 2, naming the JSON path of the problem', async () => {
    const file = JSON.parse(await readFile(path.join(EXAMPLES_DIR, T2I_EDIT), 'utf8'));
    file.graph.nodes[1].position.x = 'left';
    await writeFile(path.join(bed.dir, 'broken.nodeloom'), JSON.stringify(file));
    const r = await cli(['validate', 'broken.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.nodeloom: graph.nodes[1].position.x:');
    expect(r.stdout).toBe('');
  });

  it('reports a missing file with exit 2', async () => {
    const r = await cli(['validate', 'nowhere.nodeloom'], { cwd: bed.dir });
    expect([r.code, r.stderr]).toEqual([2, 'nowhere.nodeloom: no such file\n']);
  });

  it('rejects an edit node without an image with exit 2, naming the node and the problem', async () => {
    await writeGraph(bed.dir, 'no-image.nodeloom', editWithoutImage());
    const r = await cli(['validate', 'no-image.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/node "edit" image_urls: error: .*needs at least one image/);
    expect(r.stdout).toContain('no-image.nodeloom: 1 error');
  });

  it('prints node ids and types from a crafted file with their control characters escaped', async () => {
    const forged = '\x1b[2K\rx.nodeloom: valid (1 nodes)\nx';
    const g = testGraph();
    g.prompt('hi', { id: forged });
    const doc = g.doc();
    doc.nodes.push({
      ...doc.nodes[0]!,
      id: 'b\x9b31m' as never,
      type: 'model:\x1b]0;pwned\x07' as never,
    });
    await writeGraph(bed.dir, 'crafted.nodeloom', doc);
    for (const argv of [
      ['validate', 'crafted.nodeloom'],
      ['run', 'crafted.nodeloom', '--dry-run'],
    ]) {
      const r = await cli(argv, { cwd: bed.dir });
      const out = r.stdout + r.stderr;
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      expect(out.split('\n')).not.toContain('x.nodeloom: valid (1 nodes)');
      expect(out).toContain('\\u001b]0;pwned\\u0007');
      expect(r.code).toBe(2);
    }
  });

  it('accepts a workflow saved with a UTF-8 byte order mark', async () => {
    const text = await readFile(path.join(EXAMPLES_DIR, T2I_EDIT));
    await writeFile(
      path.join(bed.dir, 'bom.nodeloom'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]),
    );
    const r = await cli(['validate', 'bom.nodeloom'], { cwd: bed.dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('names a UTF-16 workflow plainly, with no NUL in the message', async () => {
    const text = await readFile(path.join(EXAMPLES_DIR, T2I_EDIT), 'utf8');
    await writeFile(path.join(bed.dir, 'wide.nodeloom'), Buffer.from(`\ufeff${text}`, 'utf16le'));
    const r = await cli(['validate', 'wide.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'wide.nodeloom: (root): the file is UTF-16 (or another encoding that is not UTF-8); save it as UTF-8\n',
    );
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe as the workflow at once',
    async () => {
      execFileSync('mkfifo', [path.join(bed.dir, 'pipe.nodeloom')]);
      const r = await cli(['validate', 'pipe.nodeloom'], { cwd: bed.dir });
      expect([r.code, r.stderr]).toEqual([
        2,
        `${path.join(bed.dir, 'pipe.nodeloom')} is a named pipe, not a regular file\n`,
      ]);
    },
  );

  it('--json prints the verdict and the issues as one JSON object', async () => {
    await writeGraph(bed.dir, 'no-image.nodeloom', editWithoutImage());
    const r = await cli(['validate', 'no-image.nodeloom', '--json'], { cwd: bed.dir });
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.issues).toContainEqual(
      expect.objectContaining({ nodeId: 'edit', field: 'image_urls', severity: 'error' }),
    );
    expect(r.code).toBe(2);
  });
});
