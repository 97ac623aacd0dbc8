import { memo } from 'react';
import '../styles/nodeNotes.css';
import { useApp } from '../host/appContext';
import type { NodeRunView } from '../store/runTypes';

type Saved = NonNullable<NodeRunView['saved']>;
type SavedFile = Saved['files'][number];

/** File names listed on the node; the rest are counted. */
const MAX_SHOWN = 3;

/** The last part of a path, whichever separator the host's OS uses. */
const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
/** The folder's own name: "nodeloom-output". */
const folderName = (p: string): string => baseName(p.replace(/[\\/][^\\/]*$/, ''));

/**
 * Where a Preview/Save node saved its images in this run: the folder and each file
 * name. A click shows the file in the OS file manager (desktop) or opens the image
 * in a new browser tab (web mode, where the page can not reach the file manager).
 */
export const SavedTo = memo(function SavedTo({ nodeId, saved }: { nodeId: string; saved: Saved }) {
  const { host, info } = useApp();
  const open = (file: SavedFile): void => {
    if (!info.revealsFiles) {
      window.open(host.imageUrl(file.hash), '_blank', 'noopener');
      return;
    }
    host.call('output.reveal', { path: file.path }).catch((e: unknown) => console.warn(e));
  };
  const { files, error } = saved;
  const first = files[0];
  return (
    <div className="nl-saved nodrag" data-testid={`saved-${nodeId}`}>
      {first ? (
        <>
          <span className="nl-saved__label" title={first.path}>
            Saved to {folderName(first.path)}/
          </span>
          {files.slice(0, MAX_SHOWN).map((file) => (
            <button
              key={file.path}
              type="button"
              className="nl-saved__file"
              data-testid="saved-file"
              title={`${file.path}\n${info.revealsFiles ? 'Click to show it in its folder' : 'Click to open it'}`}
              onClick={() => open(file)}
            >
              {baseName(file.path)}
            </button>
          ))}
          {files.length > MAX_SHOWN ? (
            <span className="nl-saved__more">+{files.length - MAX_SHOWN} more</span>
          ) : null}
        </>
      ) : null}
      {error ? (
        <span className="nl-saved__error" role="alert">
          Not saved: {error}
        </span>
      ) : null}
    </div>
  );
});
