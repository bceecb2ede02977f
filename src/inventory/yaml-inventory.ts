import { closest } from '../errors/suggest.js';
import { parseYamlSource, type YamlPath, type YamlSource, YamlSyntaxError } from '../yaml-source/index.js';
import { expandHostEntry, HostPortError, HostRangeError } from './host-range.js';
import type { IniSource } from './ini-parser.js';
import type { InventoryData } from './inventory-data.js';
import { inventoryError } from './inventory-error.js';

const GROUP_KEYS = ['hosts', 'children', 'vars'] as const;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v} (${JSON.stringify(v)})`;
}

/** Parses YAML text, turning syntax problems into PRV107 with the position. */
export function readYamlFile(text: string, file: string): YamlSource {
  try {
    return parseYamlSource(text, file);
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      throw inventoryError('PRV107', e.problem.message, {
        location: e.problem.location,
        snippet: e.problem.snippet,
      });
    }
    // The YAML library reports document-level problems (an alias to an undefined anchor, alias bombs) as plain
    // errors when converting to values; they are still the file's fault.
    if (e instanceof Error)
      throw inventoryError('PRV107', e.message, { location: { file, line: 1, col: 1 } });
    throw e;
  }
}

/**
 * Reads a YAML (or JSON) inventory: top-level keys are groups, each `{hosts, children, vars}`, recursively, as
 * Ansible's YAML plugin reads them. Unknown keys and wrong shapes are errors (Ansible only warns, and then
 * silently drops the hosts a typo like `host:` was meant to add).
 */
export function parseYamlInventory(text: string, source: IniSource, data: InventoryData): void {
  const src = readYamlFile(text, source.file);
  const problem = (path: YamlPath, message: string, hint?: string, key = false) => {
    const location = src.locate(path, { key });
    return inventoryError('PRV108', message, { location, line: src.lineAt(location.line), hint });
  };
  const root = src.value;
  if (root === null || root === undefined) throw problem([], 'YAML inventory is empty');
  if (!isMapping(root))
    throw problem([], `YAML inventory must be a mapping of groups, found ${kindOf(root)}`);
  if ('plugin' in root) {
    const location = src.locate(['plugin'], { key: true });
    throw inventoryError('PRV115', 'this is an inventory plugin configuration, which is not supported', {
      location,
      line: src.lineAt(location.line),
      hint: 'Export the plugin inventory to a static YAML file (ansible-inventory -i THIS --list --yaml).',
    });
  }

  const parseGroup = (name: string, value: unknown, path: YamlPath): void => {
    data.addGroup(name);
    if (value === null || value === undefined) return;
    if (!isMapping(value)) {
      throw problem(
        path,
        `group '${name}' must be a mapping with hosts/children/vars, found ${kindOf(value)}`,
      );
    }
    for (const key of Object.keys(value)) {
      if (!(GROUP_KEYS as readonly string[]).includes(key)) {
        const guess = closest(key, GROUP_KEYS, 1);
        throw problem(
          [...path, key],
          `unknown key '${key}' in group '${name}'`,
          guess ? `did you mean \`${guess}\`? A group may only hold hosts, children and vars.` : undefined,
          true,
        );
      }
    }
    for (const section of GROUP_KEYS) {
      let body = value[section];
      if (body === null || body === undefined) continue;
      if (typeof body === 'string') body = { [body]: null };
      if (!isMapping(body)) {
        throw problem(
          [...path, section],
          `'${section}' of group '${name}' must be a mapping, found ${kindOf(body)}`,
          section === 'hosts'
            ? 'Write hosts as a mapping: `hosts: {web1: null, web2: {ansible_port: 2222}}`.'
            : undefined,
        );
      }
      const sectionPath = [...path, section];
      if (section === 'vars') {
        for (const [k, v] of Object.entries(body))
          data.setGroupVar(name, k, v, `${source.label} [${name}:vars]`);
      } else if (section === 'children') {
        for (const [child, childValue] of Object.entries(body)) {
          parseGroup(child, childValue, [...sectionPath, child]);
          const location = src.locate([...sectionPath, child], { key: true });
          data.addChild(name, child, { location, line: src.lineAt(location.line) });
        }
      } else {
        for (const [entry, hostVars] of Object.entries(body)) {
          const hostPath = [...sectionPath, entry];
          if (hostVars !== null && hostVars !== undefined && !isMapping(hostVars)) {
            throw problem(
              hostPath,
              `variables of host '${entry}' must be a mapping, found ${kindOf(hostVars)}`,
            );
          }
          let expanded: ReturnType<typeof expandHostEntry>;
          try {
            expanded = expandHostEntry(entry);
          } catch (e) {
            if (!(e instanceof HostRangeError)) throw e;
            const location = src.locate(hostPath, { key: true });
            const at = { location, line: src.lineAt(location.line) };
            if (e instanceof HostPortError) throw inventoryError('PRV105', e.message, at);
            throw inventoryError('PRV104', `invalid host range in '${entry}': ${e.message}`, at);
          }
          for (const host of expanded.hosts) {
            data.addHost(host, name, { port: expanded.port, source: source.label, file: source.file });
            for (const [k, v] of Object.entries(hostVars ?? {})) data.setHostVar(host, k, v, source.label);
          }
        }
      }
    }
  };

  for (const [name, value] of Object.entries(root)) parseGroup(name, value, [name]);
}
