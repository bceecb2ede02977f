export { applyLimit, parseLimit } from './host-limit.js';
export {
  globToRegExp,
  type HostPattern,
  type HostPatternTerm,
  type PatternOp,
  parseHostPattern,
  selectHosts,
  splitHostPattern,
} from './host-pattern.js';
export { expandHostEntry, expandHostRange, splitHostPort } from './host-range.js';
export { type IniSource, parseIniInventory } from './ini-parser.js';
export { InventoryData } from './inventory-data.js';
export { Inventory, type InventoryOptions, LOCALHOST_NAMES } from './inventory-model.js';
export {
  type InventoryList,
  inventoryGraph,
  inventoryHostVars,
  inventoryListJson,
  type ListGroup,
  toSortedJson,
} from './inventory-output.js';
export { isIgnoredInventoryEntry, loadInventory, looksLikeYaml } from './inventory-sources.js';
export { iniValue, readPythonLiteral } from './python-literal.js';
export type { VarLayer } from './vars-files.js';
export { parseYamlInventory } from './yaml-inventory.js';
