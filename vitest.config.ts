import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: unit tests sit beside the code they test and run in parallel; system tests under
// test/ drive real pcscd, vpcd and Chromium, which are shared machine resources, so they run one
// file at a time.
const productFolders = '{kernel,flow,device,crypto,face,oqs,store,terminal,central,electron,renderer,certkit,scripts}';

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${productFolders}/**/*.test.ts`, 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/{smoke,integration,e2e,fixtures,deps,fuzz}/**/*.test.ts'],
          // The example trees of the dependency rules hold planted `.test.ts` files for the checker, not tests.
          exclude: [...configDefaults.exclude, 'test/deps/examples/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
