/** Resource-constrained scheduling: re-exports, by name. */
export { RcpspError, demandLists, hasConstantCapacity, usesResources, invertAdjacency } from './rcpsp-problem';
export type { RcpspProblem, CapacityStep, DemandLists } from './rcpsp-problem';
export { ResourceProfile, CAPACITY_EPS } from './resource-profile';
export { SerialSgs } from './serial-sgs';
export { Justifier, sortByKey } from './justify';
export { lftPriority, mtsPriority, grpwPriority, listFromPriority, criticalPathBound } from './priority-rules';
export { solveRcpsp, makespanLowerBound } from './genetic-search';
export type { RcpspSearchOptions, RcpspSolution } from './genetic-search';
export { parsePsplib, problemFromPsplib, PsplibError } from './parse-psplib';
export type { PsplibInstance } from './parse-psplib';
