import { createContext, useContext } from 'react';

/**
 * Whether the canvas is below the detail zoom (detail.ts `zoomedOut`), computed once by
 * the Canvas and handed down: thousands of nodes each subscribing to React Flow's
 * store would each run a selector on every pan frame. Outside a Canvas: false.
 */
export const LowDetailContext = createContext(false);

export const useLowDetail = (): boolean => useContext(LowDetailContext);
