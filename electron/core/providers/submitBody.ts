import type { ProviderId } from '../../../shared/catalog/model';
import { geminiSubmitBody } from './gemini';
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
    // Gemini reads images inline only: an https image is downloaded and sent as data.
    google: (request) =>
      geminiSubmitBody({
        ...request,
        input: {
          ...request.input,
          ...(Array.isArray(request.input['image_urls'])
            ? {
                image_urls: request.input['image_urls'].map((u) =>
                  /^https:/i.test(String(u)) ? `<${String(u)}, downloaded and sent inline>` : u,
                ),
              }
            : {}),
        },
      }),
  };
