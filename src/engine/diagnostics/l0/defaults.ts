/** The sweep's default grids, in a module of their own so the extension host can offer them without loading the engine. */

/** The L0 grid of Sparse but Wrong's T3 validation (spec §7): around the large toy's true L0 of 10.95. */
export const DEFAULT_L0S: readonly number[] = [5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 18];
/** The JumpReLU sparsity coefficients of the paper's JumpReLU toy (§3.6). */
export const DEFAULT_COEFFICIENTS: readonly number[] = [0.05, 0.07, 0.09, 0.1, 0.3, 0.5, 0.75, 1.0, 1.2, 1.3, 1.4, 1.5];
