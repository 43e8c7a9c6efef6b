// TypeScript runs directly through tsx; the "source" condition points workspace packages at src/.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  extension: ['ts'],
  spec: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  require: ['packages/testkit/src/mocha-global.ts'],
  timeout: 20000,
  exit: true,
};
