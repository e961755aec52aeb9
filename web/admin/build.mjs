// Builds the admin page into the worker's wwwroot/admin, where `trig run` serves it at /admin. The output is
// committed (a bare clone's `dotnet run` serves it without npm) and deterministic (esbuild pinned by the lock file,
// no timestamps, no hashes in names), so `--check` can compare a fresh build with what is committed.
//
//   node build.mjs          write src/Trig.Crm.Worker/wwwroot/admin/{index.html,admin.js}
//   node build.mjs --check  write nothing; exit 1 when the committed files differ from a fresh build
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const outDir = path.resolve(here, '../../src/Trig.Crm.Worker/wwwroot/admin');

export async function bundle() {
  const result = await build({
    entryPoints: [path.join(here, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  return new Map([
    ['admin.js', result.outputFiles[0].text],
    ['index.html', readFileSync(path.join(here, 'src/index.html'), 'utf8')],
  ]);
}

const files = await bundle();
if (process.argv.includes('--check')) {
  const stale = [...files].filter(([name, text]) => {
    try {
      return readFileSync(path.join(outDir, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`web/admin: the committed bundle is stale: ${stale.map(([n]) => n).join(', ')}; run npm run build in web/admin and commit`);
    process.exit(1);
  }
  console.log('web/admin: the committed bundle equals a fresh build');
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);
  console.log(`web/admin: wrote ${[...files.keys()].join(', ')} to ${path.relative(process.cwd(), outDir)}`);
}
