import type { EmulatorContext } from './context';
import { storageErrorXml } from './files';
import type { Call, Reply } from './reply';
import type { RouteDef } from './server';
import type { ProviderId } from './types';

const PROVIDERS: readonly ProviderId[] = ['runcomfy', 'runflow'];
const FILE = '([0-9a-f-]{36}\\.[a-z0-9]+)';

/**
 * GETs of output and asset files under presigned URLs. They answer like an
 * object store: the bytes, or a 403/404 XML error for an expired, tampered or
 * unknown URL. The redirect faults move an output behind a chain of redirects
 * (as a storage host handing off to a CDN does) or into a redirect loop; the
 * hops are routes of their own, so a fault never fires on them again.
 */
export function storageRoutes(ctx: EmulatorContext): RouteDef[] {
  const fileOf = (call: Call) => {
    const resolved = ctx.files.resolve(call.url);
    return resolved.ok ? resolved.file : undefined;
  };

  /** The bytes of the file a presigned URL names, or the store's error. */
  const serve = (provider: ProviderId, call: Call, presigned: URL): Reply => {
    const answer = ctx.files.resolve(presigned);
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

  const redirect = (status: number, location: string): Reply => ({
    status,
    raw: { bytes: Buffer.alloc(0), contentType: 'text/plain' },
    headers: { Location: location },
  });

  /** `/storage/p/<rest>?<query>` with `<rest>` replaced: the same signature, another path. */
  const moved = (provider: ProviderId, rest: string, file: string, url: URL): string =>
    `${ctx.origin()}/storage/${provider}/${rest}/${file}${url.search}`;

  const download =
    (provider: ProviderId) =>
    (call: Call): Reply => {
      const resolved = ctx.files.resolve(call.url);
      const fault = call.fault;
      if (resolved.ok && fault?.kind === 'expire-output') ctx.files.revoke(resolved.file.id);
      const file = call.params[0]!;
      if (fault?.kind === 'redirect-output') {
        const hops = fault.hops ?? 1;
        return redirect(fault.status ?? 302, moved(provider, `moved/${hops - 1}`, file, call.url));
      }
      if (fault?.kind === 'redirect-loop') {
        return redirect(302, moved(provider, 'loop/a', file, call.url));
      }
      return serve(provider, call, call.url);
    };

  // `moved/N/file`: N more redirects to go; `moved/0/file` serves the bytes.
  const hop =
    (provider: ProviderId) =>
    (call: Call): Reply => {
      const [left, file] = [Number(call.params[0]), call.params[1]!];
      if (left > 0) return redirect(302, moved(provider, `moved/${left - 1}`, file, call.url));
      const presigned = new URL(`/storage/${provider}/${file}${call.url.search}`, ctx.origin());
      return serve(provider, call, presigned);
    };

  // `loop/a` sends to `loop/b` by a relative Location, `loop/b` back to `loop/a`.
  const loop = (provider: ProviderId) => (call: Call) => {
    const [side, file] = [call.params[0], call.params[1]!];
    return side === 'a'
      ? redirect(302, `../b/${file}${call.url.search}`)
      : redirect(307, moved(provider, 'loop/a', file, call.url));
  };

  return PROVIDERS.flatMap((provider): RouteDef[] => [
    {
      provider,
      route: 'download',
      method: 'GET',
      auth: false,
      pattern: new RegExp(`^/storage/${provider}/${FILE}$`),
      model: (call: Call) => fileOf(call)?.model ?? undefined,
      handle: download(provider),
    },
    {
      provider,
      route: 'redirect',
      method: 'GET',
      auth: false,
      pattern: new RegExp(`^/storage/${provider}/moved/(\\d{1,2})/${FILE}$`),
      handle: hop(provider),
    },
    {
      provider,
      route: 'redirect',
      method: 'GET',
      auth: false,
      pattern: new RegExp(`^/storage/${provider}/loop/(a|b)/${FILE}$`),
      handle: loop(provider),
    },
  ]);
}
