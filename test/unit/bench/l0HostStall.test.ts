import assert from 'node:assert/strict';
import { l0HostStallBench } from '../../../src/extension/bench/l0HostStall';

describe('bench: the extension host during an L0 sweep (quick)', () => {
  it('measures the event-loop stall and the time to the first streamed row through the real client and worker', async function () {
    this.timeout(120_000);
    const lines: string[] = [];
    const r = await l0HostStallBench({ quick: true, log: (line) => lines.push(line) });
    assert.deepEqual(r.sweep, { data: 'toy:large', steps: 40, saes: 2 });
    assert.ok(Number.isFinite(r.maxStallMs) && r.maxStallMs >= r.p99StallMs && r.p99StallMs > 0);
    assert.ok(r.firstRowSeconds > 0 && r.firstRowSeconds <= r.totalSeconds);
    assert.ok(r.messages > 2);
    assert.match(lines[0], /^\(h\) extension host during an L0 sweep.*longest event-loop stall [\d.]+ ms/);
  });
});
