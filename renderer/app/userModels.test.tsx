import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../shared/catalog/model';
import { App } from './App';
import { fakeHost, models } from './appTestKit';

afterEach(cleanup);

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['prompt'],
  properties: {
    prompt: { type: 'string', title: 'Prompt' },
    steps: { type: 'integer', minimum: 1, maximum: 50, title: 'Steps' },
  },
});

const mine: ModelEntry = {
  provider: 'runflow',
  endpoint: 'acme/mine',
  displayName: 'Mine',
  family: 'Your Runflow models',
  task: 'text-to-image',
  pricing: { kind: 'unknown', note: 'yours' },
  inputSchema: JSON.parse(SCHEMA) as ModelEntry['inputSchema'],
  origin: 'user',
};

describe('your models in the app', () => {
  it('catalog.changed adds the model to the node library, marked yours, and reports bad files', async () => {
    const host = fakeHost();
    render(<App host={host} />);
    await screen.findByTestId('node-library');
    expect(screen.queryByTestId('library-item-model:runflow/acme/mine')).toBeNull();
    await host.emitWhenListening('catalog.changed', {
      models: [...models, mine],
      errors: ['/data/models/bad.json: task: Invalid option'],
    });
    await screen.findByTestId('library-item-model:runflow/acme/mine');
    expect(screen.getByTestId('library-mine-model:runflow/acme/mine').textContent).toBe('yours');
    expect(
      await screen.findByText(/could not be loaded from the catalog \(1 problem\)/),
    ).toBeTruthy();
  });

  it('Add model previews the node, refuses a broken schema by its path, and adds through models.add', async () => {
    const calls: unknown[] = [];
    let catalog = [...models];
    const host = fakeHost({
      'catalog.get': () => ({ models: catalog, errors: [] }),
      'models.add': (input) => {
        calls.push(input);
        catalog = [...models, mine];
        return { path: '/data/models/runflow/acme/mine.json', model: mine };
      },
    });
    render(<App host={host} />);
    fireEvent.click(await screen.findByTestId('library-add-model'));
    fireEvent.change(screen.getByTestId('add-model-provider'), { target: { value: 'runflow' } });
    fireEvent.change(screen.getByTestId('add-model-endpoint'), { target: { value: 'acme/mine' } });
    fireEvent.change(screen.getByTestId('add-model-schema'), {
      target: { value: '{"type":"object"}' },
    });
    expect(screen.getByTestId('add-model-problems').textContent).toMatch(/schema\.properties: /);
    expect((screen.getByTestId('add-model-submit') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByTestId('add-model-schema'), { target: { value: SCHEMA } });
    expect(screen.getByTestId('preview-inputs').textContent).toBe('Prompt (text)');
    expect(screen.getByTestId('preview-widgets').textContent).toBe('Prompt (text), Steps (number)');
    expect(screen.getByTestId('preview-outputs').textContent).toBe(
      'Images (image[]), Image (image)',
    );
    fireEvent.click(screen.getByTestId('add-model-submit'));
    await waitFor(() => expect(screen.queryByTestId('add-model-dialog')).toBeNull());
    expect(calls).toEqual([
      { provider: 'runflow', endpoint: 'acme/mine', schema: SCHEMA, displayName: '' },
    ]);
    await screen.findByTestId('library-mine-model:runflow/acme/mine');
  });
  it('a model added while the history is open appears in its Model filter', async () => {
    const host = fakeHost({ 'history.list': () => ({ runs: [], total: 0, capped: false }) });
    render(<App host={host} />);
    fireEvent.click(await screen.findByTestId('btn-history'));
    const select = await screen.findByTestId('history-filter-model');
    expect(select.textContent).not.toContain('Mine');
    await host.emitWhenListening('catalog.changed', { models: [...models, mine], errors: [] });
    await waitFor(() => expect(select.textContent).toContain('Mine'));
  });
});
