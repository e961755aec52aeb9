// Copies the shared sources (src/*.ts) into each extension, because each platform deploys its own folder only:
// `hs project upload` sends crm-extensions/hubspot/src, and a PCF control builds from crm-extensions/dynamics.
// The copies are committed (so an upload from a fresh clone works) and each extension has a test that fails
// when its copy differs from what this script would write.
//
//   node crm-extensions/common/sync.mjs          write the copies (run by npm test / npm run build in each extension)
//   node crm-extensions/common/sync.mjs --check  write nothing; exit 1 and list the stale files if any
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sharedDir = path.dirname(fileURLToPath(import.meta.url));
const extensionsDir = path.dirname(sharedDir);

/** The shared sources, in crm-extensions/common/src. */
export const sources = ['cardView.ts', 'format.ts'];

/** Where each extension keeps its generated copy (absolute paths). */
export const targets = {
  hubspot: path.join(extensionsDir, 'hubspot/src/app/common/generated'),
  dynamics: path.join(extensionsDir, 'dynamics/TrigCard/generated-shared'),
};

/** The first line of every generated file. */
export function header(file) {
  return (
    `// generated from crm-extensions/common — do not edit. Edit crm-extensions/common/src/${file} and run ` +
    '`node crm-extensions/common/sync.mjs` (npm test and npm run build in each extension run it).\n'
  );
}

/** file name → the exact text a target directory must hold. */
export function expectedFiles() {
  return new Map(sources.map((file) => [file, header(file) + readFileSync(path.join(sharedDir, 'src', file), 'utf8')]));
}

function read(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** What is wrong with dir: missing or different copies, and files the shared package does not have. */
export function staleFiles(dir) {
  const expected = expectedFiles();
  const problems = [];
  for (const [file, text] of expected) {
    const actual = read(path.join(dir, file));
    if (actual === null) problems.push(`${file}: missing`);
    else if (actual !== text) problems.push(`${file}: differs from crm-extensions/common/src/${file}`);
  }
  let present = [];
  try {
    present = readdirSync(dir);
  } catch {
    // a missing directory is reported through its missing files
  }
  for (const file of present) if (!expected.has(file)) problems.push(`${file}: not in crm-extensions/common/src`);
  return problems;
}

/** Writes every target directory so that staleFiles() is empty; returns the paths it changed. */
export function sync() {
  const expected = expectedFiles();
  const changed = [];
  for (const dir of Object.values(targets)) {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of expected) {
      const target = path.join(dir, file);
      if (read(target) !== text) {
        writeFileSync(target, text);
        changed.push(target);
      }
    }
    for (const file of readdirSync(dir)) {
      if (!expected.has(file)) {
        rmSync(path.join(dir, file), { recursive: true });
        changed.push(path.join(dir, file));
      }
    }
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rel = (p) => path.relative(extensionsDir, p);
  if (process.argv.includes('--check')) {
    const problems = Object.values(targets).flatMap((dir) => staleFiles(dir).map((p) => `${rel(dir)}/${p}`));
    if (problems.length > 0) {
      console.error(`shared copies are stale (run node crm-extensions/common/sync.mjs):\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
    console.log('shared copies are up to date');
  } else {
    const changed = sync();
    console.log(changed.length ? `synced shared sources: ${changed.map(rel).join(', ')}` : 'shared copies are up to date');
  }
}
