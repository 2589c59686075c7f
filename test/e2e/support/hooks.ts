import type { Context } from 'mocha';
import { startSession, stopSession } from './session';
import { closeWorkbenches } from './workbench';

/** Mocha root hooks (loaded by test/e2e/.mocharc.json): one session per run, pages closed after every test. */
export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(240_000);
    await startSession();
  },
  async afterEach(this: Context) {
    const test = this.currentTest;
    await closeWorkbenches(test?.state === 'failed' ? test.fullTitle() : undefined);
  },
  async afterAll(this: Context) {
    this.timeout(60_000);
    await stopSession();
  },
};
