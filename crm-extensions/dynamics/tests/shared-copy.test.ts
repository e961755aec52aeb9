// @vitest-environment node
// TrigCard/generated-shared is a committed copy of crm-extensions/common/src (a PCF control builds from this
// folder only). It must not drift: edit crm-extensions/common/src and run node crm-extensions/common/sync.mjs.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { staleFiles, targets } from "../../common/sync.mjs";

describe("shared sources", () => {
  it("TrigCard/generated-shared is the same as crm-extensions/common/src (run node ../common/sync.mjs)", () => {
    expect(path.resolve(targets.dynamics)).toBe(path.resolve(__dirname, "../TrigCard/generated-shared"));
    expect(staleFiles(targets.dynamics)).toEqual([]);
  });
});
