import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputFolder } from './runSaver';

describe('outputFolder', () => {
  const workflowFolder = path.resolve('/art/harbour');
  const home = path.resolve('/home/mika');

  it('is nodeloom-output beside the workflow unless a folder is set', () => {
    expect(outputFolder(null, workflowFolder, home)).toBe(
      path.join(workflowFolder, 'nodeloom-output'),
    );
  });

  it('takes an absolute folder as it is, a relative one from the workflow, ~ as home', () => {
    const abs = path.resolve('/renders');
    expect(outputFolder(abs, workflowFolder, home)).toBe(abs);
    expect(outputFolder('out/final', workflowFolder, home)).toBe(
      path.join(workflowFolder, 'out', 'final'),
    );
    expect(outputFolder('~/Pictures/renders', workflowFolder, home)).toBe(
      path.join(home, 'Pictures', 'renders'),
    );
    expect(outputFolder('~', workflowFolder, home)).toBe(home);
    // Only a leading "~/" means home: "~draft" is a folder's name.
    expect(outputFolder('~draft', workflowFolder, home)).toBe(path.join(workflowFolder, '~draft'));
  });
});
