import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/cli/file-store.js';
import { UserInputError } from '../../src/core/diagnostic.js';
import { storeContract } from '../core/store/contract.js';

const dir = mkdtempSync(join(tmpdir(), 'il5ml-file-store-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Four pages of 4 KiB: pages are evicted and written back all the time.
const tiny = { budgetBytes: 4 * 4096, pageBytes: 4096 };

storeContract('fileStore (4 pages of 4 KiB)', (options) => fileStore(dir, { ...tiny, ...options }));
// The least a store keeps: two pages of the smallest size (every string of more than 252 bytes spans pages).
storeContract('fileStore (2 pages of 256 bytes)', (options) => fileStore(dir, { budgetBytes: 1, pageBytes: 256, ...options }), { large: false });

describe('fileStore', () => {
  it('keeps its pages in one private file inside the folder, written back and read again, and removes it on close()', () => {
    const s = fileStore(dir, tiny);
    expect(readdirSync(dir)).toContain(s.path.slice(dir.length + 1));
    if (process.platform !== 'win32') expect(statSync(s.path).mode & 0o777).toBe(0o600);
    const ints = s.ints();
    const ids = s.ids();
    for (let i = 0; i < 10_000; i++) {
      ints.push(i);
      ids.intern(`/subscriptions/s/resourcegroups/rg/providers/microsoft.network/networkinterfaces/nic-${i}`);
    }
    let wrong = 0;
    for (let i = 0; i < 10_000; i++) if (ints.get(i) !== i || ids.find(`/subscriptions/s/resourcegroups/rg/providers/microsoft.network/networkinterfaces/nic-${i}`) !== i) wrong++;
    expect(wrong).toBe(0);
    const { reads, writes, filePages, frames } = s.stats;
    expect(frames).toBe(4);
    expect(filePages).toBeGreaterThan(100);
    expect(writes).toBeGreaterThan(100);
    expect(reads).toBeGreaterThan(100);
    expect(statSync(s.path).size).toBeGreaterThan(4 * 4096);
    s.close();
    expect(readdirSync(dir)).not.toContain(s.path.slice(dir.length + 1));
    expect(() => ints.get(0)).toThrow(/close/);
    expect(() => s.multi()).toThrow(/close/);
  });

  it('reuses the pages of a builder after freeze(), and those an id table leaves when it grows', () => {
    const s = fileStore(dir, tiny);
    try {
      const fill = (): void => {
        const b = s.multi();
        for (let i = 0; i < 50_000; i++) b.add(i % 1000, i);
        b.freeze();
      };
      fill();
      // Keys and values (2 × 49 pages) while building, then offsets and sorted values (1 + 49) beside them.
      expect(s.stats.filePages).toBe(148);
      // The next builder's keys and values reuse the 98 pages given back, and only its frozen arrays are new.
      fill();
      expect(s.stats.filePages).toBe(198);
      const ids = s.ids();
      for (let i = 0; i < 3000; i++) ids.intern(`id-${i}`);
      const slotsAndStrings = s.stats.filePages;
      // 3000 ids: 8192 slots of 8 bytes (16 pages); the tables before it (1 + 2 + 4 + 8 pages) given back and reused.
      expect(slotsAndStrings - 198).toBeLessThan(16 + 8 + 8);
    } finally {
      s.close();
    }
  });

  it('answers a string asked again in a row (the last one remembered) as the table does, and nothing after close()', () => {
    const s = fileStore(dir, tiny);
    const ids = s.ids();
    const a = 'x'.repeat(5000);
    expect(ids.find(a)).toBe(-1);
    // A miss is not remembered: interning it next adds it.
    expect(ids.intern(a)).toBe(0);
    expect(ids.intern(a)).toBe(0);
    expect(ids.find(`${'x'.repeat(4999)}x`)).toBe(0);
    expect(ids.intern('b')).toBe(1);
    expect(ids.find('b')).toBe(1);
    expect(ids.find(a)).toBe(0);
    expect(ids.intern('c')).toBe(2);
    expect(ids.find('a')).toBe(-1);
    expect(ids.intern('c')).toBe(2);
    expect([ids.text(0), ids.text(1), ids.text(2), ids.size]).toEqual([a, 'b', 'c', 3]);
    s.close();
    expect(() => ids.find('c')).toThrow(/close/);
    expect(() => ids.intern('c')).toThrow(/close/);
  });

  it('refuses a page size that is not a power of two from 256 bytes', () => {
    expect(() => fileStore(dir, { pageBytes: 1000 })).toThrow(/power of two/);
    expect(() => fileStore(dir, { pageBytes: 128 })).toThrow(/power of two/);
    // The file of a refused store is not left behind.
    expect(readdirSync(dir).filter((f) => f.startsWith('il5ml-store-'))).toEqual([]);
  });

  it('removes its file when the process is ended by SIGTERM, and the process still ends by that signal (npm run build)', async () => {
    const { spawnSync } = await import('node:child_process');
    const own = mkdtempSync(join(dir, 'signal-'));
    const module = new URL('../../dist/cli/file-store.js', import.meta.url).href;
    const script = `const { fileStore } = await import(${JSON.stringify(module)}); const s = fileStore(${JSON.stringify(own)}); s.ints().push(1); console.log(s.path); process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 5000));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal).toBe('SIGTERM');
    expect(run.stdout).toContain('il5ml-store-');
    expect(readdirSync(own)).toEqual([]);
  });

  it('is a user error (IL5-STORE-FILE) when the folder is not there', () => {
    let thrown: unknown;
    try {
      fileStore(join(dir, 'missing'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserInputError);
    const d = (thrown as UserInputError).diagnostics[0];
    expect(d?.code).toBe('IL5-STORE-FILE');
    expect(d?.message).toContain(join(dir, 'missing'));
    expect(d?.message).toContain('does not exist');
  });
});
