import { InventoryError } from '../../src/errors/index.js';
import { parseIniInventory } from '../../src/inventory/ini-parser.js';
import { InventoryData } from '../../src/inventory/inventory-data.js';
import { Inventory } from '../../src/inventory/inventory-model.js';
import { parseYamlInventory } from '../../src/inventory/yaml-inventory.js';

/** An inventory from INI text, reconciled as loadInventory does. */
export function iniInventory(text: string, file = 'hosts.ini'): Inventory {
  const data = new InventoryData();
  parseIniInventory(text, { file, label: file }, data);
  data.reconcile();
  return new Inventory(data, { cwd: '/' });
}

export function yamlInventory(text: string, file = 'hosts.yml'): Inventory {
  const data = new InventoryData();
  parseYamlInventory(text, { file, label: file }, data);
  data.reconcile();
  return new Inventory(data, { cwd: '/' });
}

/** Runs `fn`, expecting an InventoryError, and returns it. */
export async function inventoryErrorOf(fn: () => unknown): Promise<InventoryError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InventoryError) return e;
    throw new Error(`expected an InventoryError, got ${String(e)}`);
  }
  throw new Error('expected an InventoryError, nothing was thrown');
}
