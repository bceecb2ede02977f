import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InventoryError } from '../../src/errors/index.js';
import { loadInventory } from '../../src/inventory/index.js';
import { inventoryErrorOf } from './support.js';

/** [name, file, content, code, line:col] — each loaded through loadInventory from a scratch directory. */
const cases: [string, string, string, string, string][] = [
  ['section with a space', 'hosts.ini', '[web servers]\nh1\n', 'PRV101', '1:1'],
  ['unknown section suffix', 'hosts.ini', '[web]\nh\n[web:child]\nx\n', 'PRV102', '3:6'],
  ['child group never defined', 'hosts.ini', '[web]\nh\n[k8s:children]\nweb\nmissing\n', 'PRV103', '5:1'],
  ['vars for a group never defined', 'hosts.ini', '[web]\nh\n[nope:vars]\nx=1\n', 'PRV103', '3:1'],
  ['unequal zero padding', 'hosts.ini', '[g]\nnode[01:5]\n', 'PRV104', '2:1'],
  ['zero step', 'hosts.ini', '[g]\n  node[1:5:0]\n', 'PRV104', '2:3'],
  ['letter and number bounds', 'hosts.ini', '[g]\nnode[a:5]\n', 'PRV104', '2:1'],
  ['missing range end', 'hosts.ini', '[g]\nnode[1:]\n', 'PRV104', '2:1'],
  ['range too large', 'hosts.ini', '[g]\nn[0:5000000]\n', 'PRV104', '2:1'],
  ['unclosed section read as a range', 'hosts.ini', '[web\nh1\n', 'PRV104', '1:1'],
  ['host var without =', 'hosts.ini', '[g]\nh1 foo\n', 'PRV105', '2:4'],
  ['unclosed quote', 'hosts.ini', '[g]\nh1 foo="a b\n', 'PRV105', '2:8'],
  ['host ending in a colon', 'hosts.ini', '[g]\nh1:\n', 'PRV105', '2:1'],
  ['host var without a name', 'hosts.ini', '[g]\nh1 =5\n', 'PRV105', '2:4'],
  ['vars line without =', 'hosts.ini', '[g]\nh\n[g:vars]\nnovalue\n', 'PRV106', '4:1'],
  ['child line that is not a group name', 'hosts.ini', '[g]\nh\n[p:children]\nbad:name\n', 'PRV106', '4:1'],
  ['child loop', 'hosts.ini', '[a:children]\nb\n[b:children]\na\n', 'PRV109', '4:1'],
  ['YAML in an .ini file', 'hosts.ini', '---\n- not an inventory\n', 'PRV115', '1:1'],
  ['YAML list sniffed in a file without extension', 'hosts', '---\n- not an inventory\n', 'PRV108', '2:1'],
  ['YAML syntax error', 'hosts.yml', 'all:\n  hosts: {a: 1\n', 'PRV107', '3:1'],
  ['hosts as a list', 'hosts.yml', 'all:\n  hosts:\n    - a\n    - b\n', 'PRV108', '3:5'],
  ['misspelt hosts key', 'hosts.yml', 'all:\n  host:\n    a:\n', 'PRV108', '2:3'],
  ['host vars not a mapping', 'hosts.yml', 'all:\n  hosts:\n    a: 5\n', 'PRV108', '3:8'],
  ['top level is a list', 'hosts.yml', '- a\n- b\n', 'PRV108', '1:1'],
  ['group is a list', 'hosts.yml', 'web: [a, b]\n', 'PRV108', '1:6'],
  ['vars as a list', 'hosts.yml', 'all:\n  vars: [x]\n', 'PRV108', '2:9'],
  ['empty YAML inventory', 'hosts.yaml', '# nothing\n', 'PRV108', '1:1'],
  [
    'bad range in YAML',
    'hosts.yml',
    'all:\n  children:\n    g:\n      hosts:\n        "n[3:1:x]":\n',
    'PRV104',
    '5:9',
  ],
  ['inventory plugin config', 'aws.yml', 'plugin: amazon.aws.aws_ec2\n', 'PRV115', '1:1'],
  ['dynamic inventory script', 'inv.sh', '#!/bin/sh\necho {}\n', 'PRV111', '1:1'],
];

async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'prv-bad-inv-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

function expectUserFacing(e: InventoryError, code: string, where: string): void {
  expect(e).toBeInstanceOf(InventoryError);
  expect(e.code).toBe(code);
  expect(e.where()).toBe(where);
  expect(e.exitCode).toBe(ExitCode.parseOrUnreachable);
  const text = e.format();
  expect(text.startsWith(`ERROR ${code} ${where}: `)).toBe(true);
  expect(text).toContain('hint: ');
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toContain('.ts:');
}

describe('bad inventory input', () => {
  it.each(cases)('%s → %s', async (_name, file, text, code, lineCol) => {
    const dir = await scratch({ [file]: text });
    const e = await inventoryErrorOf(() => loadInventory([file], { cwd: dir }));
    expectUserFacing(e, code, `${file}:${lineCol}`);
    expect(e.snippet).toBeTruthy();
  });

  it('shows the offending line with a caret under the column', async () => {
    const dir = await scratch({ 'hosts.ini': '[g]\nh1 ok=1 oops\n' });
    const e = await inventoryErrorOf(() => loadInventory(['hosts.ini'], { cwd: dir }));
    expect(e.snippet).toBe('h1 ok=1 oops\n        ^');
  });

  it('suggests the key a misspelt YAML group key was meant to be', async () => {
    const dir = await scratch({ 'hosts.yml': 'web:\n  chilren:\n    db:\n' });
    const e = await inventoryErrorOf(() => loadInventory(['hosts.yml'], { cwd: dir }));
    expect(e.hint).toContain('did you mean `children`');
  });

  const varsFiles: [string, string, string, string][] = [
    ['a list instead of a mapping', 'group_vars/all.yml', '- a\n- b\n', 'group_vars/all.yml:1:1'],
    ['a YAML syntax error', 'host_vars/h1.yml', 'a: [1\n', 'host_vars/h1.yml:2:1'],
    [
      'a vault-encrypted file',
      'group_vars/web/secret.yml',
      '$ANSIBLE_VAULT;1.1;AES256\n6162\n',
      'group_vars/web/secret.yml:1:1',
    ],
  ];
  it.each(varsFiles)('fails at load time on a vars file with %s', async (_name, file, text, where) => {
    const dir = await scratch({ 'hosts.ini': '[web]\nh1\n', [file]: text });
    const e = await inventoryErrorOf(() => loadInventory(['hosts.ini'], { cwd: dir }));
    expect(e.code).toMatch(/^PRV1(07|12)$/);
    expect(e.where()).toBe(where);
    expect(e.format()).not.toMatch(/^\s+at /m);
  });
});
