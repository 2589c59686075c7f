import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { demoCommand } from './demo';
import { infoCommand } from './info';
import { inspectCommand } from './inspect';
import { trainCommand } from './train';
import { evalCommand } from './eval';
import { l0SweepCommand } from './l0Sweep';
import { toyCommand } from './toy';
import { activationsCommand } from './activations';
import { alignCommand } from './align';
import { mixingCommand } from './mixing';
import { hedgingCommand } from './hedging';
import { llcCommand } from './llc';
import { fitTimeCommand } from './fitTime';
import { superpositionScalingCommand } from './superpositionScaling';
import { probeCommand } from './probe';
import { influenceCommand } from './influence';
import { arrheniusCommand } from './arrhenius';

/** The subcommands, in the order `saescope --help` lists them. */
export const commands: readonly CliCommand[] = [infoCommand, inspectCommand, trainCommand, evalCommand, l0SweepCommand, toyCommand, activationsCommand, alignCommand, mixingCommand, hedgingCommand, llcCommand, fitTimeCommand, superpositionScalingCommand, probeCommand, influenceCommand, arrheniusCommand, benchCommand, demoCommand];
