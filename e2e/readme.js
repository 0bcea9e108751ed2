// The README's examples, read from the README itself: each is the code block after a
// `<!-- example: NAME -->` line, so what the tests run and type-check is what the README shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const readme = resolve(import.meta.dirname, '..', 'README.md');

/** The code of the README example `name`. */
export function readmeExample(name) {
  const text = readFileSync(readme, 'utf8');
  const marker = `<!-- example: ${name} -->\n`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no example ${name}`);
  const block = text.slice(at + marker.length).match(/^```[a-z]*\n([\s\S]*?)\n```/);
  if (!block) throw new Error(`README.md's example ${name} is not followed by a code block`);
  return block[1] + '\n';
}

/** `code` with `from` replaced by `to`, which must be there (the README changed otherwise). */
export function replaceOnce(code, from, to) {
  if (!code.includes(from)) throw new Error(`the README example no longer contains ${from}`);
  return code.replace(from, to);
}
