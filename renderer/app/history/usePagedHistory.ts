import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryQuery } from '../../../shared/contract/hostApi';
import { useApp } from '../../host/appContext';
import type { HistoryFilter } from './historyUi';

export const PAGE_SIZE = 60;

type PagedCall = 'history.list' | 'history.gallery';
type ItemsOf<K extends PagedCall> = K extends 'history.list'
  ? Awaited<ReturnType<typeof listRuns>>['items']
  : Awaited<ReturnType<typeof listImages>>['items'];

type Caller = ReturnType<typeof useApp>['host'];
const listRuns = async (host: Caller, q: HistoryQuery) => {
  const { runs, total, capped } = await host.call('history.list', q);
  return { items: runs, total, capped };
};
const listImages = async (host: Caller, q: HistoryQuery) => {
  const { images, total, capped } = await host.call('history.gallery', q);
  return { items: images, total, capped };
};

/**
 * One filtered listing of the history (runs or images), newest first, a page at a
 * time: read again when the filter changes, a run starts or ends, or records change
 * elsewhere; `more()` appends the next page. Only the latest answer is shown (an
 * older one may still hold a deleted run).
 */
export function usePagedHistory<K extends PagedCall>(call: K, filter: HistoryFilter) {
  const { host } = useApp();
  const [items, setItems] = useState<ItemsOf<K> | null>(null);
  const [total, setTotal] = useState(0);
  const [capped, setCapped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(PAGE_SIZE);
  const asked = useRef(0);

  const refresh = useCallback(async () => {
    const n = ++asked.current;
    const read = call === 'history.list' ? listRuns : listImages;
    try {
      const page = await read(host, { ...filter, limit: shown.current });
      if (n !== asked.current) return;
      setItems(page.items as ItemsOf<K>);
      setTotal(page.total);
      setCapped(page.capped);
      setError(null);
    } catch (e) {
      if (n === asked.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, [host, call, filter]);

  useEffect(() => {
    shown.current = PAGE_SIZE;
    void refresh();
    // A run starting or ending changes the list; node events only its details.
    const offs = [
      host.on('run.event', (e) => void (e.type !== 'node' && refresh())),
      // A run completed after a restart, or deleted (in another window too).
      host.on('history.changed', () => void refresh()),
    ];
    return () => offs.forEach((off) => off());
  }, [host, refresh]);

  const more = useCallback(() => {
    shown.current += PAGE_SIZE;
    void refresh();
  }, [refresh]);

  return { items, setItems, total, capped, error, refresh, more };
}
