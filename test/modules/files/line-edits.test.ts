import { describe, expect, it } from 'vitest';
import { editBlock } from '../../../src/modules/files/blockinfile-edit.js';
import { editLines, type LineEdit } from '../../../src/modules/files/lineinfile-edit.js';
import { expandTemplate, toJsRegExp } from '../../../src/modules/files/python-regex.js';
import { replaceInText } from '../../../src/modules/files/replace.js';

/** The pure edits, case by case as Ansible's lineinfile/blockinfile/replace compute them. */

describe('lineinfile edit', () => {
  const cases: [string, string, Partial<LineEdit>, string, string][] = [
    ['appends at EOF', 'a\nb\n', { line: 'c' }, 'a\nb\nc\n', 'line added'],
    ['adds a newline before appending', 'a', { line: 'c' }, 'a\nc\n', 'line added'],
    ['exact line present → unchanged', 'a\nc\nb\n', { line: 'c' }, 'a\nc\nb\n', ''],
    [
      'regexp replaces the last match',
      'x=1\nx=2\n',
      { regexp: '^x=', line: 'x=9' },
      'x=1\nx=9\n',
      'line replaced',
    ],
    [
      'firstmatch replaces the first',
      'x=1\nx=2\n',
      { regexp: '^x=', line: 'x=9', firstmatch: true },
      'x=9\nx=2\n',
      'line replaced',
    ],
    [
      'regexp $ matches before the newline',
      'port 22\n',
      { regexp: '^port 22$', line: 'port 2222' },
      'port 2222\n',
      'line replaced',
    ],
    [
      'search_string replaces',
      'a PermitRootLogin yes\n',
      { search_string: 'PermitRootLogin', line: 'PermitRootLogin no' },
      'PermitRootLogin no\n',
      'line replaced',
    ],
    [
      'insertafter the last match',
      'a\n[s]\nb\n[s]\n',
      { line: 'k', insertafter: '^\\[s\\]' },
      'a\n[s]\nb\n[s]\nk\n',
      'line added',
    ],
    [
      'insertafter with firstmatch',
      'a\n[s]\nb\n[s]\n',
      { line: 'k', insertafter: '^\\[s\\]', firstmatch: true },
      'a\n[s]\nk\nb\n[s]\n',
      'line added',
    ],
    [
      'insertafter: line already there → unchanged',
      '[s]\nk\n',
      { line: 'k', insertafter: '^\\[s\\]' },
      '[s]\nk\n',
      '',
    ],
    ['insertbefore', 'a\nb\n', { line: 'k', insertbefore: '^b' }, 'a\nk\nb\n', 'line added'],
    ['insertbefore BOF', 'a\n', { line: 'k', insertbefore: 'BOF' }, 'k\na\n', 'line added'],
    ['insertafter without a match → EOF', 'a\n', { line: 'k', insertafter: '^zz' }, 'a\nk\n', 'line added'],
    [
      'regexp without a match → insertafter',
      'a\nb\n',
      { regexp: '^k=', line: 'k=1', insertafter: '^a' },
      'a\nk=1\nb\n',
      'line added',
    ],
    [
      'backrefs expand groups',
      'ListenAddress 1.2.3.4\n',
      { regexp: '^(ListenAddress) (.*)$', line: '\\1 0.0.0.0 # was \\g<2>', backrefs: true },
      'ListenAddress 0.0.0.0 # was 1.2.3.4\n',
      'line replaced',
    ],
    [
      'backrefs without a match → unchanged',
      'a\n',
      { regexp: '^(z)', line: '\\1', backrefs: true },
      'a\n',
      '',
    ],
    ['empty file', '', { line: 'k' }, 'k\n', 'line added'],
  ];
  for (const [name, text, edit, want, msg] of cases) {
    it(name, () => {
      const r = editLines(text, { state: 'present', ...edit });
      expect(r.content).toBe(want);
      expect(r.msg).toBe(msg);
      expect(r.changed).toBe(want !== text);
    });
  }
  it('absent removes every matching line and counts them', () => {
    expect(editLines('a\nb\na\n', { state: 'absent', line: 'a' })).toMatchObject({
      content: 'b\n',
      found: 2,
      changed: true,
    });
    expect(editLines('x=1\ny\n', { state: 'absent', regexp: '^x=' })).toMatchObject({
      content: 'y\n',
      found: 1,
    });
    expect(editLines('y\n', { state: 'absent', search_string: 'x' })).toMatchObject({
      content: 'y\n',
      changed: false,
    });
  });
});

