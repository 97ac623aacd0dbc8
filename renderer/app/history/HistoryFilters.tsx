import { useMemo } from 'react';
import { PROVIDER_NAMES, modelNodeType } from '../../../shared/catalog/model';
import type { HistoryQuery } from '../../../shared/contract/hostApi';
import { useApp } from '../../host/appContext';
import { useRegistryVersion } from '../../host/registryVersion';
import { STATUS_TEXT } from './format';
import { useHistoryUi } from './historyUi';

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Since" choices: days back from now (0: since midnight today). */
const PERIODS: { label: string; days: number | null }[] = [
  { label: 'Any time', days: null },
  { label: 'Today', days: 0 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
];

function sinceOf(days: number | null, now = new Date()): number | undefined {
  if (days === null) return undefined;
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  return midnight - days * DAY_MS;
}

/**
 * Search and filters over the run history: words of prompts and node titles, the
 * status, the model, the provider, the period, favourites and cost; and whether the
 * panel lists runs or every image across them.
 */
export function HistoryFilters() {
  const { registry } = useApp();
  const filter = useHistoryUi((s) => s.filter);
  const view = useHistoryUi((s) => s.view);
  const { setFilter, setView } = useHistoryUi((s) => s);
  const version = useRegistryVersion(registry);
  const models = useMemo(
    () => registry.models().map((m) => ({ value: modelNodeType(m), label: m.displayName })),
    // The registry is one object whose models change: its version says when.
    [registry, version],
  );
  const periodDays = PERIODS.find((p) => sinceOf(p.days) === filter.from)?.days ?? null;
  return (
    <div className="history-filters" role="search" aria-label="Search the run history">
      <input
        type="search"
        data-testid="history-search"
        aria-label="Search prompts, node titles and workflow names"
        placeholder="Search prompts and titles…"
        value={filter.text ?? ''}
        onChange={(e) => setFilter({ text: e.target.value })}
      />
      <div className="history-filter-row">
        <select
          aria-label="Status"
          data-testid="history-filter-status"
          value={filter.status ?? ''}
          onChange={(e) =>
            setFilter({ status: (e.target.value || undefined) as HistoryQuery['status'] })
          }
        >
          <option value="">Any status</option>
          {Object.entries(STATUS_TEXT).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select
          aria-label="Model"
          data-testid="history-filter-model"
          value={filter.model ?? ''}
          onChange={(e) => setFilter({ model: e.target.value || undefined })}
        >
          <option value="">Any model</option>
          {models.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Provider"
          data-testid="history-filter-provider"
          value={filter.provider ?? ''}
          onChange={(e) => setFilter({ provider: e.target.value || undefined })}
        >
          <option value="">Any provider</option>
          {Object.entries(PROVIDER_NAMES).map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <select
          aria-label="Period"
          data-testid="history-filter-period"
          value={String(periodDays)}
          onChange={(e) =>
            setFilter({ from: sinceOf(e.target.value === 'null' ? null : Number(e.target.value)) })
          }
        >
          {PERIODS.map((p) => (
            <option key={p.label} value={String(p.days)}>
              {p.label}
            </option>
          ))}
        </select>
        <label className="history-filter-check">
          <input
            type="checkbox"
            data-testid="history-filter-favourite"
            checked={filter.favourite === true}
            onChange={(e) => setFilter({ favourite: e.target.checked })}
          />
          Favourites
        </label>
        <label className="history-filter-cost">
          Cost ≥ $
          <input
            type="number"
            min={0}
            step={0.01}
            aria-label="Minimum cost in dollars"
            value={filter.minUsd ?? ''}
            onChange={(e) =>
              setFilter({
                minUsd: e.target.value === '' ? undefined : Math.max(0, Number(e.target.value)),
              })
            }
          />
        </label>
      </div>
      <div className="history-view-switch" role="group" aria-label="Show">
        <button
          type="button"
          data-testid="history-view-runs"
          aria-pressed={view === 'runs'}
          onClick={() => setView('runs')}
        >
          Runs
        </button>
        <button
          type="button"
          data-testid="history-view-images"
          aria-pressed={view === 'images'}
          onClick={() => setView('images')}
        >
          Images
        </button>
      </div>
    </div>
  );
}
