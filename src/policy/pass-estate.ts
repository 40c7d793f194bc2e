/**
 * The entries of PolicyPass's estate as numbers (issue 10: memory that does not grow with the estate): per
 * entry the code of its lower-case id, of its type, of its parent, and either the record of a kept
 * resource (KeptResources) with its input index, or a stub's scope. The resources the projections add
 * come last, as objects (held by PolicyPassOptions.hold). A lookup that returns an entry makes it: a kept
 * resource is read from its record and projected again (StateProjector.project: what Azure adds to it), a
 * stub is the small object it was before (id and scope lower case, type, empty name).
 */
import { memoryKept, type KeptResources } from '../core/kept.js';
import type { AzureResource } from '../core/resource.js';
import { memoryStore } from '../core/store/memory.js';
import type { IdTable, IntColumn, Store } from '../core/store/types.js';
import { SmallTable } from './recorded.js';
import { parentInEstate, type EstateEntries } from './related.js';

/** `ref` of a kept entry whose record is not known yet (PassEntries.setRecord). */
const PENDING = -1;
/** `ref` of a stub without a scope; one with a scope is NO_SCOPE - 1 - its code. */
const NO_SCOPE = -2;

export class PassEntries implements EstateEntries {
  /** Lower-case types. */
  readonly types = new SmallTable();
  /** Types as spelled (a stub keeps its resource's spelling), and the lower-case code of each. */
  private readonly spellings = new SmallTable();
  private readonly lowerOf: number[] = [];
  private readonly idCodes: IntColumn;
  /** Spelling code of each entry's type. */
  private readonly typeCodes: IntColumn;
  private readonly parents: IntColumn;
  /** >= 0: a kept resource's record; PENDING; <= NO_SCOPE: a stub. */
  private readonly refs: IntColumn;
  /** The input index of each kept entry and stub. */
  private readonly indexes: IntColumn;
  /** The added resources kept as objects (what may or may not exist), by entry. */
  private readonly addedObjects = new Map<number, AzureResource>();
  /** Every added resource a lookup has returned (PolicyPass's `added`). */
  readonly addedSeen = new WeakSet<AzureResource>();
  private firstAdded = -1;

  constructor(
    store: Store,
    private readonly ids: IdTable,
    private readonly kept: KeptResources,
    /** What a kept resource is, projected (StateProjector.project). */
    private readonly project: (r: AzureResource, index: number) => AzureResource,
  ) {
    this.idCodes = store.ints();
    this.typeCodes = store.ints();
    this.parents = store.ints();
    this.refs = store.ints();
    this.indexes = store.ints();
  }

  get count(): number {
    return this.idCodes.length;
  }

  private push(id: string, type: string, parent: string | undefined, ref: number, index: number): number {
    const e = this.idCodes.length;
    this.idCodes.push(this.ids.intern(id.toLowerCase()));
    let t = this.spellings.find(type);
    if (t < 0) {
      t = this.spellings.code(type);
      this.lowerOf[t] = this.types.code(type.toLowerCase());
    }
    this.typeCodes.push(t);
    this.parents.push(parent === undefined ? -1 : this.ids.intern(parent));
    this.refs.push(ref);
    this.indexes.push(index);
    return e;
  }

  /** A kept resource, seen at `index`; its record is given later (setRecord). */
  addKept(r: AzureResource, index: number, typeLower: string): number {
    return this.push(r.id, r.type, parentInEstate(r, typeLower), PENDING, index);
  }

  setRecord(entry: number, record: number): void {
    this.refs.set(entry, record);
  }

  /** A stub of a resource that is not kept but has a parent (`parent`, lower case): descendant walks go through it. */
  addStub(r: AzureResource, index: number, parent: string): void {
    const scope = typeof r.scope === 'string' && r.scope !== '' ? this.ids.intern(r.scope.toLowerCase()) : -1;
    this.push(r.id, r.type, parent, scope < 0 ? NO_SCOPE : NO_SCOPE - 1 - scope, index);
  }

  /**
   * A resource the projections add (after every kept entry and stub), as its record (KeptResources.keep),
   * or, without one, as the object itself (what may or may not exist: it would not read back as the same
   * value).
   */
  addAdded(a: AzureResource, record: number | undefined): void {
    if (this.firstAdded < 0) this.firstAdded = this.count;
    const e = this.push(a.id, a.type, parentInEstate(a), record ?? PENDING, -1);
    if (record === undefined) this.addedObjects.set(e, a);
  }

  idCode(e: number): number {
    return this.idCodes.get(e);
  }

  typeCode(e: number): number {
    return this.lowerOf[this.typeCodes.get(e)] ?? -1;
  }

  parentCode(e: number): number {
    return this.parents.get(e);
  }

  get(e: number): AzureResource {
    if (this.firstAdded >= 0 && e >= this.firstAdded) {
      const a = this.addedObjects.get(e) ?? this.kept.get(this.refs.get(e));
      // What a lookup returns of them is marked, for the reasons that say a fact was projected.
      this.addedSeen.add(a);
      return a;
    }
    const ref = this.refs.get(e);
    if (ref >= 0) return this.project(this.kept.get(ref), this.indexes.get(e));
    if (ref === PENDING) throw new Error(`internal: estate entry ${e} has no record`);
    const type = this.spellings.text(this.typeCodes.get(e));
    const id = this.ids.text(this.idCodes.get(e));
    return { id, type, name: '', ...(ref < NO_SCOPE ? { scope: this.ids.text(NO_SCOPE - 1 - ref) } : {}) };
  }
}

/** What PolicyPass keeps its numbers in (PolicyPassOptions store, ids, kept), all in memory. */
export function memoryParts(): { store: Store; ids: IdTable; kept: KeptResources } {
  const store = memoryStore();
  return { store, ids: store.ids(), kept: memoryKept() };
}
