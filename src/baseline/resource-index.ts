import { memoryKept, type KeptResources } from '../core/kept.js';
import type { AzureResource } from '../core/resource.js';
import { setAt } from '../core/store/columns.js';
import { memoryStore } from '../core/store/memory.js';
import type { IdTable, IntColumn, MultiIndex, MultiIndexBuilder, Store } from '../core/store/types.js';
import type { KeyedTable, ResourceIndex } from './types.js';

const lower = (s: string): string => s.toLowerCase();

/**
 * The id of the resource an extension resource id is attached to: `<target>/providers/<ns>/<type>/<name>`
 * where <target> is itself a resource (it has a provider segment), not a resource group or subscription.
 */
function extensionTarget(id: string): string | undefined {
  const at = id.lastIndexOf('/providers/');
  if (at <= 0) return undefined;
  const target = id.slice(0, at);
  return target.includes('/providers/') ? target : undefined;
}

/** The parent of a child resource id `<parent>/<childType>/<name>` (type with more than one segment). */
function parentOf(r: AzureResource): string | undefined {
  if (typeof r.id !== 'string' || typeof r.type !== 'string' || r.type.split('/').length < 3) return undefined;
  const last = r.id.lastIndexOf('/');
  const prev = last > 0 ? r.id.lastIndexOf('/', last - 1) : -1;
  return prev > 0 ? r.id.slice(0, prev) : undefined;
}

/** Where an index keeps its numbers, and the resources its records are (shared by a check's passes). */
export interface IndexParts {
  store: Store;
  /** Lower-case ids, one code each (the store's, shared with the kept spool). */
  ids: IdTable;
  kept: KeptResources;
}

/** Parts in memory: the library's default, and an input read whole. */
export function memoryParts(): IndexParts {
  const store = memoryStore();
  return { store, ids: store.ids(), kept: memoryKept() };
}

/**
 * Builds the lookups rules use from the resources kept, one record at a time (issue 12: linear in the
 * input; issue 10: numbers, not objects — ids are codes of `parts.ids`, resources records of
 * `parts.kept`, and every list a column or multi-index of the store). ARM compares ids and types
 * case-insensitively.
 */
export class IndexBuilder {
  private readonly parts: IndexParts;
  /** Id code -> record + 1 of the last resource with that id (0: none). */
  private readonly byId: IntColumn;
  /** Lower-case type -> records, in the order added (types are few). */
  private readonly byType = new Map<string, IntColumn>();
  /** Target id code -> records of its extension resources. */
  private readonly extensions: MultiIndexBuilder;
  /** Lower-case child type -> parent id code -> records. */
  private readonly children = new Map<string, MultiIndexBuilder>();
  private frozen = false;

  constructor(parts: IndexParts) {
    this.parts = parts;
    this.byId = parts.store.ints();
    this.extensions = parts.store.multi();
  }

  /** Adds the resource kept as `record` (its id, type, scope and parent read now, from `r`). */
  add(r: AzureResource, record: number): void {
    if (this.frozen) throw new Error('internal: IndexBuilder.add() after freeze()');
    const { ids, store } = this.parts;
    const id = typeof r.id === 'string' ? lower(r.id) : '';
    const type = typeof r.type === 'string' ? lower(r.type) : '';
    if (id !== '') setAt(this.byId, ids.intern(id), record + 1);
    let ofType = this.byType.get(type);
    if (ofType === undefined) this.byType.set(type, (ofType = store.ints()));
    ofType.push(record);
    const target = typeof r.scope === 'string' ? r.scope : id !== '' ? extensionTarget(id) : undefined;
    if (target !== undefined) this.extensions.add(ids.intern(lower(target)), record);
    const parent = parentOf(r);
    if (parent !== undefined) {
      let ofParent = this.children.get(type);
      if (ofParent === undefined) this.children.set(type, (ofParent = store.multi()));
      ofParent.add(ids.intern(lower(parent)), record);
    }
  }

  /** The index; `dependsOnOf` replaces the one that reads the resource found by id (BaselinePass keeps every resource's list). */
  freeze(dependsOnOf?: (id: string) => AzureResource['dependsOn']): ResourceIndex {
    if (this.frozen) throw new Error('internal: IndexBuilder.freeze() twice');
    this.frozen = true;
    const { ids, kept, store } = this.parts;
    const byIdCol = this.byId;
    const byType = this.byType;
    const extensions = this.extensions.freeze();
    const children = new Map<string, MultiIndex>();
    for (const [t, b] of this.children) children.set(t, b.freeze());
    const records = (list: number[]): AzureResource[] => list.map((rec) => kept.get(rec));
    const listOf = (index: MultiIndex | undefined, id: string): AzureResource[] => {
      if (index === undefined) return [];
      const code = ids.find(lower(id));
      return code < 0 ? [] : records(index.list(code));
    };
    const byId = (id: string): AzureResource | undefined => {
      const code = ids.find(lower(id));
      const rec = code >= 0 && code < byIdCol.length ? byIdCol.get(code) - 1 : -1;
      return rec >= 0 ? kept.get(rec) : undefined;
    };
    const memo = new Map<string, unknown>();
    const tables = new Map<string, KeyedTable<unknown>>();
    return {
      byId,
      ofType(type) {
        const col = byType.get(lower(type));
        if (col === undefined) return [];
        const out: AzureResource[] = [];
        for (let i = 0; i < col.length; i++) out.push(kept.get(col.get(i)));
        return out;
      },
      extensionsOf(id, type) {
        const all = listOf(extensions, id);
        return type === undefined ? all : all.filter((r) => lower(r.type) === lower(type));
      },
      childrenOf: (id, type) => listOf(children.get(lower(type)), id),
      dependsOnOf: dependsOnOf ?? ((id) => byId(id)?.dependsOn),
      memo<T>(key: string, build: () => T): T {
        if (!memo.has(key)) memo.set(key, build());
        return memo.get(key) as T;
      },
      table<T>(name: string, build: (put: (key: string, value: T) => void) => void): KeyedTable<T> {
        const known = tables.get(name);
        if (known !== undefined) return known as KeyedTable<T>;
        const made = keyedTable<T>(store, ids, build);
        tables.set(name, made as KeyedTable<unknown>);
        return made;
      },
    };
  }
}

/** A rule's table (ResourceIndex.table): keys interned as lower-case ids, values JSON in the store's string log. */
export function keyedTable<T>(store: Store, ids: IdTable, build: (put: (key: string, value: T) => void) => void): KeyedTable<T> {
  const values = store.strings();
  const pairs = store.multi();
  build((key, value) => pairs.add(ids.intern(lower(key)), values.add(JSON.stringify(value))));
  const index = pairs.freeze();
  return {
    get(key) {
      const code = ids.find(lower(key));
      if (code < 0 || index.count(code) === 0) return [];
      return index.list(code).map((h) => JSON.parse(values.get(h)) as T);
    },
  };
}

/**
 * Builds the lookups rules use over resources all in memory (runBaseline, a plan's template), once per
 * input: runBaseline is linear in the input, not quadratic.
 */
export function indexResources(resources: readonly AzureResource[], parts: IndexParts = memoryParts()): ResourceIndex {
  const builder = new IndexBuilder(parts);
  for (const r of resources) builder.add(r, parts.kept.keep(r));
  return builder.freeze();
}
