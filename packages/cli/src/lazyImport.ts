/**
 * Loads a module when a command runs, so that other commands start fast.
 * Run from source, Node's own `import()` sees a transformed CommonJS module
 * as its `default` export; in the bundled CLI esbuild hands over the module
 * itself. Either way the caller gets the module's exports.
 */
export async function lazyImport<T extends object>(
  load: () => Promise<T>,
): Promise<T> {
  const loaded = await load();
  return (loaded as { default?: T }).default ?? loaded;
}
