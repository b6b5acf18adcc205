import { defineConfig } from 'vitest/config'

/**
 * Two projects, named for where they run:
 * - unit: the source in jsdom (pure logic, codecs, validation, DOM gating in a fake document);
 * - server: the consent-log server (Fastify) on SQLite, and on PostgreSQL when
 *   CONSENT_GATE_TEST_DATABASE_URL is set;
 * - e2e:  the built `dist/` files in Debian's Chromium, served from 127.0.0.1;
 * - pack: `npm pack` of both packages, installed into empty folders as a user would;
 * - audit: the built `consent-gate-audit` command run against local pages in Debian's Chromium.
 */
export default defineConfig({
  // Components are Preact: compile JSX against its automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          testTimeout: 30000,
          hookTimeout: 30000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 30000,
          hookTimeout: 60000,
          // One Chromium per file; files in parallel would fight over the machine's two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'pack',
          environment: 'node',
          include: ['tests/pack/**/*.test.ts'],
          // The log server's install compiles better-sqlite3 from source (minutes on two cores).
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          // A group of its own, after unit and server, before the browser tests: never beside them (the compile would starve Chromium).
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'audit',
          environment: 'node',
          include: ['tests/audit/**/*.test.ts'],
          // Each test runs the CLI, which starts its own Chromium and loads the page three times.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One audit at a time: two Chromiums at once would fight over the machine's two cores.
          fileParallelism: false,
          // A group of its own, last: never beside the e2e project's Chromium.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
