/*
 * The Jest transform for Node packages whose tests load ESM-only
 * dependencies with `await import()` (the Backstage Kubernetes backend loads
 * `@kubernetes/client-node` 1.x that way). Backstage's preset keeps dynamic
 * imports native for Node packages, which needs `--experimental-vm-modules`;
 * this transform is Backstage's swc transform with `module.ignoreDynamic:
 * false`, so those imports become `require()` and the dependency goes
 * through the same transform.
 *
 * Use it from a package.json:
 *   "jest": { "transform": {
 *     "\\.(mjs|cjs|js|mts|cts|ts)$": "<rootDir>/../../../scripts/jest/swcTransform.js" } }
 */
const {
  createTransformer,
} = require('@backstage/cli/config/jestSwcTransform.js');

const options = syntax => ({
  module: { ignoreDynamic: false, exportInteropAnnotation: true },
  jsc: { parser: { syntax } },
});
const ecmascript = createTransformer(options('ecmascript'));
const typescript = createTransformer(options('typescript'));
const pick = filePath =>
  /\.(mts|cts|ts)$/.test(filePath) ? typescript : ecmascript;

module.exports = {
  process: (source, filePath, jestOptions) =>
    pick(filePath).process(source, filePath, jestOptions),
  getCacheKey: (source, filePath, jestOptions) =>
    pick(filePath).getCacheKey(source, filePath, jestOptions),
};
