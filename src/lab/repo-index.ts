/**
 * The lab's apt repository index, as a flat repository (`deb [trusted=yes] URL ./`): `Packages` holds each
 * package's control paragraph plus where and how big the file is and its digests; `Release` lists the index
 * files' digests. Pure: repo.ts feeds it what dpkg-deb and the files say.
 */
export interface RepoPackage {
  /** The control file's fields as `dpkg-deb -f` prints them (a paragraph). */
  control: string;
  filename: string;
  size: number;
  md5: string;
  sha256: string;
}

export function packagesParagraph(pkg: RepoPackage): string {
  const control = pkg.control
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
  return [
    control,
    `Filename: ./${pkg.filename}`,
    `Size: ${pkg.size}`,
    `MD5sum: ${pkg.md5}`,
    `SHA256: ${pkg.sha256}`,
  ].join('\n');
}

/** Sorted by file name so the index does not depend on directory order. */
export function packagesIndex(pkgs: readonly RepoPackage[]): string {
  const sorted = [...pkgs].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return sorted.map((p) => `${packagesParagraph(p)}\n`).join('\n');
}

export interface IndexFileDigest {
  name: string;
  size: number;
  md5: string;
  sha256: string;
}

export function releaseFile(date: Date, files: readonly IndexFileDigest[]): string {
  return [
    'Origin: provision-lab',
    'Label: provision-lab',
    'Suite: lab',
    'Codename: lab',
    `Date: ${date.toUTCString()}`,
    'Architectures: all amd64 arm64',
    'Description: packages served to lab hosts by provision lab',
    'MD5Sum:',
    ...files.map((f) => ` ${f.md5} ${f.size} ${f.name}`),
    'SHA256:',
    ...files.map((f) => ` ${f.sha256} ${f.size} ${f.name}`),
    '',
  ].join('\n');
}
