import type { ProviderId } from '../../../shared/catalog/model';
import { runcomfySubmitBody } from './runcomfy';
import { runflowSubmitBody } from './runflow';
import type { SubmitRequest } from './types';

/**
 * The JSON body each provider's client POSTs for a submit, by provider: the clients
 * send exactly this, and `--dry-run` prints it (no key is needed to build it).
 */
export const SUBMIT_BODY: Record<ProviderId, (request: SubmitRequest) => Record<string, unknown>> =
  {
    runcomfy: runcomfySubmitBody,
    runflow: runflowSubmitBody,
  };
