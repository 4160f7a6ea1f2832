import { describe, expect, it } from 'vitest';
import { CheckpointWriter, type CheckpointRow } from './checkpoint-writer.js';

const row = (runId: string, stepId: string, attempt = 1): CheckpointRow => ({
  tenantId: 't',
  runId,
  stepId,
  path: '',
  attempt,
});

describe('the checkpoint group commit', () => {
  it('writes rows arriving in the same tick in one batch and answers each with its seq', async () => {
    const batches: CheckpointRow[][] = [];
    let seq = 0;
    const writer = new CheckpointWriter<CheckpointRow>(async (rows) => {
      batches.push(rows);
      return rows.map((r) => ({ ...r, seq: ++seq }));
    });
    const results = await Promise.all([
      writer.write(row('a', 'x')),
      writer.write(row('b', 'x')),
      writer.write(row('a', 'y')),
    ]);
    expect(batches).toHaveLength(1);
    expect(results).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
  });

  it('batches what arrives during a flush into the next one', async () => {
    const batches: number[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const writer = new CheckpointWriter<CheckpointRow>(async (rows) => {
      batches.push(rows.length);
      if (batches.length === 1) await first;
      return rows.map((r, i) => ({ ...r, seq: i + 1 }));
    });
    const a = writer.write(row('a', 'x'));
    await new Promise((r) => setImmediate(r));
    const later = [writer.write(row('b', 'x')), writer.write(row('c', 'x'))];
    release();
    await Promise.all([a, ...later]);
    expect(batches).toEqual([1, 2]);
  });

  it('answers null for a row the sink did not insert (it existed already)', async () => {
    const writer = new CheckpointWriter<CheckpointRow>(async (rows) =>
      rows.filter((r) => r.stepId !== 'dup').map((r) => ({ ...r, seq: 7 })),
    );
    await expect(
      Promise.all([writer.write(row('a', 'dup')), writer.write(row('a', 'new'))]),
    ).resolves.toEqual([null, { seq: 7 }]);
  });

  it('rejects every row of a failed batch and keeps working afterwards', async () => {
    let fail = true;
    const writer = new CheckpointWriter<CheckpointRow>(async (rows) => {
      if (fail) throw new Error('database down');
      return rows.map((r) => ({ ...r, seq: 1 }));
    });
    await expect(writer.write(row('a', 'x'))).rejects.toThrow('database down');
    fail = false;
    await expect(writer.write(row('a', 'x'))).resolves.toEqual({ seq: 1 });
  });

  it('caps a batch and flushes the rest next', async () => {
    const sizes: number[] = [];
    const writer = new CheckpointWriter<CheckpointRow>(async (rows) => {
      sizes.push(rows.length);
      return rows.map((r) => ({ ...r, seq: 1 }));
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => writer.write(row('r', `s${i}`))));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
