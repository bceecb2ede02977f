import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fingerprintSha256,
  formatKnownHostLine,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  readKnownHostsFiles,
  recordHostKey,
  verifyHostKey,
} from '../../src/transport/ssh/index.js';
import { keygen } from './sshd-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'provision-kh-'));
const pubA = keygen(join(dir, 'a'));
const pubB = keygen(join(dir, 'b'));
const pubR = keygen(join(dir, 'r'), 'rsa');
const blob = (pub: string) => Buffer.from(pub.split(' ')[1] as string, 'base64');

function hashed(name: string, salt = Buffer.from('0123456789abcdefghij')): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts parsing and verification', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints fingerprints exactly as ssh-keygen -l does', () => {
    const printed = execFileSync('ssh-keygen', ['-lf', join(dir, 'a.pub')], { encoding: 'utf8' }).split(
      ' ',
    )[1];
    expect(fingerprintSha256(blob(pubA))).toBe(printed);
  });

  it('names non-22 ports as [host]:port', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('skips comments, blank and malformed lines and keeps line numbers', () => {
    const text = `# c\n\nweb1,web2 ${pubA}\nbroken-line\n@revoked * ${pubB}\n@cert-authority *.x ${pubR}\n`;
    const entries = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => [e.line, e.marker, e.hosts])).toEqual([
      [3, undefined, 'web1,web2'],
      [5, 'revoked', '*'],
      [6, 'cert-authority', '*.x'],
    ]);
  });

  it('matches patterns with wildcards and negation', () => {
    const entries = parseKnownHosts(`*.lab,!bad.lab ${pubA}\n`, 'kh');
    expect(verifyHostKey(entries, 'n1.lab', blob(pubA)).status).toBe('known');
    expect(verifyHostKey(entries, 'bad.lab', blob(pubA)).status).toBe('unknown');
  });

  it('matches hashed names, including [host]:port', () => {
    const entries = parseKnownHosts(`${hashed('[10.1.2.3]:2222')} ${pubA}\n${hashed('db')} ${pubB}\n`, 'kh');
    expect(verifyHostKey(entries, '[10.1.2.3]:2222', blob(pubA)).status).toBe('known');
    expect(verifyHostKey(entries, '10.1.2.3', blob(pubA)).status).toBe('unknown');
    expect(verifyHostKey(entries, 'db', blob(pubB)).status).toBe('known');
  });

  it('reads a file hashed by ssh-keygen -H', () => {
    const file = join(dir, 'hashed_known_hosts');
    writeFileSync(file, `[127.0.0.1]:2200 ${pubA}\nweb ${pubB}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
    expect(verifyHostKey(entries, '[127.0.0.1]:2200', blob(pubA)).status).toBe('known');
    expect(verifyHostKey(entries, 'web', blob(pubB)).status).toBe('known');
  });

  it('reports a changed key with the expected entry, and unknown with other known types', () => {
    const entries = parseKnownHosts(`x ${pubR}\nweb ${pubA}\n`, 'kh');
    const changed = verifyHostKey(entries, 'web', blob(pubB));
    expect(changed.status).toBe('changed');
    if (changed.status === 'changed')
      expect([changed.expected.file, changed.expected.line]).toEqual(['kh', 2]);
    expect(verifyHostKey(entries, 'x', blob(pubA))).toEqual({ status: 'unknown', otherTypes: ['ssh-rsa'] });
    expect(knownKeyTypes(entries, 'x')).toEqual(['ssh-rsa']);
  });

  it('refuses revoked keys even when also listed', () => {
    const entries = parseKnownHosts(`@revoked web ${pubA}\nweb ${pubA}\n`, 'kh');
    expect(verifyHostKey(entries, 'web', blob(pubA)).status).toBe('revoked');
  });

  it('formats plain and hashed lines that verify again', () => {
    for (const hashedLine of [false, true]) {
      const line = formatKnownHostLine('[h]:2222', blob(pubA), hashedLine);
      expect(line.startsWith('|1|')).toBe(hashedLine);
      expect(verifyHostKey(parseKnownHosts(line, 'f'), '[h]:2222', blob(pubA)).status).toBe('known');
    }
  });

  it('records keys from many parallel writers as intact lines, once each', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    const keys = [pubA, pubB, pubR];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        recordHostKey(file, `[h${i % 10}]:22${i % 10}`, blob(keys[(i % 10) % 3] as string), false),
      ),
    );
    const entries = await readKnownHostsFiles([file, join(dir, 'missing')]);
    expect(entries).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      expect(verifyHostKey(entries, `[h${i}]:22${i}`, blob(keys[i % 3] as string)).status).toBe('known');
    }
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(10);
  });
});
