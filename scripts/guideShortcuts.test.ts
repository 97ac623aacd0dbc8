import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortcutsMarkdown } from '../shared/commands/shortcutsMarkdown';

const GUIDE = path.resolve(import.meta.dirname, '../docs/guide.md');
const BEGIN = '<!-- shortcuts:begin (generated from shared/commands/commandTable.ts) -->';
const END = '<!-- shortcuts:end -->';

/** A Markdown table's cells, row by row, whatever padding Prettier gave it. */
const tableRows = (markdown: string): string[][] =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );

describe('the user guide', () => {
  it('lists the keys of the command table, as the table has them', async () => {
    const guide = await readFile(GUIDE, 'utf8');
    const start = guide.indexOf(BEGIN);
    const end = guide.indexOf(END);
    expect(start, `docs/guide.md has no "${BEGIN}" marker`).toBeGreaterThan(0);
    const section = guide.slice(start + BEGIN.length, end);
    // To update: npx tsx -e "import('./shared/commands/shortcutsMarkdown.ts').then(m =>
    // console.log(m.shortcutsMarkdown()))", paste between the markers, npx prettier --write.
    expect(tableRows(section)).toEqual(tableRows(shortcutsMarkdown()));
  });
});
