/*
 * Jest resolver (root package.json `jest.resolver`, so every package uses
 * it): kubernetes-models and @kubernetes-models/* publish ESM only
 * (their package.json `exports` have just an `import` condition), which
 * Jest's CommonJS resolution does not match. Resolve those with the `import`
 * condition (the shared swc transform turns them into CommonJS); everything
 * else resolves as usual.
 */
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[^/]+)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    ESM_ONLY.test(request)
      ? { ...options, conditions: ['import', 'default'] }
      : options,
  );
