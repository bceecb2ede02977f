import { Listr, type ListrTaskWrapper } from 'listr2';
import { painter } from '../report/colors.js';
import type { RunEvent } from '../report/event-schema.js';
import { plainRenderer, recapLine } from '../report/plain-renderer.js';
import type { Output } from './output.js';

// biome-ignore lint/suspicious/noExplicitAny: listr2's wrapper is generic over its context and renderers
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

/**
 * On a terminal: one listr2 task per play with a spinner titled by the running task; each host's result is kept
 * as persistent output under it; the recap follows when the run ends.
 */
export function ttyRenderer(out: Output, opts: { color: boolean }): (e: RunEvent) => void {
  let chain: Promise<unknown> = Promise.resolve();
  let current: { task?: TaskWrapper; buffer: string[]; done: () => void; title: string } | undefined;
  const lines: string[] = [];
  const plain = plainRenderer((l) => lines.push(l), { color: opts.color, verbosity: 0 });
  const paint = painter(opts.color);
  let check = false;

  const flush = () => {
    if (!current) return;
    for (const l of lines.splice(0)) {
      if (
        l.trim() === '' ||
        l.startsWith('TASK [') ||
        l.startsWith('RUNNING HANDLER') ||
        l.startsWith('PLAY [')
      )
        continue;
      if (current.task) current.task.output = l;
      else current.buffer.push(l);
    }
  };
  const endPlay = () => {
    if (current) {
      current.done();
      current = undefined;
    }
  };
  return (e) => {
    if (e.type === 'run_start') check = e.check;
    if (e.type === 'play_start') {
      endPlay();
      let done = () => {};
      const finished = new Promise<void>((r) => {
        done = r;
      });
      const state = {
        buffer: [] as string[],
        done,
        title: `PLAY [${e.name}]${check ? ' (check mode)' : ''}`,
        task: undefined as TaskWrapper | undefined,
      };
      current = state;
      const list = new Listr(
        [
          {
            title: state.title,
            task: async (_ctx, task) => {
              state.task = task;
              for (const l of state.buffer.splice(0)) task.output = l;
              await finished;
              task.title = state.title;
            },
            rendererOptions: { persistentOutput: true, outputBar: Number.POSITIVE_INFINITY },
          },
        ],
        { renderer: 'default', exitOnError: false, rendererOptions: { collapseSubtasks: false } },
      );
      chain = chain.then(() => list.run());
      return;
    }
    if (e.type === 'task_start' && current) {
      const t = `${current.title.split(' — ')[0]} — ${e.handler ? 'HANDLER' : 'TASK'} [${e.name}]`;
      if (current.task) current.task.title = t;
      return;
    }
    if (e.type === 'recap') {
      endPlay();
      chain = chain.then(() => {
        out.line('');
        out.line(`${check ? 'PLAY RECAP (check mode)' : 'PLAY RECAP'} ${'*'.repeat(60)}`);
        for (const [host, r] of Object.entries(e.hosts)) out.line(recapLine(host, r, paint, check));
      });
      return;
    }
    plain(e);
    flush();
  };
}
