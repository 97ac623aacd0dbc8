import { useMemo } from 'react';
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
import { HistoryButton } from './history/HistoryPanel';
import { fileSources } from './imageSources';
import { runLabel, estimateRun } from './runEstimate';
import type { CommandId } from './shortcuts';
import { withShortcut } from './shortcuts';
import { useRegistryVersion } from '../host/registryVersion';
import { useGraph, useRun } from '../store/context';
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

function ToolButton({
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
  const doc = useGraph((s) => s.doc);
  const selected = useGraph((s) => s.selectedNodeIds);
  const activeRunId = useRun((s) => s.activeRunId);
  const running = activeRunId !== null;
  const hasFileImages = useMemo(() => fileSources(doc).length > 0, [doc]);

  const prices = useSettings((s) => s.modelPrices);
  // The registry is one object whose models (and prices) change: its version says when.
  const version = useRegistryVersion(registry);
  const runText = useMemo(
    () => runLabel('Run', estimateRun(doc, registry, undefined, prices)),
    [doc, registry, prices, version],
  );
  const selectedText = useMemo(
    () =>
      selected.length > 0
        ? runLabel('Run to selected', estimateRun(doc, registry, selected, prices))
        : 'Run to selected',
    [doc, registry, selected, prices, version],
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
          hint="Run the whole graph"
          icon={Play}
          disabled={running || doc.nodes.length === 0}
        />
        <ToolButton
          command="run.runSelected"
          testId="btn-run-selected"
          label={selectedText}
          hint="Run the selected nodes and what they need"
          icon={ListEnd}
          disabled={running || selected.length === 0}
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
      <div className="tool-group end">
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
