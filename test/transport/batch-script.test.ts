import { describe, expect, it } from 'vitest';
import { buildBatchScript, parseBatchOutput } from '../../src/transport/batch-script.js';
import { LocalTransport } from '../../src/transport/local-transport.js';

describe('read-only probes in one round trip', () => {
  it('keeps each command its own rc, stdout and stderr, binary-safe', async () => {
    const t = new LocalTransport('local');
    const results = await t.runBatch([
      'echo out; echo err >&2; exit 3',
      "printf '\\000\\001binary __MARK 5 5 5\\n'",
      'true',
      'exit 0',
      'cat /nonexistent/file',
    ]);
    expect(results.map((r) => r.rc)).toEqual([3, 0, 0, 0, 1]);
    expect(results[0]!.out).toBe('out\n');
    expect(results[0]!.err).toBe('err\n');
    expect([...results[1]!.stdout.subarray(0, 2)]).toEqual([0, 1]);
    expect(results[1]!.out).toContain('binary __MARK 5 5 5');
    expect(results[2]!.stdout.length).toBe(0);
    expect(results[4]!.err).toMatch(/No such file/);
    expect(t.counters().roundTrips).toBe(1);
  });

  it('a command that exits does not end the batch', async () => {
    const r = await new LocalTransport('local').runBatch(['exit 7', 'echo after']);
    expect(r.map((x) => [x.rc, x.out])).toEqual([
      [7, ''],
      [0, 'after\n'],
    ]);
  });

  it('rejects a truncated or foreign header', () => {
    expect(() => parseBatchOutput(Buffer.from('M 0 1 0\n'), 2, 'M')).toThrow(/malformed/);
    expect(() => parseBatchOutput(Buffer.from('X 0 0 0\n'), 1, 'M')).toThrow(/malformed/);
    expect(() => parseBatchOutput(Buffer.from('M 0 5 0\nab'), 1, 'M')).toThrow(/ended early/);
    expect(buildBatchScript(['true'], 'M')).toContain('stat -c %s');
  });
});
