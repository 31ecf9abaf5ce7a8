export { startSimulator } from './start-simulator.js';
export type { ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';
export { FAULT_HEADER } from './faults.js';
