// Test helpers for sparsekit packages and third-party plugins: `@sparsekit/tensor/testing`.
export { expectClose, type CloseOptions, type Numeric } from './testing/expect-close.js';
export { expectNoLeaks } from './testing/expect-no-leaks.js';
export { describeBackends } from './testing/describe-backends.js';
export { onCi, skipUnlessInstalled } from './testing/skip-unless-installed.js';
