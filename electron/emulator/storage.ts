import type { EmulatorContext } from './context';
import { storageErrorXml } from './files';
import type { Call, Reply } from './reply';
import type { RouteDef } from './server';
import type { ProviderId } from './types';

const PROVIDERS: readonly ProviderId[] = ['runcomfy', 'runflow'];

/**
 * GETs of output and asset files under presigned URLs. They answer like an
 * object store: the bytes, or a 403/404 XML error for an expired, tampered or
 * unknown URL.
 */
export function storageRoutes(ctx: EmulatorContext): RouteDef[] {
  const fileOf = (call: Call) => {
    const resolved = ctx.files.resolve(call.url);
    return resolved.ok ? resolved.file : undefined;
  };

  const download =
    (provider: ProviderId) =>
    (call: Call): Reply => {
      const resolved = ctx.files.resolve(call.url);
      if (resolved.ok && call.fault?.kind === 'expire-output') ctx.files.revoke(resolved.file.id);
      const answer = ctx.files.resolve(call.url);
      if (!answer.ok) {
        return {
          status: answer.status,
          raw: {
            bytes: Buffer.from(storageErrorXml(answer.code, answer.message)),
            contentType: 'application/xml',
          },
        };
      }
      if (answer.file.jobId) call.record.jobId = answer.file.jobId;
      ctx.stats.count(provider, 'downloads');
      return {
        status: 200,
        raw: { bytes: answer.file.bytes, contentType: answer.file.contentType },
      };
    };

  return PROVIDERS.map((provider) => ({
    provider,
    route: 'download' as const,
    method: 'GET',
    auth: false,
    pattern: new RegExp(`^/storage/${provider}/([0-9a-f-]{36})\\.[a-z0-9]+$`),
    model: (call: Call) => fileOf(call)?.model ?? undefined,
    handle: download(provider),
  }));
}
