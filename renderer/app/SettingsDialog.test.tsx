import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsDialog } from './SettingsDialog';
import { fakeHost, renderStudio, settingsView } from './appTestKit';

afterEach(cleanup);

const KEY = 'rc-secret-key-0123456789';

describe('settings dialog', () => {
  it('sends a typed key once with keys.set, then clears the field and never shows it', async () => {
    const host = fakeHost({
      'keys.set': ({ provider }) => {
        const view = settingsView();
        view.providers[provider] = {
          ...view.providers[provider],
          keySet: true,
          keySource: 'session',
        };
        return view;
      },
    });
    const { container } = renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    expect(screen.getByTestId('key-status-runcomfy').textContent).toBe('not set');
    expect(screen.getByTestId('key-status-runflow').textContent).toBe('set (keychain)');

    const input = screen.getByTestId('key-input-runcomfy') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: KEY } });
    expect(container.innerHTML).not.toContain(KEY);
    fireEvent.click(screen.getByTestId('key-save-runcomfy'));

    await waitFor(() =>
      expect(screen.getByTestId('key-status-runcomfy').textContent).toBe('set (this session)'),
    );
    expect(host.callsOf('keys.set')).toEqual([{ provider: 'runcomfy', key: KEY }]);
    expect(input.value).toBe('');
    expect(container.innerHTML).not.toContain(KEY);
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('refuses a key too short to be one, without calling the host', () => {
    const host = fakeHost();
    renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    fireEvent.change(screen.getByTestId('key-input-runflow'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('key-save-runflow'));
    expect(screen.getByRole('alert').textContent).toMatch(/at least 8/);
    expect(host.callsOf('keys.set')).toHaveLength(0);
  });

  it('says which saved key cannot be used', () => {
    const base = settingsView().providers;
    const problem = 'The Runflow key contains typographic quotes (copied from a document?)';
    renderStudio(<SettingsDialog onClose={() => {}} />, {
      settings: { providers: { ...base, runflow: { ...base.runflow, keyProblem: problem } } },
    });
    expect(screen.getByTestId('key-problem-runflow').textContent).toContain(problem);
    expect(screen.queryByTestId('key-problem-runcomfy')).toBeNull();
  });

  it('clears a key', async () => {
    const host = fakeHost({ 'keys.clear': () => settingsView() });
    renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    fireEvent.click(screen.getByTestId('key-clear-runflow'));
    await waitFor(() => expect(host.callsOf('keys.clear')).toEqual([{ provider: 'runflow' }]));
  });

  it('saves base URLs, concurrency and the budget; an empty budget means never ask', async () => {
    let closed = false;
    const host = fakeHost({ 'settings.update': () => settingsView({ budgetUsd: null }) });
    const { studio } = renderStudio(<SettingsDialog onClose={() => (closed = true)} />, {
      host,
      settings: { budgetUsd: 2 },
    });
    const budget = screen.getByTestId('budget') as HTMLInputElement;
    expect(budget.value).toBe('2');
    fireEvent.change(budget, { target: { value: '' } });
    fireEvent.change(screen.getByTestId('base-url-runflow'), {
      target: { value: 'http://127.0.0.1:8181' },
    });
    fireEvent.change(screen.getByTestId('concurrency-provider'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(closed).toBe(true));
    expect(host.callsOf('settings.update')).toEqual([
      {
        baseUrls: { runflow: 'http://127.0.0.1:8181' },
        concurrency: { global: 8, perProvider: 2 },
        budgetUsd: null,
      },
    ]);
    expect(studio.ui.getState().settings.budgetUsd).toBeNull();
  });

  it('sets the output folder, and an emptied field goes back to the default', async () => {
    const host = fakeHost({ 'settings.update': () => settingsView({ outputDir: '/art/renders' }) });
    const { studio } = renderStudio(<SettingsDialog onClose={() => undefined} />, { host });
    const field = screen.getByTestId('output-dir') as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.placeholder).toContain('nodeloom-output');
    fireEvent.change(field, { target: { value: ' /art/renders ' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(host.callsOf('settings.update')).toHaveLength(1));
    expect(host.callsOf('settings.update')[0]).toMatchObject({ outputDir: '/art/renders' });
    await waitFor(() => expect(studio.ui.getState().settings.outputDir).toBe('/art/renders'));
  });

  it('explains a value it cannot save', () => {
    const host = fakeHost();
    renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    fireEvent.change(screen.getByTestId('budget'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-error').textContent).toMatch(/dollars/);
    expect(host.callsOf('settings.update')).toHaveLength(0);
  });

  it("saves the user's own price per model, shown beside the published one; emptied, it is removed", async () => {
    const pro = 'model:runcomfy/google/nano-banana/pro/edit';
    const nb2 = 'model:runcomfy/google/nano-banana-2/edit';
    const rf = 'model:runflow/google/nano-banana-pro/edit';
    const host = fakeHost({
      'settings.update': () => settingsView({ modelPrices: { [pro]: 0.12 } }),
    });
    const { studio } = renderStudio(<SettingsDialog onClose={() => {}} />, {
      host,
      settings: { modelPrices: { [nb2]: 0.08 } },
    });
    const nb2Field = screen.getByTestId(`price-${nb2}`) as HTMLInputElement;
    expect(nb2Field.value).toBe('0.08');
    expect(nb2Field.closest('label')!.textContent).toContain('no published price');
    const rfField = screen.getByTestId(`price-${rf}`) as HTMLInputElement;
    expect(rfField.value).toBe('');
    expect(rfField.closest('label')!.textContent).toContain('$0.15 per image (published)');

    fireEvent.change(screen.getByTestId(`price-${pro}`), { target: { value: '$0.12' } });
    fireEvent.change(nb2Field, { target: { value: '' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(host.callsOf('settings.update')).toHaveLength(1));
    expect(host.callsOf('settings.update')[0]!.modelPrices).toEqual({ [pro]: 0.12, [nb2]: null });
    await waitFor(() => expect(studio.ui.getState().settings.modelPrices).toEqual({ [pro]: 0.12 }));
  });

  it('names the model whose price it cannot read, and saves nothing', () => {
    const host = fakeHost();
    renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    fireEvent.change(screen.getByTestId('price-model:runcomfy/google/nano-banana/pro/edit'), {
      target: { value: '-1' },
    });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-error').textContent).toBe(
      'Your price for Nano Banana Pro Edit (RunComfy) is an amount in dollars per image, like 0.12 (empty: none).',
    );
    expect(host.callsOf('settings.update')).toHaveLength(0);
  });
});
