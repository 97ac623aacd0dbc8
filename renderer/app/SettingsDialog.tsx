import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { PROVIDER_NAMES } from '../../shared/catalog/model';
import type { ModelEntry, ProviderId } from '../../shared/catalog/model';
import { SettingsPatchSchema } from '../../shared/contract/settings';
import type { SettingsPatch, SettingsView, Theme } from '../../shared/contract/settings';
import { useApp } from '../host/appContext';
import { Modal } from './Modal';
import { ModelPricesFieldset } from './ModelPricesFieldset';
import { modelPricesPatch, priceTextsOf } from './modelPricesForm';
import type { PriceTexts } from './modelPricesForm';
import { useSettings, useStudio } from './studioContext';

const PROVIDERS = Object.keys(PROVIDER_NAMES) as ProviderId[];

const SOURCE_TEXT: Record<SettingsView['providers'][ProviderId]['keySource'], string> = {
  keychain: 'set (keychain)',
  environment: 'set (environment)',
  session: 'set (this session)',
  none: 'not set',
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * One provider's API key: write-only. The field is a password input the app never
 * fills; the key is sent once with keys.set and the field is emptied. Uncontrolled on
 * purpose: React would otherwise mirror the value into the DOM's value attribute.
 */
function KeyField({ provider }: { provider: ProviderId }) {
  const { host } = useApp();
  const { settings } = useStudio();
  const view = useSettings((s) => s.providers[provider]);
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (action: 'set' | 'clear'): Promise<void> => {
    const field = input.current;
    if (!field) return;
    const key = field.value.trim();
    if (action === 'set' && key.length < 8) {
      setError('An API key has at least 8 characters.');
      return;
    }
    setBusy(true);
    try {
      const next =
        action === 'set'
          ? await host.call('keys.set', { provider, key })
          : await host.call('keys.clear', { provider });
      settings.setState(next, true);
      setError(null);
    } catch (e) {
      setError(message(e));
    } finally {
      field.value = '';
      setBusy(false);
    }
  };

  const name = PROVIDER_NAMES[provider];
  return (
    <div className="key-field">
      <label className="field">
        <span>
          API key{' '}
          <em
            className={view.keySet ? 'key-status set' : 'key-status'}
            data-testid={`key-status-${provider}`}
          >
            {view.keySet ? SOURCE_TEXT[view.keySource] : 'not set'}
          </em>
        </span>
        <input
          ref={input}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={view.keySet ? 'Type a new key to replace it' : `Paste your ${name} API key`}
          data-testid={`key-input-${provider}`}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void act('set');
            }
          }}
        />
      </label>
      <div className="key-actions">
        <button
          type="button"
          data-testid={`key-save-${provider}`}
          disabled={busy}
          onClick={() => void act('set')}
        >
          Save key
        </button>
        <button
          type="button"
          data-testid={`key-clear-${provider}`}
          disabled={busy || !view.keySet || view.keySource === 'environment'}
          title={
            view.keySource === 'environment' ? 'Set in the environment; unset it there' : undefined
          }
          onClick={() => void act('clear')}
        >
          Clear
        </button>
      </div>
      {view.keyProblem && (
        <p className="field-error" data-testid={`key-problem-${provider}`}>
          {view.keyProblem}: this key cannot be used. Paste it again.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface Form {
  baseUrls: Record<ProviderId, string>;
  global: string;
  perProvider: string;
  budget: string;
  prices: PriceTexts;
  /** Empty: nodeloom-output beside the workflow. */
  outputDir: string;
  theme: Theme;
}

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'As the system' },
  { value: 'dark', label: 'Dark' },
  { value: 'light', label: 'Light' },
];

const formOf = (s: SettingsView): Form => ({
  baseUrls: {
    runcomfy: s.providers.runcomfy.baseUrl,
    runflow: s.providers.runflow.baseUrl,
    google: s.providers.google.baseUrl,
  },
  global: String(s.concurrency.global),
  perProvider: String(s.concurrency.perProvider),
  budget: s.budgetUsd === null ? '' : String(s.budgetUsd),
  prices: priceTextsOf(s.modelPrices),
  outputDir: s.outputDir ?? '',
  theme: s.theme ?? 'system',
});

