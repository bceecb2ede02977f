import { z } from 'zod';

/**
 * The events the engine emits, one JSON object per line with `--output json`. Exported from the package as
 * `provision/events` so consumers can validate what they read. Secrets are masked before an event is built.
 */

const location = z.object({ file: z.string(), line: z.number().int(), col: z.number().int() });

export const hostStatus = z.enum([
  'ok',
  'changed',
  'failed',
  'skipped',
  'unreachable',
  'unknown',
  'ignored',
  'rescued',
]);
export type HostStatus = z.infer<typeof hostStatus>;

const counters = z.object({
  connections: z.number().int(),
  sessions: z.number().int(),
  roundTrips: z.number().int(),
  bytesSent: z.number().int(),
  bytesReceived: z.number().int(),
});

export const recapCounts = z.object({
  ok: z.number().int(),
  changed: z.number().int(),
  unreachable: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  rescued: z.number().int(),
  ignored: z.number().int(),
  unknown: z.number().int(),
});
export type RecapCounts = z.infer<typeof recapCounts>;

const diff = z.object({
  before: z.string(),
  after: z.string(),
  beforeHeader: z.string().optional(),
  afterHeader: z.string().optional(),
});

export const runEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run_start'),
    time: z.string(),
    playbooks: z.array(z.string()),
    check: z.boolean(),
    diff: z.boolean(),
  }),
  z.object({
    type: z.literal('play_start'),
    time: z.string(),
    name: z.string(),
    hosts: z.array(z.string()),
    location,
  }),
  z.object({
    type: z.literal('task_start'),
    time: z.string(),
    name: z.string(),
    location,
    handler: z.boolean(),
  }),
  z.object({
    type: z.literal('host_result'),
    time: z.string(),
    host: z.string(),
    task: z.string(),
    /** The module the task ran (absent for includes). */
    module: z.string().optional(),
    location,
    status: hostStatus,
    /** For check mode: why a change is expected or the outcome is unknown. */
    reason: z.string().optional(),
    msg: z.string().optional(),
    item: z.string().optional(),
    delegatedTo: z.string().optional(),
    diff: z.array(diff).optional(),
    items: z
      .array(z.object({ label: z.string(), status: hostStatus, msg: z.string().optional() }))
      .optional(),
    result: z.record(z.string(), z.unknown()),
    durationMs: z.number(),
  }),
  z.object({
    type: z.literal('warning'),
    time: z.string(),
    message: z.string(),
    host: z.string().optional(),
  }),
  z.object({
    type: z.literal('verbose'),
    time: z.string(),
    level: z.number().int(),
    message: z.string(),
    host: z.string().optional(),
  }),
  z.object({
    type: z.literal('recap'),
    time: z.string(),
    hosts: z.record(z.string(), recapCounts),
    counters: z.record(z.string(), counters),
    check: z.boolean(),
    durationMs: z.number(),
  }),
  z.object({
    type: z.literal('error'),
    time: z.string(),
    code: z.string(),
    message: z.string(),
    where: z.string().optional(),
    hint: z.string().optional(),
  }),
]);

export type RunEvent = z.infer<typeof runEvent>;
export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
/** An event before the engine stamps its time. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'time'> : never) : never;
