import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Emulator } from './types';

/**
 * Control routes for an emulator running in another process (tests and
 * benchmarks keep it off their own event loop, as a real provider would be):
 * `/__emulator/{stats,requests,configure,reset}`, allowed only with the control
 * token printed at start-up.
 */
export const CONTROL_PREFIX = '/__emulator/';

const ConfigureSchema = z.object({
  latency: z
    .object({ queueMs: z.number().nonnegative(), runMs: z.number().nonnegative() })
    .partial()
    .optional(),
  capacity: z
    .union([
      z.number().positive(),
      z.object({ runcomfy: z.number().positive(), runflow: z.number().positive() }).partial(),
    ])
    .optional(),
  imageScale: z.number().positive().optional(),
  outputTtlMs: z.number().positive().optional(),
  // Fault rules are checked by the emulator itself when set.
  faults: z.array(z.record(z.string(), z.unknown())).optional(),
});

export async function handleControl(
  emu: () => Emulator,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.headers['x-emulator-control'] !== token) return send(403, { error: 'bad control token' });
  const action = (req.url ?? '').slice(CONTROL_PREFIX.length).split('?')[0];
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    if (action === 'stats' && req.method === 'GET') return send(200, emu().stats());
    if (action === 'requests' && req.method === 'GET') return send(200, emu().requests());
    if (action === 'reset' && req.method === 'POST') {
      emu().reset();
      return send(200, { ok: true });
    }
    if (action === 'configure' && req.method === 'POST') {
      const parsed = ConfigureSchema.safeParse(
        JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      );
      if (!parsed.success) return send(422, { error: parsed.error.message });
      emu().configure(parsed.data as Parameters<Emulator['configure']>[0]);
      return send(200, { ok: true });
    }
    return send(404, { error: `no control action ${action}` });
  } catch (e) {
    return send(400, { error: (e as Error).message });
  }
}
