import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isRecoveryEntryFile } from '../../electron/core/host/recovery';
import { expect, test } from './fixtures';
import { Studio } from './studio';

test('unsaved edits survive a killed host: autosaved, offered at restart, restored and saved', async ({
  app,
  host,
}) => {
  // Leaving the page with unsaved changes asks first; this test means to leave.
  app.on('dialog', (d) => void d.accept());
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  const prompt = await studio.addNode('prompt', { x: 300, y: 660 });
  await studio.widget(prompt, 'text').fill('words that were never saved');
  await studio.pane.click({ position: { x: 40, y: 600 } });
  await expect(app.getByTestId('tab-title')).toHaveText('• text-to-image-then-edit.nodeloom');

  // The autosave lands within a few seconds of the last edit.
  // With --emulator the host keeps its data in an `emulated` sub-folder.
  const recoveryDir = path.join(host.dataDir, 'emulated', 'recovery');
  // Only finished copies: a kill before an autosave's rename rightly leaves nothing to offer.
  const entries = async (): Promise<string[]> =>
    (await readdir(recoveryDir).catch(() => [])).filter(isRecoveryEntryFile);
  await expect
    .poll(async () => {
      const [name] = await entries();
      return name ? readFile(path.join(recoveryDir, name), 'utf8') : '';
    })
    .toContain('words that were never saved');

  await host.kill(); // SIGKILL: nothing gets to save
  const next = await host.restart();
  await app.goto(next.url);
  await expect(app.getByTestId('recovery-dialog')).toBeVisible();
  await expect(app.getByTestId('recovery-entry')).toContainText('text-to-image-then-edit.nodeloom');
  await app.getByTestId('recovery-restore').click();
  await expect(app.getByTestId('recovery-dialog')).toBeHidden();

  await expect(app.getByTestId('tab')).toHaveCount(1);
  await expect(app.getByTestId('tab-title')).toHaveText('• text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(5);
  await expect(studio.widget(prompt, 'text')).toHaveValue('words that were never saved');

  // Saving goes to the original file and drops the autosaved copy.
  await studio.pane.click({ position: { x: 40, y: 600 } });
  await app.keyboard.press('Control+s');
  await expect(app.getByTestId('tab-title')).toHaveText('text-to-image-then-edit.nodeloom');
  const saved = await readFile(
    path.join(next.workspace, 'text-to-image-then-edit.nodeloom'),
    'utf8',
  );
  expect(saved).toContain('words that were never saved');
  await expect.poll(entries).toEqual([]);

  // Nothing left to offer after another reload.
  await app.reload();
  await expect(app.getByTestId('tab-bar')).toHaveAttribute('data-recovery-checked', 'true');
  await expect(app.getByTestId('recovery-dialog')).toHaveCount(0);
});
