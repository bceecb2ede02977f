/**
 * The repository of an image reference, normalised as container runtimes do: tag and digest dropped, Docker Hub
 * implied (`calico/node:v3.30.3` → `docker.io/calico/node`, `nginx` → `docker.io/library/nginx`).
 */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0] as string;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const first = ref.split('/')[0] as string;
  const hasRegistry =
    ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}
