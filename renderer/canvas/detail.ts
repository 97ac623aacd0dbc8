import type { ReactFlowState } from '@xyflow/react';

/**
 * Below this zoom the canvas draws less (as litegraph does below 0.6): nodes swap
 * their widgets for an empty block of the same size, and canvas.css drops shadows,
 * labels and animations (`nl-low-detail`), which software rasterisers pay for on
 * every frame of a pan.
 */
export const DETAIL_ZOOM = 0.45;

export const zoomedOut = (s: ReactFlowState): boolean => s.transform[2] < DETAIL_ZOOM;
