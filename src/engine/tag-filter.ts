/**
 * Ansible's tag selection: with --tags, a task runs when it has a selected tag (or `always`); `all` selects every
 * task without `never`; `tagged`/`untagged` select by presence. --skip-tags wins, except that `always` tasks are
 * skipped only when `always` itself is skipped. `never` tasks run only when one of their tags is asked for.
 */
export function taskSelected(
  taskTags: readonly string[],
  only: readonly string[],
  skip: readonly string[],
): boolean {
  const tags = new Set(taskTags);
  if (skip.length > 0) {
    if (skip.includes('all')) return tags.has('always') && !skip.includes('always');
    if (skip.includes('tagged') && tags.size > 0 && !tags.has('always')) return false;
    if (skip.includes('untagged') && tags.size === 0) return false;
    for (const t of skip) if (tags.has(t) && (t === 'always' || !tags.has('always'))) return false;
  }
  if (tags.has('always')) return true;
  const requested = only.length === 0 ? ['all'] : only;
  if (tags.has('never'))
    return [...tags].some((t) => t !== 'never' && requested.includes(t)) || requested.includes('never');
  for (const t of requested) {
    if (t === 'all') return true;
    if (t === 'tagged' && tags.size > 0) return true;
    if (t === 'untagged' && tags.size === 0) return true;
    if (tags.has(t)) return true;
  }
  return false;
}
