import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import {
  defineModule,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
  unknownPlan,
} from '../module.js';
import { intParam, pathParam } from '../params.js';
import { moduleError, probeOne } from './remote.js';

const seconds = intParam.pipe(z.number().min(0));
const schema = z
  .strictObject({
    host: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'expected a host name or address')
      .default('127.0.0.1'),
    port: intParam.pipe(z.number().min(1).max(65535)).optional(),
    path: pathParam.optional(),
    state: z.enum(['started', 'stopped', 'present', 'absent', 'drained']).default('started'),
    search_regex: z.string().optional(),
    delay: seconds.default(0),
    timeout: seconds.default(300),
    sleep: intParam.pipe(z.number().min(1)).default(1),
    connect_timeout: intParam.pipe(z.number().min(1)).default(5),
    msg: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.port !== undefined && p.path !== undefined)
      ctx.addIssue({ code: 'custom', message: 'port and path are mutually exclusive' });
    if (p.state === 'drained' && p.port === undefined)
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'state: drained needs port' });
    if (p.path !== undefined && p.state === 'drained')
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'state: drained is for ports' });
    if (p.search_regex !== undefined) {
      try {
        new RegExp(p.search_regex, 'm');
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['search_regex'],
          message: `not a valid regular expression: ${p.search_regex}`,
        });
      }
    }
  });
type Params = z.infer<typeof schema>;

/** One probe command answering "is the condition met now?"; its output is read by `conditionMet`. */
export function conditionProbe(p: Params): string {
  if (p.path !== undefined) {
    const q = shellQuote(p.path);
    return p.search_regex !== undefined
      ? `if [ -e ${q} ]; then echo exists; cat -- ${q}; else echo missing; fi`
      : `if [ -e ${q} ]; then echo exists; else echo missing; fi`;
  }
  if (p.state === 'drained') return 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true';
  const t = p.connect_timeout;
  const read = p.search_regex !== undefined ? ` && timeout ${t} cat <&3` : '';
  const hostPort = `${shellQuote(p.host)} ${p.port}`;
  return [
    `if command -v bash >/dev/null 2>&1; then timeout ${t} bash -c 'exec 3<>"/dev/tcp/$0/$1" && echo open${read}' ${hostPort}; true;`,
    `elif command -v nc >/dev/null 2>&1; then nc -z -w ${t} ${hostPort} && echo open; true;`,
    'else echo notool; fi',
  ].join('\n');
}

/** Established-like connections on a local port, from /proc/net/tcp{,6} (states other than LISTEN and CLOSE). */
export function activeConnections(procNetTcp: string, port: number): number {
  let n = 0;
  for (const line of procNetTcp.split('\n')) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    const state = f[3];
    if (!local || !state || !/^[0-9A-F]+:[0-9A-F]{4}$/i.test(local)) continue;
    const localPort = Number.parseInt(local.split(':')[1] ?? '', 16);
    if (localPort === port && state !== '0A' && state !== '07') n++;
  }
  return n;
}

export interface Check {
  met: boolean;
  match?: RegExpExecArray;
}

export function conditionMet(p: Params, output: string): Check | 'notool' {
  const first = output.split('\n')[0]?.trim();
  if (first === 'notool') return 'notool';
  if (p.state === 'drained') return { met: activeConnections(output, p.port ?? 0) === 0 };
  const wantsAbsent = p.state === 'absent' || p.state === 'stopped';
  const there = first === 'exists' || first === 'open';
  if (wantsAbsent) return { met: !there };
  if (!there) return { met: false };
  if (p.search_regex === undefined) return { met: true };
  const match = new RegExp(p.search_regex, 'm').exec(output.slice(output.indexOf('\n') + 1)) ?? undefined;
  return { met: match !== undefined, match };
}

function describeTarget(p: Params): string {
  if (p.path !== undefined) return p.path;
  return p.port !== undefined ? `${p.host}:${p.port}` : `${p.timeout} seconds`;
}

async function check(ctx: ModuleContext, p: Params): Promise<Check> {
  const cmd = conditionProbe(p);
  const res = await probeOne(ctx, cmd);
  const met = conditionMet(p, res.out);
  if (met === 'notool')
    throw moduleError(
      ctx,
      'PRV451',
      'wait_for needs bash (for /dev/tcp) or nc on the host to test ports; neither is installed',
    );
  return met;
}

function okResult(p: Params, elapsedMs: number, c?: Check): ModuleResult {
  const r: ModuleResult = { state: p.state, elapsed: Math.floor(elapsedMs / 1000) };
  if (p.port !== undefined) r.port = p.port;
  if (p.path !== undefined) r.path = p.path;
  if (p.search_regex !== undefined) {
    r.search_regex = p.search_regex;
    r.match_groups = c?.match ? c.match.slice(1) : [];
    r.match_groupdict = { ...(c?.match?.groups ?? {}) };
  }
  return r;
}

export const waitForModule = defineModule<Params>({
  name: 'wait_for',
  schema,
  async plan(p, ctx): Promise<Plan> {
    const start = ctx.now();
    const nothing = p.port === undefined && p.path === undefined;
    if (ctx.checkMode) {
      if (nothing) return okPlan(okResult(p, 0), `would wait ${p.timeout} seconds`);
      const c = await check(ctx, p);
      if (c.met) return okPlan(okResult(p, 0, c), `${describeTarget(p)} is ${p.state}`);
      return unknownPlan(
        `${describeTarget(p)} is not ${p.state} yet; it may become so through changes check mode does not make`,
      );
    }
    if (p.delay > 0) await ctx.sleep(p.delay * 1000);
    if (nothing) {
      await ctx.sleep(p.timeout * 1000);
      return okPlan(okResult(p, ctx.now() - start));
    }
    for (;;) {
      const c = await check(ctx, p);
      if (c.met) return okPlan(okResult(p, ctx.now() - start, c), `${describeTarget(p)} is ${p.state}`);
      if (ctx.now() - start >= p.timeout * 1000) {
        const msg =
          p.msg ??
          `Timeout when waiting for ${describeTarget(p)}${p.search_regex !== undefined ? ` to match ${p.search_regex}` : ''}`;
        return okPlan({ ...okResult(p, ctx.now() - start), failed: true, msg }, msg);
      }
      await ctx.sleep(p.sleep * 1000);
    }
  },
});
