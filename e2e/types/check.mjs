// Type-checks the widget package's declarations (pkg/, built by scripts/build-widget.sh)
// with the pinned TypeScript: the package is copied into node_modules as an install would,
// and the README's React and Vue examples and usage.ts are compiled against it.
//   node types/check.mjs   (from e2e/, after npm ci)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readmeExample } from '../readme.js';

const e2e = resolve(import.meta.dirname, '..');
const pkg = resolve(e2e, '..', 'pkg');
const installed = join(e2e, 'node_modules', 'zec-reinstall');
rmSync(installed, { recursive: true, force: true });
mkdirSync(installed, { recursive: true });
for (const name of readdirSync(pkg).filter((name) => name === 'package.json' || name.endsWith('.d.ts'))) {
  copyFileSync(join(pkg, name), join(installed, name));
}
const generated = join(e2e, '.generated', 'types');
rmSync(generated, { recursive: true, force: true });
mkdirSync(generated, { recursive: true });
writeFileSync(join(generated, 'react-example.tsx'), readmeExample('react'));
writeFileSync(join(generated, 'vue-example.ts'), readmeExample('vue'));
const tsc = join(e2e, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(e2e, 'types', 'tsconfig.json')], { stdio: 'inherit' });
console.log('types: the package declarations, the README examples and usage.ts type-check');
