import { createContext, useContext } from 'react';
import type { UserPrices } from '../../shared/cost/estimate';

const NO_PRICES: UserPrices = Object.freeze({});

/**
 * The user's own prices per image (Settings), for what the canvas shows: a context
 * rather than the studio store, so the canvas renders (and is tested) without one.
 */
export const UserPricesContext = createContext<UserPrices>(NO_PRICES);

export const useUserPrices = (): UserPrices => useContext(UserPricesContext);
