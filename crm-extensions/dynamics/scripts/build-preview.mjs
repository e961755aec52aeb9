import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildPreviewBundle, previewOutput } from "./preview-bundle.mjs";

const text = await buildPreviewBundle();
await mkdir(path.dirname(previewOutput), { recursive: true });
await writeFile(previewOutput, text);
console.log(`wrote ${previewOutput} (${Buffer.byteLength(text)} bytes)`);
