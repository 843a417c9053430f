// Linted like a Node package (scripts/test runs eslint on this folder).
module.exports =
  require('@backstage/cli/config/eslint-factory').createConfigForRole(
    __dirname,
    'node-library',
  );
