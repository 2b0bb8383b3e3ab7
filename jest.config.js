/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // LibreOffice conversions take seconds each; they are batched, but a cold start can be slow.
  testTimeout: 180000,
  // Two workers: suites wait on LibreOffice and Chromium as much as they compute; on the 2-core
  // machines this takes the full run from about 8.5 to 6.7 minutes (measured with a cold cache).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
};
