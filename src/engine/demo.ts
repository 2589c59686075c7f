import { grad } from './graph/autodiff';
import { Graph } from './graph/graph';
import { add, matmul, mul, reduceMean, sub, tanh } from './graph/ops';
import { adam } from './graph/optim';
import { StepRunner } from './graph/runner';
import { Rng } from './util/random';

export interface DemoResult {
  steps: number;
  initialLoss: number;
  finalLoss: number;
  targetVariance: number;
}

/**
 * The built-in demo: a small tanh MLP learns y = sin(2·x₀)·x₁ from seeded data, trained step by step
 * through one ORT session (forward, backward and Adam together).
 */
export async function runDemo(opts: { log?: (line: string) => void; steps?: number } = {}): Promise<DemoResult> {
  const log = opts.log ?? (() => {});
  const steps = opts.steps ?? 2000;
  const n = 256, hidden = 32;
  const g = new Graph('demo_mlp');
  const x = g.input('x', 'float32', [n, 2]);
  const y = g.input('y', 'float32', [n, 1]);
  const lr = g.input('lr', 'float32', []);
  const w1 = g.param('w1', [2, hidden]), b1 = g.param('b1', [hidden]);
  const w2 = g.param('w2', [hidden, 1]), b2 = g.param('b2', [1]);
  const err = sub(add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2), y);
  const loss = reduceMean(mul(err, err));
  const params = [w1, b1, w2, b2];
  adam(params, grad(loss, params), { lr });
  g.output('loss', loss);

  const runner = await StepRunner.create(g);
  if (runner.warning) log(runner.warning);
  const rng = new Rng(0);
  runner.setState('w1', rng.fillNormal(new Float32Array(2 * hidden)));
  runner.setState('w2', rng.fillNormal(new Float32Array(hidden), 1 / Math.sqrt(hidden)));
  const xs = rng.fillUniform(new Float32Array(n * 2), -1, 1);
  const ys = Float32Array.from({ length: n }, (_, i) => Math.sin(2 * xs[2 * i]) * xs[2 * i + 1]);
  const targetVariance = ys.reduce((s, v) => s + v * v, 0) / n;
  log(`demo: MLP 2→${hidden}→1 on ${n} seeded points, target variance ${targetVariance.toFixed(4)}`);

  let initialLoss = NaN, finalLoss = NaN;
  const t0 = performance.now();
  for (let step = 1; step <= steps; step++) {
    finalLoss = Number((await runner.step({ x: xs, y: ys, lr: 0.01 })).loss[0]);
    if (step === 1) initialLoss = finalLoss;
    if (step === 1 || step % 250 === 0) log(`step ${String(step).padStart(5)}  loss ${finalLoss.toExponential(3)}`);
  }
  log(`${steps} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  await runner.release();
  return { steps, initialLoss, finalLoss, targetVariance };
}
