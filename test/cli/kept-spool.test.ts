import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeptSpool } from '../../src/cli/kept-spool.js';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';

// What the lookups keep between a check's reads, on disk (src/cli/kept-spool.ts): a held resource reads
// back as itself — same object, same keys in the same order, same values — from the file or the cache.
const resource = (i: number): AzureResource =>
  ({
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe${i}`,
    type: 'Microsoft.Network/privateEndpoints',
    name: `pe${i}`,
    location: 'usgovvirginia',
    tags: { n: String(i) },
    properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: `/x/${i}`, groupIds: ['blob'] } }], count: i, flag: i % 2 === 0, none: null },
    dependsOn: [`/y/${i}`],
    source: { file: 'estate.json', line: i + 2, column: 3 },
  }) as AzureResource;

function spool(): { s: KeptSpool; parent: string } {
  const parent = mkdtempSync(join(tmpdir(), 'il5ml-kept-test-'));
  return { s: new KeptSpool(parent), parent };
}

describe('KeptSpool', () => {
  it('a held resource keeps its identity, keys, order and values; objects are read back from the file', () => {
    const { s, parent } = spool();
    const r = resource(7);
    const before = JSON.stringify(r);
    const keys = Object.keys(r);
    const source = r.source;
    s.hold(r);
    expect(Object.getOwnPropertyDescriptor(r, 'properties')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(r, 'id')?.value).toBe(r.id);
    expect(r.source).toBe(source);
    expect(Object.keys(r)).toEqual(keys);
    expect(JSON.stringify(r)).toBe(before);
    expect(s.counts).toEqual({ held: 1, readBack: 1 });
    expect((r.properties as { count: number }).count).toBe(7);
    expect(s.counts.readBack).toBe(1); // from the cache
    s.close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('reads every one back right after the cache evicts them (more than it holds)', () => {
    const { s } = spool();
    const held = Array.from({ length: 5000 }, (_, i) => resource(i));
    const texts = held.map((r) => JSON.stringify(r));
    for (const r of held) s.hold(r);
    held.forEach((r, i) => expect(JSON.stringify(r)).toBe(texts[i]));
    expect(s.counts.readBack).toBe(5000);
    // The first ones were evicted by the later ones: read back from the file again; the last one is cached.
    expect((held[0]?.properties as { count: number }).count).toBe(0);
    expect(s.counts.readBack).toBe(5001);
    expect((held[4999]?.properties as { count: number }).count).toBe(4999);
    expect(s.counts.readBack).toBe(5001);
    s.close();
  });

  it('warm: pass 2 gives the fresh read, nothing is read back', () => {
    const { s } = spool();
    const r = resource(1);
    s.hold(r);
    const fresh = resource(1);
    s.warm(r, fresh);
    expect(r.properties).toBe(fresh.properties);
    expect(s.counts.readBack).toBe(0);
    s.close();
  });

  it('a resource with a value known only after deployment is not held (its JSON would not read back as it)', () => {
    const { s } = spool();
    const r = { ...resource(2), properties: { x: new Unknown('after deployment') } } as AzureResource;
    s.hold(r);
    expect(Object.getOwnPropertyDescriptor(r, 'properties')?.value).toBeDefined();
    expect((r.properties as { x: unknown }).x).toBeInstanceOf(Unknown);
    expect(s.counts.held).toBe(0);
    s.close();
  });

  it('reading a held resource after close is an internal error, not a wrong value', () => {
    const { s, parent } = spool();
    const r = resource(3);
    s.hold(r);
    s.close();
    expect(existsSync(join(parent))).toBe(true);
    expect(() => r.properties).toThrow(/after its spool was closed/);
  });
});
