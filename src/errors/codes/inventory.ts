import type { ErrorCodeTable } from './types.js';

/** PRV1xx — inventory errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const inventoryCodes: ErrorCodeTable = {
  PRV101: {
    title: 'Malformed INI section header',
    hint: 'A section header is `[group]`, `[group:children]` or `[group:vars]`, with no spaces inside the brackets.',
  },
  PRV102: {
    title: 'Unknown INI section type',
    hint: 'Only `:children` and `:vars` may follow a group name in a section header.',
  },
  PRV103: {
    title: 'Group used but never defined',
    hint: 'Declare the group with its own `[name]` or `[name:children]` section (it may be empty), or fix the spelling.',
  },
  PRV104: {
    title: 'Invalid host range',
    hint: 'Ranges look like `node[01:20]`, `node[a:f]` or `node[0:10:2]`: begin:end[:step], begin <= end, zero-padded bounds of equal length.',
  },
  PRV105: {
    title: 'Malformed host line',
    hint: 'A host line is `name[:port] key=value key2="a value with spaces"`; quote values containing spaces or `#`.',
  },
  PRV106: {
    title: 'Malformed variable or child-group line',
    hint: 'Lines in `[group:vars]` are `key=value`; lines in `[group:children]` are one group name each.',
  },
  PRV107: {
    title: 'YAML syntax error in inventory or vars file',
    hint: 'Fix the YAML at the position shown (indentation, unclosed quotes or brackets, duplicate keys).',
  },
  PRV108: {
    title: 'Invalid YAML inventory structure',
    hint: 'A YAML inventory maps group names to `{hosts: {name: vars|null}, children: {group: ...}, vars: {...}}`.',
  },
  PRV109: {
    title: 'Group is its own ancestor',
    hint: 'Child-group relations must not form a loop; remove one of the `children` entries shown.',
  },
  PRV110: {
    title: 'Inventory source not found or unreadable',
    hint: 'Pass an existing file or directory with -i, or a comma-separated host list such as `host1,host2,` (note the trailing comma for one host).',
  },
  PRV111: {
    title: 'Dynamic inventory scripts are not supported',
    hint: 'Run the script yourself and save its output as a YAML/JSON inventory (e.g. `./inv.py --list > inv.json` converted to YAML groups), or clear the executable bit if the file is a static inventory.',
  },
  PRV112: {
    title: 'Invalid group_vars/host_vars file',
    hint: 'A vars file must hold a mapping of variable names to values (or be empty).',
  },
  PRV113: {
    title: 'Invalid host pattern',
    hint: 'Patterns are host or group names, globs (`web*`), `~regex`, subscripts (`g[0]`, `g[1:3]`) joined with `:` or `,`, with `&` (and) or `!` (not) prefixes.',
  },
  PRV114: {
    title: 'Host pattern subscript out of range',
    hint: 'The group has fewer hosts than the subscript asks for; `provision inventory --graph` shows its members.',
  },
  PRV115: {
    title: 'Unparsable inventory source',
    hint: 'The file is neither an INI nor a YAML inventory; check its format (YAML needs a top-level mapping of groups).',
  },
  PRV116: {
    title: 'Host not in inventory',
    hint: 'Check the name with `provision inventory --list`; names are case-sensitive.',
  },
};
