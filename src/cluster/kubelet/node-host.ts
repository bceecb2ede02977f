/**
 * The node-side surface a kubelet and the simulated images act on. In process it is a virtual filesystem; on lab
 * hosts the kubelet implements it on the real filesystem, so `/etc/cni/net.d` really gets the file.
 */
export interface NodeHost {
  readonly nodeName: string;
  readFile(path: string): Promise<string | undefined>;
  writeFile(path: string, content: string): Promise<void>;
  removeFile(path: string): Promise<void>;
  /** Names of the entries directly inside `dir`, sorted; empty when it does not exist. */
  listDir(dir: string): Promise<string[]>;
}

const norm = (p: string) => p.replace(/\/+$/, '');

/** An in-memory node filesystem; `onChange` lets the kubelet react to files images write (CNI configs). */
export class VirtualNodeHost implements NodeHost {
  private readonly files = new Map<string, string>();
  onChange?: (path: string) => void;

  constructor(
    readonly nodeName: string,
    initial: Record<string, string> = {},
  ) {
    for (const [p, c] of Object.entries(initial)) this.files.set(norm(p), c);
  }

  async readFile(path: string): Promise<string | undefined> {
    return this.files.get(norm(path));
  }

  async writeFile(path: string, content: string): Promise<void> {
    const p = norm(path);
    if (this.files.get(p) === content) return;
    this.files.set(p, content);
    this.onChange?.(p);
  }

  async removeFile(path: string): Promise<void> {
    if (this.files.delete(norm(path))) this.onChange?.(norm(path));
  }

  async listDir(dir: string): Promise<string[]> {
    const prefix = `${norm(dir)}/`;
    const names = new Set<string>();
    for (const p of this.files.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] as string);
    }
    return [...names].sort();
  }

  /** Every path, for tests and `model run` output. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }
}
