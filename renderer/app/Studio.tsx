import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import '../styles/commands.css';
import { CanvasCommandsContext } from '../canvas/canvasCommands';
import type { CanvasCommands } from '../canvas/canvasCommands';
import { shortcutLabel } from './shortcuts';
import { WelcomePanel } from './WelcomePanel';
import type { ReactNode } from 'react';
import { Canvas, CanvasProvider, NodeLibrary } from '../canvas';
import { DocumentRegistry } from '../canvas/DocumentRegistry';
import { GraphStoreProvider, RunStoreProvider } from '../store/context';
import { useApp } from '../host/appContext';
import { Dialogs } from './Dialogs';
import { HistoryPanel } from './history/HistoryPanel';
import { QueuePanel } from './queue/QueuePanel';
import { VariantBoard } from './board/VariantBoard';
import { StudioIssues } from './IssuesPanel';
import { Notices } from './Notices';
import { RunStatus } from './RunStatus';
import { StudioContext, useSettings, useStudio, useUi } from './studioContext';
import { insertSnippet, removeSnippet } from './snippets';
import type { Studio as StudioSession } from './studioContext';
import { Toolbar } from './Toolbar';
import { UserPricesFromSettings } from './userPrices';

const EMULATED_TEXT = 'Providers are emulated: no real jobs are sent and nothing is billed.';

const ZOOM_STEP = { duration: 150 };

/** Gives the zoom menu items React Flow's instance (it lives under CanvasProvider). */
function ViewBridge() {
  const flow = useReactFlow();
  const { view } = useStudio();
  useEffect(() => {
    view.current = {
      zoomIn: () => void flow.zoomIn(ZOOM_STEP),
      zoomOut: () => void flow.zoomOut(ZOOM_STEP),
      zoomReset: () => void flow.zoomTo(1, ZOOM_STEP),
    };
    return () => {
      view.current = null;
    };
  }, [flow, view]);
  return null;
}

function Layout({ top }: { top?: ReactNode }) {
  const { info } = useApp();
  const { canvas, ui } = useStudio();
  const hasIssues = useUi((s) => s.issues !== null);
  const panelsHidden = useUi((s) => s.panelsHidden);
  const showIssues = hasIssues && !panelsHidden;
  const snippetProps = useSnippetProps();
  const layout = [panelsHidden ? 'no-library' : '', showIssues ? 'with-panel' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="app">
      <Toolbar />
      {top}
      {info.emulated && (
        <div className="banner emulated" role="note" data-testid="emulated-banner">
          {EMULATED_TEXT}
        </div>
      )}
      <Notices />
      <div className={`workspace ${layout}`}>
        {!panelsHidden && (
          <NodeLibrary
            className="library"
            onAddModel={() => ui.getState().open({ kind: 'addModel' })}
            {...snippetProps}
          />
        )}
        <main className="canvas-area">
          <Canvas controlRef={canvas} />
          <WelcomePanel />
        </main>
        {showIssues && (
          <aside className="side-panel">
            <StudioIssues />
          </aside>
        )}
      </div>
      <HistoryPanel />
      <QueuePanel />
      <VariantBoard />
      <RunStatus />
      <Dialogs />
    </div>
  );
}

/** The node library's Snippets: the settings' list, inserted at the cursor. */
function useSnippetProps() {
  const studio = useStudio();
  const { host } = useApp();
  const snippets = useSettings((s) => s.snippets);
  return useMemo(() => {
    const byId = new Map(snippets.map((s) => [s.id, s]));
    return {
      snippets: snippets.map((s) => ({ id: s.id, name: s.name, size: s.nodes.length })),
      onInsertSnippet: (id: string) => {
        const snippet = byId.get(id);
        if (snippet)
          insertSnippet({ graph: studio.graph, canvas: () => studio.canvas.current }, snippet);
      },
      onRemoveSnippet: (id: string) => void removeSnippet({ host, ...studio }, id),
    };
  }, [snippets, studio, host]);
}

/** The canvas's view of the session's commands (its context menus run them). */
function useCanvasCommandsOf(studio: StudioSession): CanvasCommands {
  const { controller } = studio;
  return useMemo(
    () => ({
      has: (id) => Object.hasOwn(controller.commands, id),
      shortcut: (id) => shortcutLabel(id),
      run: (id, arg) => controller.execute(id, arg),
    }),
    [controller],
  );
}

/** One session's editor; `top` goes under the toolbar (the tab bar, file notices). */
export function StudioView({ studio, top }: { studio: StudioSession; top?: ReactNode }) {
  const canvasCommands = useCanvasCommandsOf(studio);
  return (
    <StudioContext.Provider value={studio}>
      <CanvasCommandsContext.Provider value={canvasCommands}>
        <UserPricesFromSettings>
          <GraphStoreProvider store={studio.graph}>
            <RunStoreProvider store={studio.run}>
              <DocumentRegistry>
                <CanvasProvider>
                  <ViewBridge />
                  <Layout top={top} />
                </CanvasProvider>
              </DocumentRegistry>
            </RunStoreProvider>
          </GraphStoreProvider>
        </UserPricesFromSettings>
      </CanvasCommandsContext.Provider>
    </StudioContext.Provider>
  );
}
