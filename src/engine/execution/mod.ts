/**
 * @module
 * The execution simulator: T+1 fills with slippage, fees and borrow, the equity curve and
 * round-trip trades. See `simulate.ts` for the exact semantics.
 */

export { simulate, type SimulationOptions } from "./simulate.ts";
export { SimulationLedger } from "./_account.ts";
