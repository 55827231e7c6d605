/**
 * Copies the files tsc does not emit into dist/, beside the compiled code that serves them: the
 * web dashboard's static folder. Run by `npm run build` and the tests' buildDist(). Files are
 * overwritten in place (never a moment without them, for a server already running from dist/),
 * and a file removed from the source is removed from dist/ too.
 */
const { cpSync, existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const repoRoot = join(__dirname, '..', '..');
const folders = ['apps/apiserver/src/ui/static'];

for (const folder of folders) {
  const source = join(repoRoot, folder);
  const target = join(repoRoot, 'dist', folder);
  cpSync(source, target, { recursive: true });
  for (const name of readdirSync(target)) {
    if (!existsSync(join(source, name))) rmSync(join(target, name), { recursive: true, force: true });
  }
}
