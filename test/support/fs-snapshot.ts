import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** A byte-exact picture of a directory tree: every path with its type, mode, size, mtime and content hash. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(root)) return out;
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      const meta = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs}`;
      if (st.isSymbolicLink()) out[r] = `link ${readlinkSync(p)} ${meta}`;
      else if (st.isDirectory()) {
        out[r] = `dir ${meta}`;
        walk(p, r);
      } else out[r] = `file ${st.size} ${createHash('sha256').update(readFileSync(p)).digest('hex')} ${meta}`;
    }
  };
  walk(root, '');
  return out;
}
