import type { HostClient } from '../../../shared/contract/hostApi';
import type { GraphDocument } from '../../../shared/graph/document';
import { pinnedImageHashes } from '../../../shared/graph/pins';
import type { UiStore } from '../uiStore';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Frees the disk space of stored images nothing names any more (deleted runs,
 * replaced pins): counts them first (a dry run), says what it means, and removes
 * them only when the user agrees. The pins of the open graph are kept.
 */
export async function freeDiskSpace(deps: {
  host: HostClient;
  ui: UiStore;
  doc: GraphDocument;
}): Promise<void> {
  const keep = pinnedImageHashes(deps.doc);
  const notify = deps.ui.getState().notify;
  let report;
  try {
    report = await deps.host.call('history.collect', { dryRun: true, keep });
  } catch (e) {
    notify({ kind: 'error', text: `Could not look for unused images: ${message(e)}` });
    return;
  }
  if (report.images === 0) {
    notify({
      kind: 'info',
      text: 'No unused images: every stored image is still named by a run or a pin.',
    });
    return;
  }
  const cached =
    report.cachedResults === 0
      ? ''
      : ` ${report.cachedResults} cached ${plural(report.cachedResults, 'result names', 'results name')} them: running ${plural(report.cachedResults, 'that node', 'those nodes')} again will send and bill ${plural(report.cachedResults, 'it', 'them')} again.`;
  const ok = await deps.ui.getState().confirm({
    title: 'Free disk space?',
    message: `${report.images} stored ${plural(report.images, 'image is', 'images are')} no longer named by any run in the history, any pin or the queue (${mb(report.bytes)}). ${report.kept} ${plural(report.kept, 'image stays', 'images stay')}.${cached}`,
    confirmLabel: `Remove ${report.images} ${plural(report.images, 'image', 'images')}`,
    danger: true,
  });
  if (!ok) return;
  try {
    const done = await deps.host.call('history.collect', { dryRun: false, keep });
    notify({
      kind: 'info',
      text: `Removed ${done.images} unused ${plural(done.images, 'image', 'images')} (${mb(done.bytes)}).`,
    });
  } catch (e) {
    notify({ kind: 'error', text: `Could not remove unused images: ${message(e)}` });
  }
}
