/** Unit tests (*.spec.ts beside the code) and integration tests (test/*.test.ts) share one run. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  testMatch: ['**/*.spec.ts', '**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@orchestra/observability/tracing$': '<rootDir>/libs/observability/src/tracing',
    '^@orchestra/(.*)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/tools/testing/redis-global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/redis-global-teardown.ts',
  testTimeout: 30000,
};
