import { Modal } from './Modal';
import { TemplateGallery } from './TemplateGallery';

/** File > Templates: the example workflows packaged with the app. */
export function TemplatesDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal
      title="Templates"
      testId="templates-dialog"
      onClose={onClose}
      className="nl-templates-dialog"
    >
      <p className="nl-hint">
        Working graphs to start from. Choosing one opens an untitled copy: your changes never touch
        the template.
      </p>
      <TemplateGallery onOpened={onClose} />
    </Modal>
  );
}
