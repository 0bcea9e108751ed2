// How the build rewrites the references of a loading file (index.html, the element script) to
// files it renamed by content: a quoted "/name", './name' or "name" (the same quote on both
// sides) becomes the new name. A name the loading file does not hold is an error: the page
// would then load a name that no longer exists.
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `renames`: [old name, new name] pairs. Returns the rewritten text of `entry`. */
export function renameReferences(entry, entryName, renames) {
  for (const [name, newName] of renames) {
    const reference = new RegExp(`(["'])(\\.?/)?${escape(name)}\\1`, 'g');
    let found = 0;
    entry = entry.replace(reference, (_, quote, prefix = '') => {
      found += 1;
      return `${quote}${prefix}${newName}${quote}`;
    });
    if (found === 0) throw new Error(`${entryName} does not name ${name}`);
  }
  return entry;
}