describe('blockinfile edit', () => {
  const base = {
    state: 'present' as const,
    marker: '# {mark} ANSIBLE MANAGED BLOCK',
    marker_begin: 'BEGIN',
    marker_end: 'END',
  };
  const block = (body: string) => `# BEGIN ANSIBLE MANAGED BLOCK\n${body}# END ANSIBLE MANAGED BLOCK\n`;
  it('inserts at EOF, adding a newline to an unterminated last line', () => {
    expect(editBlock('a', { ...base, block: 'x\ny' })).toMatchObject({
      content: `a\n${block('x\ny\n')}`,
      msg: 'Block inserted',
    });
  });
  it('replaces the block where it is', () => {
    const text = `a\n${block('old\n')}b\n`;
    expect(editBlock(text, { ...base, block: 'new', insertbefore: 'BOF' }).content).toBe(
      `a\n${block('new\n')}b\n`,
    );
  });
  it('same block → unchanged', () => {
    const text = `a\n${block('x\n')}`;
    expect(editBlock(text, { ...base, block: 'x' })).toMatchObject({ content: text, changed: false });
  });
  it('insertafter the last match, insertbefore BOF', () => {
    expect(editBlock('[a]\n[b]\nz\n', { ...base, block: 'x', insertafter: '^\\[' }).content).toBe(
      `[a]\n[b]\n${block('x\n')}z\n`,
    );
    expect(editBlock('z\n', { ...base, block: 'x', insertbefore: 'BOF' }).content).toBe(`${block('x\n')}z\n`);
  });
  it('absent or an empty block removes it', () => {
    const text = `a\n${block('x\n')}b\n`;
    expect(editBlock(text, { ...base, block: 'x', state: 'absent' })).toMatchObject({
      content: 'a\nb\n',
      msg: 'Block removed',
    });
    expect(editBlock(text, { ...base, block: '' }).content).toBe('a\nb\n');
  });
  it('custom markers', () => {
    const r = editBlock('', {
      ...base,
      block: 'x',
      marker: '<!-- {mark} -->',
      marker_begin: 'start',
      marker_end: 'stop',
    });
    expect(r.content).toBe('<!-- start -->\nx\n<!-- stop -->\n');
  });
});

describe('replace edit', () => {
  it('replaces every match, multiline, with Python group references', () => {
    expect(replaceInText('a=1\nb=2\n', { regexp: '^(\\w)=(\\d)$', replace: '\\2=\\g<1>' })).toEqual({
      content: '1=a\n2=b\n',
      count: 2,
    });
  });
  it('limits the section with after/before', () => {
    const text = 'x\n[s]\nx\n[t]\nx\n';
    expect(
      replaceInText(text, { regexp: '^x$', replace: 'y', after: '\\[s\\]', before: '\\[t\\]' }).content,
    ).toBe('x\n[s]\ny\n[t]\nx\n');
    expect(replaceInText(text, { regexp: '^x$', replace: 'y', after: '\\[t\\]' }).content).toBe(
      'x\n[s]\nx\n[t]\ny\n',
    );
    expect(replaceInText(text, { regexp: '^x$', replace: 'y', before: '\\[s\\]' }).content).toBe(
      'y\n[s]\nx\n[t]\nx\n',
    );
  });
  it('no match → count 0', () => {
    expect(replaceInText('a\n', { regexp: 'z' })).toEqual({ content: 'a\n', count: 0 });
  });
});

describe('python regex', () => {
  it('translates named groups and expands templates', () => {
    const m = toJsRegExp('(?P<k>\\w+)=(?P=k)').exec('ab=ab');
    expect(m?.groups?.k).toBe('ab');
    expect(expandTemplate('\\g<k>-\\1\\n\\9', m as RegExpExecArray)).toBe('ab-ab\n');
  });
});
