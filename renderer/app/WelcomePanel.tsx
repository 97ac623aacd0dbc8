import { useState } from 'react';
import { PROVIDER_NAMES, ProviderIdSchema } from '../../shared/catalog/model';
import { useApp } from '../host/appContext';
import { useGraph } from '../store/context';
import { shortcutLabel } from './shortcuts';
import { useSettings, useStudio } from './studioContext';
import { TemplateGallery } from './TemplateGallery';

const PROVIDERS = ProviderIdSchema.options;

/**
 * First run: over an empty canvas, where to start. A template (with its picture),
 * a file, or a first node; whether provider keys are set, and how to try the app
 * without any. It goes away once the graph has a node (and can be closed).
 */
export function WelcomePanel() {
  const empty = useGraph((s) => s.doc.nodes.length === 0);
  const [closed, setClosed] = useState(false);
  if (!empty || closed) return null;
  return <Welcome onClose={() => setClosed(true)} />;
}

function Welcome({ onClose }: { onClose(): void }) {
  const { info } = useApp();
  const { controller } = useStudio();
  const keys = useSettings((s) => s.providers);
  const anyKey = PROVIDERS.some((p) => keys[p].keySet);
  const run = (id: 'file.open' | 'canvas.addNode' | 'app.settings'): void => controller.execute(id);
  return (
    <section className="nl-welcome" aria-labelledby="nl-welcome-title" data-testid="welcome">
      <header className="nl-welcome__head">
        <h2 id="nl-welcome-title">Start with a working graph</h2>
        <button type="button" className="icon-button" aria-label="Close welcome" onClick={onClose}>
          ×
        </button>
      </header>
      <TemplateGallery compact />
      <div className="nl-welcome__actions">
        <button type="button" onClick={() => run('file.open')} data-testid="welcome-open">
          Open a file… <kbd>{shortcutLabel('file.open')}</kbd>
        </button>
        <button
          type="button"
          onClick={() => {
            // The node search opens where the panel was: the panel makes room.
            onClose();
            run('canvas.addNode');
          }}
          data-testid="welcome-add"
        >
          Add a first node <kbd>{shortcutLabel('canvas.addNode')}</kbd>
        </button>
        <span className="nl-hint">or double-click the canvas</span>
      </div>
      <div className="nl-welcome__keys" data-testid="welcome-keys">
        {info.emulated ? (
          <p>Providers are emulated: runs use no keys and nothing is billed.</p>
        ) : (
          <>
            <ul aria-label="Provider keys">
              {PROVIDERS.map((p) => (
                <li key={p} className={keys[p].keySet ? 'key-status set' : 'key-status'}>
                  {PROVIDER_NAMES[p]}: {keys[p].keySet ? 'key set' : 'no key'}
                </li>
              ))}
            </ul>
            <p>
              {anyKey ? 'Runs bill your provider account. ' : 'Add a provider key to run models. '}
              <button type="button" className="nl-link" onClick={() => run('app.settings')}>
                Settings
              </button>
            </p>
            <p className="nl-hint">
              To try everything without keys or charges, start the web app against the built-in
              emulator: <code>npm run web -- --emulator</code>
            </p>
          </>
        )}
      </div>
    </section>
  );
}
