import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostService } from '../core/host/hostService';
import type { AccessPolicy } from './accessPolicy';
import { handleBlob, handleCall, handleThumb } from './apiRoutes';
import { largeBodyGate } from './largeBodies';
import type { LargeBodyLimits } from './largeBodies';
import { baseHeaders, sendError, sendJson } from './respond';
import { serveStatic } from './staticFiles';

const UNAUTHORISED =
  'This Nodeloom needs its launch token: open the URL printed by `npm run web` (it ends in ?token=...).';

/**
 * Every HTTP request: the access checks in order (Host, Origin, token), then the
 * API (calls, images) or the built renderer.
 */
export function requestHandler(
  policy: AccessPolicy,
  host: HostService,
  staticDir: string,
  bodyLimits?: LargeBodyLimits,
): (req: IncomingMessage, res: ServerResponse) => void {
  const admit = largeBodyGate(bodyLimits);
  async function route(p: AccessPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res, p.contentSecurityPolicy());
    if (!p.hostAllowed(req))
      return sendError(req, res, 421, 'Wrong address', `Use http://127.0.0.1:${p.port}/`);
    if (!p.originAllowed(req))
      return sendError(req, res, 403, 'Forbidden', 'requests from other sites are refused');
    // Origin-form only ("/path"); concatenated, so "//x" stays a path, not a host.
    if (!req.url?.startsWith('/')) return sendError(req, res, 400, 'Bad request', 'bad path');
    const url = new URL(p.origins[0] + req.url);
    const method = req.method ?? 'GET';
    const query = url.searchParams.get('token');
    if (query !== null) {
      if (method !== 'GET' || !p.tokenMatches(query))
        return sendError(req, res, 401, 'Wrong token', UNAUTHORISED);
      // Trade the token in the address bar for a cookie, and drop it from the URL.
      res.writeHead(302, { Location: '/', 'Set-Cookie': p.setCookie() });
      return void res.end();
    }
    const credential = p.credential(req);
    if (!credential) return sendError(req, res, 401, 'Nodeloom: token needed', UNAUTHORISED);

    const isApi = url.pathname.startsWith('/api/');
    if (isApi && !p.fetchSiteAllowed(req))
      return sendJson(res, 403, { error: 'requests from other sites are refused' });
    const call = /^\/api\/call\/([^/]+)$/.exec(url.pathname);
    if (call) {
      if (method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      if (!p.mayChangeState(req, credential))
        return sendJson(res, 403, { error: 'the request has no Origin' });
      return admit(req, res, () => handleCall(host, call[1]!, req, res));
    }
    const blob = /^\/api\/blob\/([^/]+)$/.exec(url.pathname);
    if (blob && (method === 'GET' || method === 'HEAD'))
      return handleBlob(host, blob[1]!, req, res);
    const thumb = /^\/api\/thumb\/([^/]+)$/.exec(url.pathname);
    if (thumb && (method === 'GET' || method === 'HEAD'))
      return handleThumb(host, thumb[1]!, url.searchParams.get('size'), req, res);
    if (isApi) return sendJson(res, 404, { error: `no such endpoint: ${url.pathname}` });
    if (method !== 'GET' && method !== 'HEAD')
      return sendError(req, res, 405, 'Not allowed', 'use GET');
    return serveStatic(staticDir, url.pathname, req, res);
  }

  return (req, res) => {
    route(policy, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (e as Error).message });
      else res.destroy();
    });
  };
}
