import type { ReactNode } from 'react';
import { UserPricesContext } from '../host/userPrices';
import { useSettings } from './studioContext';

/** Provides the studio's current settings' prices to the canvas; they change as Settings do. */
export function UserPricesFromSettings({ children }: { children: ReactNode }) {
  const prices = useSettings((s) => s.modelPrices);
  return <UserPricesContext.Provider value={prices}>{children}</UserPricesContext.Provider>;
}
