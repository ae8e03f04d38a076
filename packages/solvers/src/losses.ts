// Subpath entry `@sparsekit/solvers/losses`: GLM losses (values, gradients, curvature, Lipschitz bounds).
export { glmLoss, type GlmLoss, type PointwiseLoss } from './losses/glm-loss.js';
export { squaredLoss } from './losses/squared-loss.js';
export { logisticLoss } from './losses/logistic-loss.js';
export { huberLoss } from './losses/huber-loss.js';
export { logisticSampleLoss, squaredSampleLoss } from './losses/pointwise-loss.js';
