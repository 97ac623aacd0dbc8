import { expect, test } from './fixtures';
import { Studio } from './studio';

test('two tabs stay independent: each keeps its own graph and its own undo', async ({ app }) => {
  const studio = new Studio(app);
  const tabs = app.getByTestId('tab');
  const blankCanvas = { x: 40, y: 600 };

  // The first Open reuses the blank tab.
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(tabs).toHaveCount(1);
  await expect(studio.nodes()).toHaveCount(4);

  // A second tab starts empty and gets its own edits.
  await app.getByTestId('tab-new').click();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('data-active', 'true');
  await expect(studio.nodes()).toHaveCount(0);
  const prompt = await studio.addNode('prompt', { x: 400, y: 200 });
  await studio.widget(prompt, 'text').fill('only in the second tab');
  await studio.pane.click({ position: blankCanvas });
  await expect(tabs.nth(1).getByTestId('tab-title')).toHaveText('• Untitled');

  // Back in the first tab: its graph as opened, nothing to undo from the other tab.
  await tabs.nth(0).click();
  await expect(tabs.nth(0)).toHaveAttribute('data-active', 'true');
  await expect(tabs.nth(0).getByTestId('tab-title')).toHaveText('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await studio.pane.click({ position: blankCanvas });
  await app.keyboard.press('Control+z');
  await expect(studio.nodes()).toHaveCount(4);
  await expect(app.getByText('only in the second tab')).toHaveCount(0);

  // An edit here, then undo in the other tab: each undoes its own.
  await app.keyboard.press('Control+a');
  await app.keyboard.press('Delete');
  await expect(studio.nodes()).toHaveCount(0);
  await app.keyboard.press('Control+Tab');
  await expect(tabs.nth(1)).toHaveAttribute('data-active', 'true');
  await expect(studio.widget(prompt, 'text')).toHaveValue('only in the second tab');
  await studio.pane.click({ position: blankCanvas });
  await app.keyboard.press('Control+z');
  await expect(studio.widget(prompt, 'text')).toHaveValue('');
  await app.keyboard.press('Control+z');
  await expect(studio.nodes()).toHaveCount(0);

  await app.keyboard.press('Control+Shift+Tab');
  await expect(tabs.nth(0)).toHaveAttribute('data-active', 'true');
  await expect(studio.nodes()).toHaveCount(0);
  await studio.pane.click({ position: blankCanvas });
  await app.keyboard.press('Control+z');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await expect(tabs.nth(0).getByTestId('tab-title')).toHaveText('text-to-image-then-edit.nodeloom');
});

test('a tab opened after the budget was set asks before a run over it', async ({ app }) => {
  const studio = new Studio(app);
  await app.getByTestId('btn-settings').click();
  await app.getByTestId('budget').fill('0.01');
  await app.getByTestId('settings-save').click();
  await expect(app.getByTestId('settings-dialog')).toBeHidden();

  // A second tab, opened after the change, with the example in it.
  await studio.open('one-prompt-three-models.nodeloom');
  await app.getByTestId('tab-new').click();
  await studio.open('text-to-image-then-edit.nodeloom');
  await expect(app.getByTestId('tab')).toHaveCount(2);

  await app.getByTestId('btn-run').click();
  const asked = app.getByTestId('confirm-dialog');
  await expect(asked).toBeVisible();
  await expect(asked).toContainText('your budget of $0.01');
  await app.getByTestId('confirm-dialog-cancel').click();
  await expect(asked).toBeHidden();
  // Declined: nothing started.
  await expect(app.getByTestId('btn-cancel')).toHaveCount(0);
  await expect(app.getByTestId('btn-run')).toBeEnabled();
});
