/** The Alignment, LLC/influence and Dynamics lab panels' "Copy as Python": the run's snippet onto the clipboard. */
import type { AlignRunRecord, DynamicsRunRecord } from '../../shared/protocol';
import { alignSnippet } from './alignSnippet';
import { copyPython } from './copyPython';
import { dynamicsSnippet } from './dynamicsSnippet';
import { labSnippet, type LabSnippetInput } from './labSnippet';

export const copyAlignPython = (record: AlignRunRecord): Promise<void> => copyPython(alignSnippet(record), 'this alignment\'s semi-matching, soft-matching and ridge scores');

export const copyDynamicsPython = (record: DynamicsRunRecord): Promise<void> =>
  copyPython(dynamicsSnippet(record), record.kind === 'influence' ? 'the Bayesian influence of these trajectories' : 'this LLC estimate (PyTorch)');

export const copyLabPython = (record: LabSnippetInput): Promise<void> =>
  copyPython(labSnippet(record), record.outcome.mode === 'fitTime' ? 'these loss-against-time fits' : record.outcome.mode === 'width' ? 'this width exponent' : 'these probes');
