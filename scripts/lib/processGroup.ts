import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Starts a command as the leader of its own process group, so that stopping it by its process id also stops
 * every process it started, and so that a Ctrl-C meant for us does not reach it before we stop it in order.
 * If we exit without stopping it, the group is killed on our way out.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return child;
}

/** Asks the group to stop (SIGTERM), kills it after `graceMs`, and resolves once its leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL'); // the leader is gone; stragglers it left in the group are not wanted either
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL');
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group has no processes left
  }
}
