// Subpath `@sparsekit/bench/suites`: the registry of built-in suites.
export { SUITES, suiteNames, suiteSources, type SuiteEntry } from './suites/index.js';