/** The patch the form asks for, or the reason it cannot be saved. */
function patchOf(
  form: Form,
  current: SettingsView,
  models: readonly ModelEntry[],
): SettingsPatch | string {
  const patch: SettingsPatch = {};
  const urls: NonNullable<SettingsPatch['baseUrls']> = {};
  for (const p of PROVIDERS) {
    const url = form.baseUrls[p].trim();
    if (url !== current.providers[p].baseUrl) urls[p] = url;
  }
  if (Object.keys(urls).length > 0) patch.baseUrls = urls;
  const count = (text: string, label: string): number | string => {
    const n = Number(text.trim());
    return Number.isInteger(n) && n >= 1 && n <= 256
      ? n
      : `${label} must be a whole number from 1 to 256.`;
  };
  const global = count(form.global, 'Concurrency (all providers)');
  if (typeof global === 'string') return global;
  const perProvider = count(form.perProvider, 'Concurrency per provider');
  if (typeof perProvider === 'string') return perProvider;
  patch.concurrency = { global, perProvider };
  const budgetText = form.budget.trim().replace(/^\$/, '');
  const budget = budgetText === '' ? null : Number(budgetText);
  if (budget !== null && !(Number.isFinite(budget) && budget >= 0)) {
    return 'The budget is an amount in dollars, like 2.50 (empty: never ask).';
  }
  patch.budgetUsd = budget;
  const prices = modelPricesPatch(form.prices, current.modelPrices, models);
  if (typeof prices === 'string') return prices;
  if (Object.keys(prices).length > 0) patch.modelPrices = prices;
  const outputDir = form.outputDir.trim();
  if (outputDir !== (current.outputDir ?? ''))
    patch.outputDir = outputDir === '' ? null : outputDir;
  if (form.theme !== (current.theme ?? 'system')) patch.theme = form.theme;
  const checked = SettingsPatchSchema.safeParse(patch);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return `${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}`;
  }
  return patch;
}

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { host, registry } = useApp();
  const { settings } = useStudio();
  const current = useSettings((s) => s);
  const [form, setForm] = useState<Form>(() => formOf(current));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const patch = patchOf(form, current, registry.models());
    if (typeof patch === 'string') return setError(patch);
    setBusy(true);
    try {
      settings.setState(await host.call('settings.update', patch), true);
      onClose();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Settings" testId="settings-dialog" className="settings-dialog" onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)}>
        <fieldset className="theme-choice">
          <legend>Appearance</legend>
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {THEMES.map((t) => (
              <label key={t.value} className="segmented__option">
                <input
                  type="radio"
                  name="theme"
                  value={t.value}
                  data-testid={`theme-${t.value}`}
                  checked={form.theme === t.value}
                  onChange={() => setForm({ ...form, theme: t.value })}
                />
                <span>{t.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {PROVIDERS.map((p) => (
          <fieldset key={p} className="provider-settings">
            <legend>{PROVIDER_NAMES[p]}</legend>
            <KeyField provider={p} />
            <label className="field">
              <span>Base URL</span>
              <input
                type="url"
                spellCheck={false}
                data-testid={`base-url-${p}`}
                value={form.baseUrls[p]}
                onChange={(e) =>
                  setForm({ ...form, baseUrls: { ...form.baseUrls, [p]: e.target.value } })
                }
              />
            </label>
          </fieldset>
        ))}
        <fieldset>
          <legend>Runs</legend>
          <div className="field-row">
            <label className="field">
              <span>Jobs at once (all providers)</span>
              <input
                type="number"
                min={1}
                max={256}
                data-testid="concurrency-global"
                value={form.global}
                onChange={(e) => setForm({ ...form, global: e.target.value })}
              />
            </label>
            <label className="field">
              <span>Jobs at once per provider</span>
              <input
                type="number"
                min={1}
                max={256}
                data-testid="concurrency-provider"
                value={form.perProvider}
                onChange={(e) => setForm({ ...form, perProvider: e.target.value })}
              />
            </label>
          </div>
          <label className="field">
            <span>Ask before runs estimated above ($; empty: never ask)</span>
            <input
              type="text"
              inputMode="decimal"
              placeholder="never ask"
              data-testid="budget"
              value={form.budget}
              onChange={(e) => setForm({ ...form, budget: e.target.value })}
            />
          </label>
        </fieldset>
        <ModelPricesFieldset
          texts={form.prices}
          onChange={(prices) => setForm({ ...form, prices })}
        />
        <fieldset>
          <legend>Images</legend>
          <label className="field">
            <span>
              Output folder for Preview / Save (a relative folder is relative to the workflow)
            </span>
            <input
              type="text"
              spellCheck={false}
              placeholder="nodeloom-output, beside the workflow file"
              data-testid="output-dir"
              value={form.outputDir}
              onChange={(e) => setForm({ ...form, outputDir: e.target.value })}
            />
          </label>
        </fieldset>
        {error && (
          <p className="field-error" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        <div className="modal-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="settings-save" disabled={busy}>
            Save settings
          </button>
        </div>
      </form>
    </Modal>
  );
}
