import type { ConfirmRequest } from './uiStore';
import { Modal } from './Modal';

interface ConfirmDialogProps extends ConfirmRequest {
  onAnswer(ok: boolean): void;
}

/** A yes/no question; the safe answer has the focus, Escape says no. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel = 'Cancel',
  danger,
  onAnswer,
}: ConfirmDialogProps) {
  return (
    <Modal
      title={title}
      testId="confirm-dialog"
      className="confirm-dialog"
      onClose={() => onAnswer(false)}
      initialFocus="[data-testid=confirm-dialog-cancel]"
      footer={
        <>
          <button type="button" data-testid="confirm-dialog-cancel" onClick={() => onAnswer(false)}>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={danger ? 'danger' : 'primary'}
            data-testid="confirm-dialog-confirm"
            onClick={() => onAnswer(true)}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p className="confirm-message">{message}</p>
    </Modal>
  );
}
