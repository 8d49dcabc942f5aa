/** jest: ts-jest transpiles each test file; `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/checker', '<rootDir>/models', '<rootDir>/specs', '<rootDir>/cli', '<rootDir>/docs'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
