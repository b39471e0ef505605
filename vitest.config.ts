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
    ],
  },
});
