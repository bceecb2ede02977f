import { ModuleError } from '../errors/index.js';
import type { TaskNode } from '../playbook/ir.js';
import { renderValue, type Scope } from '../template/index.js';

/** Renders a task's loop into its items: `loop` as is, `with_items` flattened one level, `with_dict` as items. */
export function loopItems(
  task: Pick<TaskNode, 'loop' | 'loopFlatten' | 'name'>,
  scope: Scope,
  host: string,
): unknown[] {
  const raw = task.loop;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if ('__with_dict' in o) {
      const d = renderValue(o.__with_dict, scope);
      if (d === null || typeof d !== 'object' || Array.isArray(d))
        throw notAList(task.name, host, 'with_dict needs a map');
      return Object.entries(d as Record<string, unknown>).map(([key, value]) => ({ key, value }));
    }
    if ('__with_indexed_items' in o) {
      const l = renderValue(o.__with_indexed_items, scope);
      if (!Array.isArray(l)) throw notAList(task.name, host, 'with_indexed_items needs a list');
      return l.map((v, i) => [i, v]);
    }
  }
  const value = renderValue(raw, scope);
  if (typeof value === 'string' && task.loopFlatten) return value.split(',').map((s) => s.trim());
  if (!Array.isArray(value))
    throw notAList(task.name, host, `loop got ${value === null ? 'null' : typeof value}, not a list`);
  return task.loopFlatten ? value.flatMap((v) => (Array.isArray(v) ? v : [v])) : value;
}

function notAList(task: string, host: string, message: string): ModuleError {
  return new ModuleError({ code: 'PRV404', host, task, message });
}
