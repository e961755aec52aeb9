// Builds render.ts (with TrigCard/generated-shared, the copy of crm-extensions/common/src) into one browser IIFE exposing window.TrigCard.{render, renderEmpty, renderError, renderLoading}
// for the worker's local preview page. Shared by `npm run build:preview` and the up-to-date test.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const previewOutput = path.resolve(root, "../../src/Trig.Crm.Worker/wwwroot/cards/trig-card.js");

const BANNER =
  "/* Trig card preview bundle. GENERATED from crm-extensions/dynamics/TrigCard/render.ts and crm-extensions/common/src by `npm run build:preview`: do not edit. */";

/** Returns the bundle text without writing it. */
export async function buildPreviewBundle() {
  const result = await build({
    stdin: {
      contents:
        'export { renderCard as render, renderEmpty, renderError, renderLoading } from "./TrigCard/render";',
      resolveDir: root,
      loader: "ts",
      sourcefile: "preview-entry.ts",
    },
    bundle: true,
    format: "iife",
    globalName: "TrigCard",
    target: "es2018",
    minify: true,
    legalComments: "none",
    banner: { js: BANNER },
    write: false,
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}
