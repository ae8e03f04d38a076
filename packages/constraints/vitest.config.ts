import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// vitest 4 runs one worker on a 2-core machine (CPUs − 1). The law suites here (1,000 cases per
// law, split over several files) are CPU-bound, and each file runs in its own process (forks),
// so two workers are safe and halve the package's wall time.
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2 } }));
