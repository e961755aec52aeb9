import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedFiles, header, sharedDir, sources, staleFiles, targets } from '../sync.mjs';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trig-shared-'));
  temps.push(dir);
  return dir;
}

describe('sync.mjs', () => {
  it('copies every shared source with the do-not-edit header first', () => {
    expect([...expectedFiles().keys()]).toEqual(sources);
    for (const [file, text] of expectedFiles()) {
      const source = readFileSync(path.join(sharedDir, 'src', file), 'utf8');
      expect(text).toBe(header(file) + source);
      expect(text.split('\n')[0]).toContain('generated from crm-extensions/common — do not edit');
      expect(text.split('\n')[0]).toContain(`crm-extensions/common/src/${file}`);
    }
  });

  it('targets a folder inside each extension', () => {
    const extensions = path.dirname(sharedDir);
    expect(path.relative(extensions, targets.hubspot)).toBe(path.join('hubspot', 'src', 'app', 'common', 'generated'));
    expect(path.relative(extensions, targets.dynamics)).toBe(path.join('dynamics', 'TrigCard', 'generated-shared'));
  });

  it('reports missing, edited and extra files in a copy', () => {
    const dir = tempDir();
    expect(staleFiles(dir)).toEqual(sources.map((f) => `${f}: missing`));

    for (const [file, text] of expectedFiles()) writeFileSync(path.join(dir, file), text);
    expect(staleFiles(dir)).toEqual([]);

    writeFileSync(path.join(dir, 'format.ts'), expectedFiles().get('format.ts')!.replace("'Sep'", "'Sept'"));
    writeFileSync(path.join(dir, 'old.ts'), '');
    expect(staleFiles(dir)).toEqual([
      'format.ts: differs from crm-extensions/common/src/format.ts',
      'old.ts: not in crm-extensions/common/src',
    ]);
  });

  it('reports a copy that is only a header as different', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    for (const file of sources) writeFileSync(path.join(dir, file), header(file));
    expect(staleFiles(dir)).toEqual(sources.map((f) => `${f}: differs from crm-extensions/common/src/${f}`));
  });
});
