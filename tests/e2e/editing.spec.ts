import { expect, test } from './fixtures';
import { Studio } from './studio';

test('an edit node without an image is refused with its message, and the message focuses the node', async ({
  app,
}) => {
  const studio = new Studio(app);
  const edit = await studio.addNode('pro edit runcomfy', { x: 500, y: 160 });
  await studio.widget(edit, 'prompt').fill('Turn the sky green');
  await app.getByTestId('btn-run').click();
  const panel = app.getByTestId('issues-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('needs at least one image');
  await expect(app.getByTestId(`status-${edit}`)).toHaveCount(0); // nothing ran
  await app.getByTestId('issue-entry').first().click();
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(1);
  await expect(app.locator('.react-flow__node.selected')).toHaveAttribute('data-id', edit);
});

test('undo and redo every edit with the keyboard: adding a node, typing, deleting', async ({
  app,
}) => {
  const studio = new Studio(app);
  const prompt = await studio.addNode('prompt', { x: 400, y: 200 });
  await studio.widget(prompt, 'text').fill('first words');
  await studio.pane.click({ position: { x: 40, y: 600 } });

  await app.keyboard.press('Control+z');
  await expect(studio.widget(prompt, 'text')).toHaveValue('');
  await app.keyboard.press('Control+z');
  await expect(studio.nodes()).toHaveCount(0);
  await app.keyboard.press('Control+Shift+z');
  await expect(studio.nodes()).toHaveCount(1);
  await app.keyboard.press('Control+y');
  await expect(studio.widget(prompt, 'text')).toHaveValue('first words');

  await studio.node(prompt).click({ position: { x: 30, y: 10 } });
  await app.keyboard.press('Delete');
  await expect(studio.nodes()).toHaveCount(0);
  await app.keyboard.press('Control+z');
  await expect(studio.nodes()).toHaveCount(1);
  await expect(studio.widget(prompt, 'text')).toHaveValue('first words');
});

test('copy and paste a selection brings the edges inside it, with new ids (over an image already on the system clipboard)', async ({
  app,
}) => {
  const studio = new Studio(app);
  // Something copied earlier in another program: the nodes copied now must win.
  await studio.putImageOnClipboard(8, 8);
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await expect(studio.edges()).toHaveCount(3);
  const original = await studio.nodeIds();

  await studio.pane.click({ position: { x: 40, y: 600 } });
  await app.keyboard.press('Control+a');
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(4);
  await app.keyboard.press('Control+c');
  await app.keyboard.press('Control+v');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(8);
  await expect(studio.edges()).toHaveCount(6);
  const pasted = (await studio.nodeIds()).filter((id) => !original.includes(id));
  expect(pasted).toHaveLength(4);
  // The paste is selected, so it can be moved or deleted at once.
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(4);
  await app.keyboard.press('Control+z');
  await expect(studio.nodes()).toHaveCount(4);
});

test.describe('with jobs that stay at the provider until cancelled', () => {
  test.use({ emulatorLatencyMs: 120_000 });
  test('cancel a run: queued jobs are cancelled and the canvas says so', async ({ app }) => {
    const studio = new Studio(app);
    await studio.open('edit-chain-with-reference.nodeloom');
    await app.getByTestId('btn-run').click();
    await expect(app.getByTestId('btn-cancel')).toBeEnabled();
    await app.getByTestId('btn-cancel').click();
    await expect(app.getByTestId('run-status')).toContainText(/cancel/i, { timeout: 20_000 });
    const statuses = await app.locator('[data-testid^="status-"]').allInnerTexts();
    expect(statuses.some((s) => /cancel/i.test(s))).toBe(true);
    expect(statuses.every((s) => !/failed/i.test(s))).toBe(true);
  });
});
