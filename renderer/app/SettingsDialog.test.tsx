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
    expect(studio.settings.getState().budgetUsd).toBeNull();
  });

  it('explains a value it cannot save', () => {
    const host = fakeHost();
    renderStudio(<SettingsDialog onClose={() => {}} />, { host });
    fireEvent.change(screen.getByTestId('budget'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-error').textContent).toMatch(/dollars/);
    expect(host.callsOf('settings.update')).toHaveLength(0);
  });
});
