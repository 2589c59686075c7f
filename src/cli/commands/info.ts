import { engineInfoLines } from '../../shared/engineInfoText';
import type { CliCommand } from '../command';

export const infoCommand: CliCommand<never, 'json'> = {
  name: 'info',
  summary: 'Show the engine version, the ONNX Runtime version and the execution providers',
  args: { positionals: [], flags: { json: 'print the info as JSON' } },
  async run({ flags }) {
    const { engineInfo } = await import('../../engine/version');
    const info = await engineInfo();
    console.log(flags.json ? JSON.stringify(info, null, 2) : engineInfoLines(info).join('\n'));
  },
};
