import { type Color, painter } from './colors.js';
import type { RecapCounts, RunEvent } from './event-schema.js';
import { unifiedDiff } from './unified-diff.js';

type HostResult = Extract<RunEvent, { type: 'host_result' }>;

const STATUS_COLOR: Record<string, Color> = {
  ok: 'green',
  changed: 'yellow',
  failed: 'red',
  unreachable: 'red',
  skipped: 'cyan',
  unknown: 'magenta',
  ignored: 'red',
  rescued: 'cyan',
};

function banner(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, 79 - title.length))}`;
}

/** What a status is called: in check mode, a change is a prediction. */
function statusWord(status: string, check: boolean): string {
  if (status === 'changed') return check ? 'will change' : 'changed';
  if (status === 'failed') return 'fatal';
  if (status === 'skipped') return 'skipping';
  return status;
}

/** Ansible-like plain lines, for logs and pipes. `write` receives whole lines. */
export function plainRenderer(
  write: (line: string) => void,
  opts: { color: boolean; verbosity: number },
): (e: RunEvent) => void {
  const paint = painter(opts.color);
  let check = false;
  const hostLine = (e: HostResult): string[] => {
    const color = STATUS_COLOR[e.status] ?? 'green';
    const word = statusWord(e.status === 'ignored' ? 'failed' : e.status, check);
    const who = e.delegatedTo ? `[${e.host} -> ${e.delegatedTo}]` : `[${e.host}]`;
    const lines: string[] = [];
    for (const item of e.items ?? []) {
      const iw = statusWord(item.status === 'ignored' ? 'failed' : item.status, check);
      lines.push(
        paint(
          STATUS_COLOR[item.status] ?? 'green',
          `${iw}: ${who} => (item=${item.label})${item.msg && item.status === 'failed' ? ` => ${item.msg}` : ''}`,
        ),
      );
    }
    if (e.status === 'failed' || e.status === 'ignored' || e.status === 'unreachable') {
      const label = e.status === 'unreachable' ? 'UNREACHABLE!' : 'FAILED!';
      lines.push(paint(color, `${word}: ${who}: ${label} => ${JSON.stringify(compact(e))}`));
      if (e.status === 'ignored') lines.push(paint('cyan', '...ignoring'));
      return lines;
    }
    if (e.items && e.items.length > 0 && e.status !== 'unknown') return lines;
    let line = `${word}: ${who}`;
    if (e.status === 'unknown' && e.reason) line += `: ${e.reason}`;
    else if (check && e.status === 'changed' && e.reason) line += ` (${e.reason})`;
    if (e.module === 'debug') {
      const { changed: _c, ...shown } = e.result;
      if (!('skipped_reason' in shown)) line += ` => ${JSON.stringify(shown)}`;
    } else if (opts.verbosity >= 1) line += ` => ${JSON.stringify(e.result)}`;
    lines.push(paint(color, line));
    return lines;
  };
  return (e) => {
    switch (e.type) {
      case 'run_start':
        check = e.check;
        break;
      case 'play_start':
        write('');
        write(banner(`PLAY [${e.name}]`));
        break;
      case 'task_start':
        write('');
        write(banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`));
        break;
      case 'host_result':
        for (const d of e.diff ?? []) write(unifiedDiff(d));
        for (const l of hostLine(e)) write(l);
        break;
      case 'warning':
        write(paint('magenta', `[WARNING]: ${e.host ? `${e.host}: ` : ''}${e.message}`));
        break;
      case 'verbose':
        write(paint('dim', `${e.host ? `<${e.host}> ` : ''}${e.message}`));
        break;
      case 'recap':
        write('');
        write(banner(check ? 'PLAY RECAP (check mode)' : 'PLAY RECAP'));
        for (const [host, r] of Object.entries(e.hosts)) write(recapLine(host, r, paint, check));
        if (opts.verbosity >= 3) {
          for (const [host, c] of Object.entries(e.counters)) {
            write(
              paint(
                'dim',
                `${host}: connections=${c.connections} sessions=${c.sessions} round_trips=${c.roundTrips} bytes_sent=${c.bytesSent} bytes_received=${c.bytesReceived}`,
              ),
            );
          }
        }
        break;
      case 'error':
        write(paint('red', `ERROR ${e.code}${e.where ? ` ${e.where}` : ''}: ${e.message}`));
        if (e.hint) write(`  hint: ${e.hint}`);
        break;
    }
  };
}

function compact(e: HostResult): Record<string, unknown> {
  const r = { ...e.result };
  delete r.stdout_lines;
  delete r.stderr_lines;
  return r;
}

export function recapLine(
  host: string,
  r: RecapCounts,
  paint: (c: Color, t: string) => string,
  check: boolean,
): string {
  const color: Color = r.failed > 0 || r.unreachable > 0 ? 'red' : r.changed > 0 ? 'yellow' : 'green';
  const counts: [string, number][] = [
    ['ok', r.ok],
    ['changed', r.changed],
    ['unreachable', r.unreachable],
    ['failed', r.failed],
    ['skipped', r.skipped],
    ['rescued', r.rescued],
    ['ignored', r.ignored],
  ];
  if (check || r.unknown > 0) counts.push(['unknown', r.unknown]);
  const cols = counts.map(([k, v]) => `${k}=${String(v).padEnd(4)}`);
  return `${paint(color, host.padEnd(26))} : ${cols.join(' ').trimEnd()}`;
}
