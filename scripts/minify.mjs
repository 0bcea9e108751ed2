// Minifies the JavaScript and CSS the build serves, with esbuild from the build tools
// (tools/package.json, installed by scripts/install-tools.sh): names inside a module are
// shortened, its imports, exports and `import.meta.url` kept; CSS loses only what does not
// render (space, comments).
import { createRequire } from 'node:module';

const { transformSync } = createRequire(new URL('../tools/package.json', import.meta.url))('esbuild');

/** `code` minified; `kind` is 'js' or 'css'. */
export function minify(code, kind = 'js') {
  const options = kind === 'css' ? { loader: 'css', minify: true } : { loader: 'js', minify: true, format: 'esm', target: 'es2022' };
  return transformSync(code, options).code;
}
