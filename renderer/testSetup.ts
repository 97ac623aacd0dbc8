import { configure } from '@testing-library/react';

/**
 * findBy / waitFor wait up to 5 s instead of 1 s: the suite shares two cores with
 * other workers, and a first render that takes over a second under that load is
 * slow, not wrong. Nothing waits longer when things are fast.
 */
configure({ asyncUtilTimeout: 5000 });
