import { AddModelDialog } from './AddModelDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { FileDialog } from './FileDialog';
import { ImageViewer } from './ImageViewer';
import { SettingsDialog } from './SettingsDialog';
import { ShortcutsPanel } from './ShortcutsPanel';
import { TemplatesDialog } from './TemplatesDialog';
import { isTabCommand } from './tabCommands';
import { useStudio, useUi } from './studioContext';
import type { Dialog } from './uiStore';

/** Every open modal dialog, topmost last. */
export function Dialogs() {
  const dialogs = useUi((s) => s.dialogs);
  return (
    <>
      {dialogs.map((dialog, i) => (
        <DialogView key={i} dialog={dialog} />
      ))}
    </>
  );
}

function DialogView({ dialog }: { dialog: Dialog }) {
  const { ui, controller } = useStudio();
  const close = (): void => ui.getState().closeTop();
  // Tab commands are the tab set's; every other command needs this session's handler.
  const has = (id: string): boolean => isTabCommand(id) || Object.hasOwn(controller.commands, id);
  switch (dialog.kind) {
    case 'settings':
      return <SettingsDialog onClose={close} />;
    case 'shortcuts':
      return (
        <ShortcutsPanel
          onClose={close}
          has={has}
          run={(id) => {
            // The panel closes first: commands act on the editor, not under a dialog.
            close();
            controller.execute(id);
          }}
        />
      );
    case 'templates':
      return <TemplatesDialog onClose={close} />;
    case 'addModel':
      return <AddModelDialog onClose={close} />;
    case 'confirm':
      return <ConfirmDialog {...dialog} onAnswer={dialog.resolve} />;
    case 'file':
      return (
        <FileDialog
          mode={dialog.mode}
          suggestedName={dialog.suggestedName}
          onResolve={dialog.resolve}
        />
      );
    case 'image':
      return <ImageViewer entries={dialog.entries} index={dialog.index} onClose={close} />;
  }
}
