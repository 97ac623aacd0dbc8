import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { CallOutput } from '../../shared/contract/hostApi';
import { useApp } from '../host/appContext';
import { checkFileName, joinPath, withExtension } from './files';
import { Modal } from './Modal';
import { useStudio } from './studioContext';

type Listing = CallOutput<'workflow.list'>;
type Entry = Listing['entries'][number];

interface FileDialogProps {
  mode: 'open' | 'save';
  suggestedName: string;
  /** The chosen path, or null when the dialog was dismissed. */
  onResolve(path: string | null): void;
}

const byKindThenName = (a: Entry, b: Entry): number =>
  a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1;

/**
 * The app's own Open / Save As dialog, for the browser (no OS dialogs there): it
 * browses what the host lists — folders and workflow files — starting in the
 * workspace folder. Enter confirms; a double click opens a file or a folder.
 */
export function FileDialog({ mode, suggestedName, onResolve }: FileDialogProps) {
  const { host, info } = useApp();
  const { ui } = useStudio();
  const [listing, setListing] = useState<Listing | null>(null);
  const [name, setName] = useState(mode === 'save' ? suggestedName : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);

  // Save As: the name without its extension is selected, ready to be typed over.
  useEffect(() => {
    const field = nameField.current;
    if (mode !== 'save' || !field) return;
    const dot = field.value.toLowerCase().lastIndexOf('.nodeloom');
    field.setSelectionRange(0, dot > 0 ? dot : field.value.length);
  }, [mode]);

  const browse = useCallback(
    async (dir: string | undefined) => {
      setBusy(true);
      try {
        const next = await host.call('workflow.list', dir ? { dir } : {});
        setListing({ ...next, entries: [...next.entries].sort(byKindThenName) });
        setError(null);
      } catch (e) {
        setError(`Cannot list ${dir ?? 'the folder'}: ${e instanceof Error ? e.message : e}`);
      } finally {
        setBusy(false);
      }
    },
    [host],
  );

  useEffect(() => {
    void browse(info.workspaceDir || undefined);
  }, [browse, info.workspaceDir]);

  const find = (wanted: string): Entry | undefined =>
    listing?.entries.find((e) => e.name === wanted) ??
    listing?.entries.find((e) => e.kind === 'workflow' && e.name === withExtension(wanted));

  const confirm = async (): Promise<void> => {
    if (!listing || busy) return;
    const typed = name.trim();
    const problem = checkFileName(typed);
    if (problem) return setError(problem);
    const entry = find(typed);
    if (entry?.kind === 'dir') {
      setName(mode === 'save' ? suggestedName : '');
      return browse(entry.path);
    }
    if (mode === 'open') {
      if (!entry) return setError(`There is no workflow named "${typed}" in this folder.`);
      return onResolve(entry.path);
    }
    const fileName = withExtension(typed);
    if (entry) {
      const ok = await ui.getState().confirm({
        title: 'Replace file?',
        message: `${fileName} already exists in this folder. Replace it?`,
        confirmLabel: 'Replace',
        danger: true,
      });
      if (!ok) return;
    }
    onResolve(joinPath(listing.dir, fileName));
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void confirm();
  };

  const activate = (entry: Entry): void => {
    if (entry.kind === 'dir') void browse(entry.path);
    else onResolve(entry.path);
  };

  return (
    <Modal
      title={mode === 'open' ? 'Open workflow' : 'Save workflow as'}
      testId="file-dialog"
      className="file-dialog"
      onClose={() => onResolve(null)}
      initialFocus="[data-testid=file-dialog-name]"
    >
      <form onSubmit={onSubmit}>
        <div className="file-dialog-location">
          <button
            type="button"
            data-testid="file-dialog-up"
            disabled={!listing?.parent || busy}
            onClick={() => listing?.parent && void browse(listing.parent)}
            title="Parent folder"
          >
            ↑ Up
          </button>
          <span className="file-dialog-dir" data-testid="file-dialog-dir" title={listing?.dir}>
            {listing?.dir ?? 'Loading…'}
          </span>
        </div>
        <ul className="file-list" role="listbox" aria-label="Folders and workflows">
          {listing?.entries.length === 0 && (
            <li className="file-list-empty">No folders or workflows here.</li>
          )}
          {listing?.entries.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                role="option"
                aria-selected={entry.name === name}
                className={`file-entry ${entry.kind}${entry.name === name ? ' selected' : ''}`}
                data-testid="file-dialog-entry"
                data-kind={entry.kind}
                data-name={entry.name}
                onClick={() => (entry.kind === 'dir' ? activate(entry) : setName(entry.name))}
                onDoubleClick={() => activate(entry)}
              >
                <span className="file-entry-icon" aria-hidden="true">
                  {entry.kind === 'dir' ? '▸' : '◆'}
                </span>
                {entry.name}
              </button>
            </li>
          ))}
        </ul>
        <label className="field">
          <span>File name</span>
          <input
            ref={nameField}
            type="text"
            data-testid="file-dialog-name"
            value={name}
            spellCheck={false}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </label>
        {error && (
          <p className="field-error" role="alert" data-testid="file-dialog-error">
            {error}
          </p>
        )}
        <div className="modal-footer">
          <button type="button" onClick={() => onResolve(null)}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="file-dialog-confirm"
            disabled={!listing || busy}
          >
            {mode === 'open' ? 'Open' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
