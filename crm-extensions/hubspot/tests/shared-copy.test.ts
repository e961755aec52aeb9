// src/app/shared/generated is a committed copy of crm-extensions/shared/src (`hs project upload` sends src/ only).
// It must not drift: edit crm-extensions/shared/src and run node crm-extensions/shared/sync.mjs.
import { describe, expect, it } from 'vitest';
import { staleFiles, targets } from '../../shared/sync.mjs';

describe('shared sources', () => {
  it('src/app/shared/generated is the same as crm-extensions/shared/src (run node ../shared/sync.mjs)', () => {
    expect(targets.hubspot.replace(/\\/g, '/')).toMatch(/\/crm-extensions\/hubspot\/src\/app\/shared\/generated$/);
    expect(staleFiles(targets.hubspot)).toEqual([]);
  });
});
