import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock } from './clock';
import type { RenderedImage } from './generate';
import { JobScheduler } from './jobs';
import type { Job, JobSpec, OutputImage } from './jobs';
import { StatsRecorder } from './stats';

const RUN_MS = 200;

function scheduler() {
  const calls: string[] = [];
  const jobs = new JobScheduler({
    stats: new StatsRecorder(),
    clock: realClock,
    latency: () => ({ queueMs: 0, runMs: RUN_MS }),
    capacity: () => 4,
    checkInputs: () => Promise.resolve(null),
    render: () => {
      calls.push(`render@${Date.now()}`);
      return Promise.resolve([
        { bytes: Buffer.from('img'), width: 1, height: 1, contentType: 'image/png' },
      ] satisfies RenderedImage[]);
    },
    publish: (_job: Job, rendered: readonly RenderedImage[]): OutputImage[] => {
      calls.push(`publish@${Date.now()}`);
      return rendered.map((r) => ({ ...r, url: 'https://emu/x', bytes: r.bytes.length }));
    },
  });
  return { jobs, calls };
}

const spec = (plannedFailure: string | null = null): JobSpec => ({
  provider: 'runcomfy',
  model: { provider: 'runcomfy', endpoint: 'm', inputSchema: { properties: {} } } as never,
  input: {},
  params: {} as never,
  envelope: {},
  plannedFailure,
});

afterEach(() => vi.useRealTimers());

describe('emulator job scheduler', () => {
  it('encodes the images while the job runs and publishes them when it ends, so a job lasts runMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const { jobs, calls } = scheduler();
    const job = jobs.submit(spec());
    await vi.advanceTimersByTimeAsync(0);
    expect(job.state).toBe('running');
    expect(calls).toEqual(['render@0']);
    await vi.advanceTimersByTimeAsync(RUN_MS - 1);
    expect(job.state).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(job.state).toBe('succeeded');
    // Published at the end: signed URLs expire counting from then.
    expect(calls).toEqual(['render@0', `publish@${RUN_MS}`]);
    expect(job.finishedAt! - job.startedAt!).toBe(RUN_MS);
  });

  it('answers a burst of submits before it encodes any image (encoding waits for pending I/O)', async () => {
    vi.useFakeTimers({ now: 0 });
    const { jobs, calls } = scheduler();
    for (let i = 0; i < 3; i++) jobs.submit(spec());
    // The inputs check settles in microtasks; encoding is left to the next turn.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['render@0', 'render@0', 'render@0']);
  });

  it('renders nothing for a job planned to fail, and fails it with the planned message', async () => {
    vi.useFakeTimers({ now: 0 });
    const { jobs, calls } = scheduler();
    const job = jobs.submit(spec('content policy'));
    await vi.advanceTimersByTimeAsync(RUN_MS);
    expect(job.state).toBe('failed');
    expect(job.failure?.message).toBe('content policy');
    expect(calls).toEqual([]);
  });
});
