// src/app/common/generated is a committed copy of crm-extensions/common/src (`hs project upload` sends src/ only).
// It must not drift: edit crm-extensions/common/src and run node crm-extensions/common/sync.mjs.
import { describe, expect, it } from 'vitest';
import { staleFiles, targets } from '../../common/sync.mjs';

describe('shared sources', () => {
  it('src/app/common/generated is the same as crm-extensions/common/src (run node ../common/sync.mjs)', () => {
    expect(targets.hubspot.replace(/\\/g, '/')).toMatch(/\/crm-extensions\/hubspot\/src\/app\/common\/generated$/);
    expect(staleFiles(targets.hubspot)).toEqual([]);
  });
});
