import assert from 'node:assert/strict';
import { DEFAULT_COEFFICIENTS, DEFAULT_L0S } from '../../../src/engine/diagnostics/l0';
import {
  chosenL0Settings,
  defaultSettingsText,
  L0_ARCHITECTURE_CHOICES,
  parseSettingsList,
  settingsListProblem,
} from '../../../src/extension/l0/l0Choices';
import { parseL0SweepSettings } from '../../../src/shared/protocol';

describe('L0 Diagnostics on chosen data: the architecture and the list', () => {
  it('offers BatchTopK first, then TopK and JumpReLU', () => {
    assert.deepEqual(L0_ARCHITECTURE_CHOICES.map((c) => c.arch), ['batchtopk', 'topk', 'jumprelu']);
  });

  it('offers the spec\'s grid for each architecture, which reads back as the engine\'s defaults', () => {
    assert.deepEqual(parseSettingsList(defaultSettingsText('batchtopk')), [...DEFAULT_L0S]);
    assert.deepEqual(parseSettingsList(defaultSettingsText('topk')), [...DEFAULT_L0S]);
    assert.deepEqual(parseSettingsList(defaultSettingsText('jumprelu')), [...DEFAULT_COEFFICIENTS]);
    for (const c of L0_ARCHITECTURE_CHOICES) assert.equal(settingsListProblem(defaultSettingsText(c.arch), c.arch), undefined);
  });

  it('reads commas, spaces and semicolons; refuses empty lists, non-numbers, zero, repeats, and fractional TopK k', () => {
    assert.deepEqual(parseSettingsList(' 4, 8 ;16  32,'), [4, 8, 16, 32]);
    assert.equal(settingsListProblem('', 'batchtopk'), 'at least one value');
    assert.match(settingsListProblem('4, x', 'batchtopk') ?? '', /^x is not a number above 0/);
    assert.match(settingsListProblem('0, 4', 'jumprelu') ?? '', /^0 is not a number above 0/);
    assert.match(settingsListProblem('4, 8, 4', 'batchtopk') ?? '', /^4 is listed twice/);
    assert.match(settingsListProblem('4.5', 'topk') ?? '', /whole number.*4\.5/);
    assert.equal(settingsListProblem('4.5, 9.25', 'batchtopk'), undefined); // BatchTopK's k is a mean: fractions are fine
    assert.equal(settingsListProblem('1e-2 0.5', 'jumprelu'), undefined);
  });

  it('makes the sweep settings the protocol accepts: k for BatchTopK and TopK, λ_s for JumpReLU', () => {
    const topk = chosenL0Settings('/w/acts.npy', 500, 'topk', [4, 8]);
    assert.deepEqual({ arch: topk.arch, l0s: topk.l0s, coefficients: topk.coefficients, data: topk.data, steps: topk.steps }, { arch: 'topk', l0s: [4, 8], coefficients: null, data: '/w/acts.npy', steps: 500 });
    const jumprelu = chosenL0Settings('toy:large', 500, 'jumprelu', [0.1, 0.5]);
    assert.deepEqual([jumprelu.l0s, jumprelu.coefficients], [null, [0.1, 0.5]]);
    assert.deepEqual(chosenL0Settings('toy:large', 500, 'batchtopk', null).l0s, null);
    for (const s of [topk, jumprelu]) assert.deepEqual(parseL0SweepSettings(JSON.parse(JSON.stringify(s)), 'settings'), s);
  });
});
