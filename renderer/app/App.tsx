import { useCallback, useEffect, useState } from 'react';
import type { HostClient } from '../../shared/contract/hostApi';
import { AppContext } from '../host/appContext';
import type { BootFailure, BootResult } from './boot';
import { bootApp, describeBootError } from './boot';
import { TabbedStudio } from './TabsView';

type BootState =
  | { status: 'loading' }
  | { status: 'failed'; failure: BootFailure }
  | { status: 'ready'; result: BootResult };

function FatalError({ failure, onRetry }: { failure: BootFailure; onRetry(): void }) {
  const where = typeof window !== 'undefined' && !window.nodeloom ? window.location.origin : null;
  return (
    <div className="boot-screen fatal" role="alert" data-testid="fatal-error">
      <h1>{failure.unreachable ? 'Cannot reach the Nodeloom host' : 'Nodeloom could not start'}</h1>
      {failure.unreachable ? (
        <p>
          The window could not talk to the part of Nodeloom that runs the graphs
          {where ? ` (${where})` : ''}. It may have stopped or crashed. Start Nodeloom again, then
          press Retry.
        </p>
      ) : (
        <p>The host answered, but with an error. Nothing has been changed.</p>
      )}
      <pre className="boot-detail">{failure.message}</pre>
      <button type="button" className="primary" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** Connects to the host, loads what the editor needs, then shows the editor. */
export function App({ host }: { host: HostClient }) {
  const [state, setState] = useState<BootState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    bootApp(host).then(
      (result) => !cancelled && setState({ status: 'ready', result }),
      (error: unknown) =>
        !cancelled && setState({ status: 'failed', failure: describeBootError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [host, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  if (state.status === 'loading') {
    return (
      <div className="boot-screen" role="status" data-testid="loading">
        <div className="spinner" aria-hidden="true" />
        <p>Starting Nodeloom…</p>
      </div>
    );
  }
  if (state.status === 'failed') return <FatalError failure={state.failure} onRetry={retry} />;
  const { services, settings, catalogErrors } = state.result;
  return (
    <AppContext.Provider value={services}>
      <TabbedStudio settings={settings} catalogErrors={catalogErrors} />
    </AppContext.Provider>
  );
}
