import * as path from 'node:path';
import Mocha from 'mocha';

/** Entry point VS Code's test runner calls inside the Extension Development Host: runs every suite file bundled beside it. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 120_000 });
  for (const file of ['activation.test.js', 'inspector.test.js']) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
