/** Unit specs live next to the code; e2e specs in test/ run against a real PostgreSQL. */
// isolatedModules (tsconfig.json) makes ts-jest transpile only; `npm run typecheck` checks types.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// @li0ard/streebog (the independent Стрибог of test/support/gost-xmldsig-verifier.ts) ships ESM
// with extension-less imports: transpiled to CommonJS for jest, like our own sources.
const esmJs = ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }];
const esmPackages = {
  transform: { '^.+\\.ts$': tsJest, '/node_modules/@li0ard/.+\\.js$': esmJs },
  transformIgnorePatterns: ['/node_modules/(?!@li0ard/)'],
};
module.exports = {
  testTimeout: 60000,
  // Each e2e file runs its own app on its own database: two workers suit the 2-core machines.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      // test/**/*.spec.ts: unit specs of test doubles (test/support/gis-standin.spec.ts).
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      ...esmPackages,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      ...esmPackages,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
