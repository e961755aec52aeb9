// Bundles each HubSpot entry point once (React and @hubspot/ui-extensions included, minified) and prints
// its size. HubSpot builds the real bundle on upload; this is an estimate of what the worker loads.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

for (const entry of ['src/app/cards/TrigCard.tsx', 'src/app/settings/TrigSettings.tsx', 'src/app/pages/TrigHome.tsx']) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  console.log(`${entry}: ${bytes.length} bytes minified, ${gzipSync(bytes).length} bytes gzip`);
}
