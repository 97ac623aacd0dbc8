import { useMemo } from 'react';
import { shallow } from 'zustand/shallow';
import { runIdOf } from '../store/componentFrames';
import {
  FilePlus2,
  FolderOpen,
  ListEnd,
  PackageCheck,
  Play,
  Save,
  SaveAll,
  Settings,
  Square,
} from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useApp } from '../host/appContext';
import { ComponentTools } from './ComponentTools';
import { HistoryButton } from './history/HistoryPanel';
import { QueueButton } from './queue/QueuePanel';
import { useQueue, waitingCount } from './queue/queueClient';
import { fileSources } from './imageSources';
import { runLabel, estimateRun, forecastLabel, runForecast } from './runEstimate';
import { runExpansion } from './runCommands';
import { RunVariants } from './RunVariants';
import type { CommandId } from './shortcuts';
import { withShortcut } from './shortcuts';
import { useRegistryVersion } from '../host/registryVersion';
import { useGraph, useRun } from '../store/context';
import { useStructure } from '../store/structure';
import { useSettings, useStudio } from './studioContext';

interface ToolButtonProps {
  command: CommandId;
  testId: string;
  label: string;
  hint: string;
  icon: LucideIcon;
  /** Icon only: the label is the accessible name, the tooltip says the rest. */
  iconOnly?: boolean;
  disabled?: boolean;
  className?: string;
}

export function ToolButton({
  command,
  testId,
  label,
  hint,
  icon: Icon,
  iconOnly,
  disabled,
  className,
}: ToolButtonProps) {
  const { controller } = useStudio();
  return (
    <button
      type="button"
      className={`tool-button${iconOnly ? ' icon-only' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      disabled={disabled}
      title={withShortcut(hint, command)}
      aria-label={iconOnly ? label : undefined}
      onClick={() => controller.execute(command)}
    >
      <Icon size={16} aria-hidden="true" />
      {iconOnly ? null : label}
    </button>
  );
}

/** File actions, Run with the estimated cost on the button, Cancel, Settings. */
export function Toolbar() {
  const { registry } = useApp();
  // Structure only, of the whole file (also while a component is open): a node drag
  // must not re-estimate the run on every frame.
  const doc = useStructure();
  const selected = useGraph((s) => s.selectedNodeIds.map((id) => runIdOf(s.frames, id)), shallow);
  const activeRunId = useRun((s) => s.activeRunId);
  const running = activeRunId !== null;
  // During a run (or behind queued runs) Run adds to the queue instead.
  const queues = useQueue((q) => running || waitingCount(q.view) > 0);
  const runBase = queues ? 'Queue' : 'Run';
  const selectedBase = queues ? 'Queue selected' : 'Run to selected';
  const hasFileImages = useMemo(() => fileSources(doc).length > 0, [doc]);

  const prices = useSettings((s) => s.modelPrices);
  // The registry is one object whose models (and prices) change: its version says when.
  const version = useRegistryVersion(registry);
  const variants = useRun((s) => s.variants);
  // Priced before it runs: every variant and combination the run expands into.
  const forecast = useMemo(
    () => runForecast(doc, registry, undefined, prices, runExpansion(variants)),
    [doc, registry, prices, version, variants],
  );
  const runText = forecastLabel(variants > 1 ? `${runBase} ×${variants}` : runBase, forecast);
  const runHint = forecast.refusal
    ? `Cannot run: ${forecast.refusal}`
    : queues
      ? 'Queue the whole graph as it is now: it runs after the runs before it'
      : forecast.expanded
        ? `Run the whole graph: ${forecast.jobs} job${forecast.jobs === 1 ? '' : 's'} over its variants and combinations`
        : 'Run the whole graph';
  const selectedText = useMemo(
    () =>
      selected.length > 0
        ? runLabel(
            selectedBase,
            estimateRun(doc, registry, selected, prices, runExpansion(variants)),
          )
        : selectedBase,
    [doc, registry, selected, prices, version, variants, selectedBase],
  );

  return (
    <header className="toolbar" role="toolbar" aria-label="Workflow">
      <span className="brand" aria-hidden="true">
        Nodeloom
      </span>
      <div className="tool-group">
        <ToolButton
          command="file.new"
          testId="btn-new"
          label="New"
          hint="New workflow"
          icon={FilePlus2}
          iconOnly
        />
        <ToolButton
          command="file.open"
          testId="btn-open"
          label="Open…"
          hint="Open a workflow"
          icon={FolderOpen}
          iconOnly
        />
        <ToolButton
          command="file.save"
          testId="btn-save"
          label="Save"
          hint="Save"
          icon={Save}
          iconOnly
        />
        <ToolButton
          command="file.saveAs"
          testId="btn-save-as"
          label="Save As…"
          hint="Save under another name"
          icon={SaveAll}
          iconOnly
        />
        <ToolButton
          command="file.embedImages"
          testId="btn-embed-images"
          label="Embed Images"
          hint="Embed images: store the images Load Image nodes read from files in the workflow, so the file travels alone"
          icon={PackageCheck}
          iconOnly
          disabled={!hasFileImages}
        />
      </div>
      <div className="tool-group">
        <ToolButton
          command="run.run"
          testId="btn-run"
          className="primary run-button"
          label={runText}
          hint={runHint}
          icon={Play}
          disabled={doc.nodes.length === 0}
        />
        <RunVariants />
        <ToolButton
          command="run.runSelected"
          testId="btn-run-selected"
          label={selectedText}
          hint={
            queues
              ? 'Queue the selected nodes and what they need'
              : 'Run the selected nodes and what they need'
          }
          icon={ListEnd}
          disabled={selected.length === 0}
        />
        {running && (
          <ToolButton
            command="run.cancel"
            testId="btn-cancel"
            className="danger"
            label="Cancel"
            hint="Cancel the run (jobs already running may still be billed)"
            icon={Square}
          />
        )}
      </div>
      <ComponentTools />
      <div className="tool-group end">
        <QueueButton />
        <HistoryButton />
        <ToolButton
          command="app.settings"
          testId="btn-settings"
          label="Settings"
          hint="Settings: keys, endpoints, budget, theme"
          icon={Settings}
          iconOnly
        />
      </div>
    </header>
  );
}
