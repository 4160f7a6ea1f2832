import { createRedis, parseRunEventsMessage } from '@stepline/server';
import type { Queue } from 'bullmq';
import { enqueueAll, sleep, type EngineBenchDb } from './engine-bench.support.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

export interface SustainedOptions {
  store: EngineBenchDb;
  queue: Queue;
  tenantId: string;
  flow: { flowId: string; versionId: string };
  redisUrl: string;
  redisPrefix: string;
  /** Runs kept started and unfinished at every moment. */
  inFlight: number;
  warmupMs: number;
  measureMs: number;
  /** Called as the measured stretch begins and ends (CPU meters). */
  onMeasureStart?: () => Promise<void>;
  onMeasureEnd?: () => Promise<void>;
}

export interface SustainedResult {
  /** Runs that ended inside the measured stretch, per second. */
  runsPerSecond: number;
  endedInMeasure: number;
  /** Every run started, and how many of them succeeded (checked in Postgres at the end). */
  started: number;
  succeeded: number;
}

/**
 * A closed loop: `inFlight` runs are started at once and, as each ends (its terminal `run.status`
 * event), another is started (inserted queued and enqueued, in batches), so the system holds that
 * many concurrent runs the whole time — no gap between rounds while a batch's last runs finish.
 * Counts the runs that end within `measureMs` after a `warmupMs` warm-up, then lets the last runs
 * finish and checks in Postgres that every run started succeeded.
 */
export async function sustainedRuns(o: SustainedOptions): Promise<SustainedResult> {
  const subscriber = createRedis(o.redisUrl, o.redisPrefix, 'queue');
  await subscriber.ping();
  await subscriber.psubscribe(`${o.redisPrefix}:run-events:*`);
  const open = new Set<string>();
  const all: string[] = [];
  let owed = 0;
  let ended = 0;
  subscriber.on('pmessage', (_pattern: string, _channel: string, text: string) => {
    for (const e of parseRunEventsMessage(text)) {
      if (e.type !== 'run.status' || !TERMINAL.has(String(e.status))) continue;
      if (!open.delete(String(e.runId))) continue;
      ended++;
      owed++;
    }
  });
  const start = async (count: number) => {
    const ids = await o.store.insertRuns(o.tenantId, o.flow, count, { n: 0 });
    for (const id of ids) open.add(id);
    all.push(...ids);
    await enqueueAll(o.queue, o.tenantId, ids);
  };
  let feeding = true;
  const feeder = (async () => {
    await start(o.inFlight);
    while (feeding) {
      if (owed === 0) {
        await sleep(1);
        continue;
      }
      const count = owed;
      owed = 0;
      await start(count);
    }
  })();
  try {
    await sleep(o.warmupMs);
    await o.onMeasureStart?.();
    const endedBefore = ended;
    const began = performance.now();
    await sleep(o.measureMs);
    const endedInMeasure = ended - endedBefore;
    const runsPerSecond = endedInMeasure / ((performance.now() - began) / 1000);
    await o.onMeasureEnd?.();
    feeding = false;
    await feeder;
    // Events are best effort: the last runs are also looked up in Postgres.
    const deadline = Date.now() + 60_000;
    while (open.size > 0 && Date.now() < deadline) {
      const remaining = [...open];
      if ((await o.store.countFinished(o.tenantId, remaining)) === remaining.length) break;
      await sleep(20);
    }
    const succeeded = await o.store.countStatus(o.tenantId, all, 'succeeded');
    return { runsPerSecond, endedInMeasure, started: all.length, succeeded };
  } finally {
    feeding = false;
    await feeder.catch(() => undefined);
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
