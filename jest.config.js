/**
 * Two projects, run one after the other by `npm test`:
 * - `components`: unit tests (*.spec.ts beside the code) and the integration tests of apps/ and
 *   libs/ (test/*.test.ts), each file on its own key prefix, so two run at once (`--maxWorkers=2`);
 * - `playground`: the end-to-end tests under tools/ that start whole playgrounds (npm start, the
 *   demo, every component as a process) and measure recovery times, run one at a time so that
 *   their time bounds see the machine to themselves.
 */
const playgroundTests = '<rootDir>/tools/**/test/**/*.test.ts';

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@orchestra/observability/tracing$': '<rootDir>/libs/observability/src/tracing',
    '^@orchestra/(.*)$': '<rootDir>/libs/$1/src',
  },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'components',
      testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/test/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/tools/.*/test/'],
    },
    { ...shared, displayName: 'playground', testMatch: [playgroundTests] },
  ],
  globalSetup: '<rootDir>/tools/testing/redis-global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/redis-global-teardown.ts',
  testTimeout: 30000,
};
