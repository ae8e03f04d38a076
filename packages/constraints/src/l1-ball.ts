// Subpath entry `@sparsekit/constraints/l1-ball`.
export { l1Ball, type L1Ball } from './sets/l1-ball.js';
