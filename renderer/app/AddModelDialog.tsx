import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { GEMINI_INPUT_SCHEMA, draftModelEntry } from '../../shared/catalog/draftModel';
import { PROVIDER_NAMES, modelNodeType } from '../../shared/catalog/model';
import type { ProviderId } from '../../shared/catalog/model';
import { asLive } from '../../shared/nodes/liveRegistry';
import { modelNodeSpec } from '../../shared/nodes/registry';
import type { NodeSpec } from '../../shared/nodes/spec';
import { useApp } from '../host/appContext';
import { Modal } from './Modal';
import { useStudio } from './studioContext';

const PROVIDERS = Object.keys(PROVIDER_NAMES) as ProviderId[];

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What the node will look like: its inputs, widgets and outputs. */
function NodePreview({ spec }: { spec: NodeSpec }) {
  return (
    <div className="add-model-preview" data-testid="add-model-preview">
      <h3>{spec.title}</h3>
      <p className="add-model-type">{spec.type}</p>
      <dl>
        <dt>Inputs</dt>
        <dd data-testid="preview-inputs">
          {spec.inputs.map((p) => `${p.label} (${p.type})`).join(', ') || 'none'}
        </dd>
        <dt>Settings</dt>
        <dd data-testid="preview-widgets">
          {spec.widgets.map((w) => `${w.label} (${w.kind})`).join(', ') || 'none'}
        </dd>
        <dt>Outputs</dt>
        <dd data-testid="preview-outputs">
          {spec.outputs.map((p) => `${p.label} (${p.type})`).join(', ')}
        </dd>
      </dl>
    </div>
  );
}

/**
 * Add Model: a provider, the endpoint id and the input schema copied from the model's
 * API page. The preview is the node the same parser makes from it; Add writes the
 * file into the user's models folder (the host checks everything again).
 */
export function AddModelDialog({ onClose }: { onClose(): void }) {
  const { host, registry } = useApp();
  const { ui } = useStudio();
  const [provider, setProvider] = useState<ProviderId>('runcomfy');
  const [endpoint, setEndpoint] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [schema, setSchema] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const request = useMemo(
    () => ({ provider, endpoint, schema, displayName }),
    [provider, endpoint, schema, displayName],
  );
  const draft = useMemo(
    () => (endpoint.trim() && schema.trim() ? draftModelEntry(request) : null),
    [request, endpoint, schema],
  );
  const taken = draft?.ok ? registry.get(modelNodeType(draft.value)) : undefined;

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft?.ok || taken) return;
    setBusy(true);
    try {
      const added = await host.call('models.add', request);
      // The host announces catalog.changed too; reading it here makes the node usable at once.
      const catalog = await host.call('catalog.get', {});
      asLive(registry)?.replace(catalog.models);
      ui.getState().notify({
        kind: 'info',
        text: `Added ${added.model.displayName}: find it in the node library under Models.`,
        details: [added.path],
      });
      onClose();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Add model"
      testId="add-model-dialog"
      className="add-model-dialog"
      onClose={onClose}
    >
      <form onSubmit={(e) => void onSubmit(e)}>
        <label className="field">
          <span>Provider</span>
          <select
            value={provider}
            data-testid="add-model-provider"
            onChange={(e) => setProvider(e.target.value as ProviderId)}
          >
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Endpoint (the model id on its API page)</span>
          <input
            spellCheck={false}
            placeholder="google/nano-banana-2/text-to-image"
            value={endpoint}
            data-testid="add-model-endpoint"
            onChange={(e) => setEndpoint(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Name (optional)</span>
          <input
            value={displayName}
            data-testid="add-model-name"
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Input schema (JSON, as the API page shows it)</span>
          <textarea
            rows={8}
            spellCheck={false}
            className="add-model-schema"
            value={schema}
            data-testid="add-model-schema"
            onChange={(e) => setSchema(e.target.value)}
          />
        </label>
        {provider === 'google' && (
          <button
            type="button"
            data-testid="add-model-gemini-inputs"
            title="Google publishes no input schema per model: Gemini image models take these"
            onClick={() => setSchema(JSON.stringify(GEMINI_INPUT_SCHEMA, null, 2))}
          >
            Use Gemini's inputs
          </button>
        )}
        {draft && !draft.ok && (
          <ul className="field-error" role="alert" data-testid="add-model-problems">
            {draft.error.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {taken && (
          <p className="field-error" role="alert">
            {taken.type} exists already (
            {taken.model?.origin === 'user' ? 'one of your models' : 'a bundled model'}).
          </p>
        )}
        {draft?.ok && <NodePreview spec={modelNodeSpec(draft.value)} />}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="add-model-submit"
            disabled={busy || !draft?.ok || taken !== undefined}
          >
            Add model
          </button>
        </div>
      </form>
    </Modal>
  );
}
