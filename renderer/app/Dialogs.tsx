import { ConfirmDialog } from './ConfirmDialog';
import { FileDialog } from './FileDialog';
import { ImageViewer } from './ImageViewer';
import { SettingsDialog } from './SettingsDialog';
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
  const { ui } = useStudio();
  const close = (): void => ui.getState().closeTop();
  switch (dialog.kind) {
    case 'settings':
      return <SettingsDialog onClose={close} />;
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
