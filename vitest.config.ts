import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'test/unit/**/*.test.ts',
            'test/simulator/**/*.test.ts',
            'test/connectors/**/*.test.ts',
            'test/warehouse/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'temporal',
          include: ['test/workflow/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/webui/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // One Temporal server at a time: two cores, and each server wants its 5 s start-up window.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The production shape on a self-built Temporal cluster (PostgreSQL, worker processes, the codec
        // server): `npm run test:cluster` starts the cluster first (scripts/cluster-test.sh). Not part of
        // `npm test`, which runs the two projects above only.
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          // One file at a time: each starts its own worker processes on two cores.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
