/**
 * JSON merge patch (RFC 7386) and the strategic merge patch of the Kubernetes API for the lists that matter:
 * lists of objects merge by their patch merge key, `$patch: delete` removes an item, `$patch: replace` replaces
 * the list or map, and `$deleteFromPrimitiveList/<field>` removes primitives (finalizers).
 */
type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys of list fields by field name (from the API's patchMergeKey tags). */
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  taints: 'key',
  addresses: 'type',
  ownerReferences: 'uid',
  podIPs: 'ip',
  hostIPs: 'ip',
  hostAliases: 'ip',
  containerStatuses: 'name',
};

/** Lists of primitives the API merges as sets instead of replacing. */
const mergedPrimitiveLists = new Set(['finalizers']);

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set(Array.isArray(v) ? v : []);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !drop.has(x));
      continue;
    }
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    const key = mergeKeys[k];
    if (Array.isArray(v) && key && (Array.isArray(cur) || cur === undefined)) {
      out[k] = mergeList((cur as Json[] | undefined) ?? [], v, key);
    } else if (Array.isArray(v) && mergedPrimitiveLists.has(k) && Array.isArray(cur)) {
      out[k] = [...cur, ...v.filter((x) => !cur.includes(x))];
    } else if (isMap(v)) {
      out[k] = strategicMergePatch(cur, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  if (patch.some((p) => isMap(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isMap(p) && p.$patch === 'replace'));
  }
  const out = [...current];
  for (const item of patch) {
    if (!isMap(item)) {
      out.push(item);
      continue;
    }
    const idx = out.findIndex((c) => isMap(c) && c[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item);
    else out.push(strategicMergePatch(undefined, item));
  }
  return out;
}
