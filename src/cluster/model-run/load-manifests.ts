import { readFile } from 'node:fs/promises';
import { isMap, LineCounter, parseAllDocuments } from 'yaml';
import { offsetToLineCol, type SourceLocation } from '../../errors/location.js';
import { ManifestError } from '../../errors/provision-error.js';
import type { KubeObject } from '../objects/index.js';

/** A manifest object and where it was written. */
export interface LocatedObject {
  object: KubeObject;
  location: SourceLocation;
}

function fail(message: string, location: SourceLocation, text: string): never {
  const line = text.split('\n')[location.line - 1] ?? '';
  throw new ManifestError({ code: 'PRV710', message, location, snippet: line });
}

/** Parses multi-document YAML (and `kind: List`) into objects, each with its file:line:col. */
export function parseManifests(text: string, file: string): LocatedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const out: LocatedObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err)
      fail(err.message.split('\n')[0] ?? err.message, { file, ...offsetToLineCol(text, err.pos[0]) }, text);
    if (doc.contents === null) continue;
    const location: SourceLocation = { file, ...offsetToLineCol(text, doc.contents.range?.[0] ?? 0) };
    if (!isMap(doc.contents))
      fail('a manifest document must be a mapping with apiVersion, kind and metadata', location, text);
    const value = doc.toJS() as Record<string, unknown>;
    const items = value.kind === 'List' && Array.isArray(value.items) ? (value.items as unknown[]) : [value];
    for (const item of items) out.push({ object: checkObject(item, location, text), location });
  }
  return out;
}

function checkObject(v: unknown, location: SourceLocation, text: string): KubeObject {
  const o = v as Partial<KubeObject> | null;
  if (!o || typeof o !== 'object') fail('a manifest document must be a mapping', location, text);
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') fail('missing apiVersion', location, text);
  if (typeof o.kind !== 'string' || o.kind === '') fail('missing kind', location, text);
  const meta = o.metadata as { name?: unknown; generateName?: unknown } | undefined;
  if (!meta || typeof meta !== 'object') fail(`${o.kind}: missing metadata`, location, text);
  if ((typeof meta.name !== 'string' || meta.name === '') && typeof meta.generateName !== 'string') {
    fail(`${o.kind}: missing metadata.name`, location, text);
  }
  return o as KubeObject;
}

export async function loadManifestFiles(files: readonly string[]): Promise<LocatedObject[]> {
  const out: LocatedObject[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new ManifestError({
        code: 'PRV711',
        message: `cannot read ${file}: ${(e as Error).message}`,
        cause: e,
      });
    }
    out.push(...parseManifests(text, file));
  }
  return out;
}
