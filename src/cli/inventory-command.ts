import { OptionsError } from '../errors/index.js';
import { inventoryGraph, inventoryHostVars, inventoryListJson, toSortedJson } from '../inventory/index.js';
import type { Output } from './output.js';
import { loadInventoryFor } from './run-command.js';

export interface InventoryFlags {
  inventory?: string[];
  list?: boolean;
  graph?: boolean | string;
  host?: string;
}

/** `provision inventory --list|--graph [GROUP]|--host H`, the same output as ansible-inventory. */
export async function inventoryCommand(flags: InventoryFlags, out: Output): Promise<number> {
  const inv = await loadInventoryFor(flags, process.cwd());
  if (flags.host !== undefined) {
    if (!inv.hasHost(flags.host))
      throw new OptionsError({ code: 'PRV805', message: `host ${flags.host} is not in the inventory` });
    out.line(toSortedJson(inventoryHostVars(inv, flags.host)));
  } else if (flags.graph !== undefined && flags.graph !== false) {
    out.line(inventoryGraph(inv, typeof flags.graph === 'string' ? flags.graph : 'all'));
  } else if (flags.list) {
    out.line(toSortedJson(inventoryListJson(inv)));
  } else {
    throw new OptionsError({
      code: 'PRV800',
      message: 'provision inventory needs --list, --graph or --host HOST',
    });
  }
  return 0;
}
