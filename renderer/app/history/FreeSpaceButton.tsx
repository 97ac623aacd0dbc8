import { useApp } from '../../host/appContext';
import { useStudio } from '../studioContext';
import { freeDiskSpace } from './freeSpace';

/** The history header's button that removes stored images nothing names any more. */
export function FreeSpaceButton() {
  const { host } = useApp();
  const studio = useStudio();
  return (
    <button
      type="button"
      data-testid="history-free-space"
      title="Remove stored images that no run, pin or queued run names any more (asks first)"
      onClick={() => void freeDiskSpace({ host, ui: studio.ui, doc: studio.graph.getState().doc })}
    >
      Free space…
    </button>
  );
}
