/** Dependency rules enforced by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules and workspace packages must not depend on each other in a cycle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-never-import-services',
      severity: 'error',
      comment: 'Logic lives in packages; services are wiring on top of them.',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
    {
      name: 'services-never-import-each-other',
      severity: 'error',
      comment:
        'Services scale apart and share only packages. services/standalone is the one exception: its whole job is to run the three services in one process.',
      from: { path: '^services/([^/]+)/', pathNot: '^services/standalone/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'runtime-never-uses-test-doubles',
      severity: 'error',
      comment: 'The MongoDB double and the testkit are for tests only.',
      from: { path: '^(services|packages)/[^/]+/src/', pathNot: '^packages/(testkit|mongo-double)/' },
      to: { path: '^packages/(testkit|mongo-double)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
