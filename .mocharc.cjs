// TypeScript runs directly through tsx; the "source" condition points workspace packages at src/.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  extension: ['ts'],
  require: ['packages/testkit/src/mocha-global.ts'],
  timeout: 20000,
  exit: true,
};
