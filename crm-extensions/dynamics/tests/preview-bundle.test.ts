// @vitest-environment node
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with scripts/build-preview.mjs
import { buildPreviewBundle, previewOutput } from "../scripts/preview-bundle.mjs";

describe("preview bundle", () => {
  it("src/Trig.Crm.Worker/wwwroot/cards/trig-card.js is up to date with render.ts (run npm run build:preview)", async () => {
    const committed = await readFile(previewOutput, "utf8");
    expect(committed).toBe(await buildPreviewBundle());
  });
});
