// Law suite of the L1 ball on vectors and matrices (a matrix is one vector for l1Ball).
import { constraintLaws } from '../testing.js';
import { l1Vertices } from '../testing/vertices.js';
import { l1Ball } from './l1-ball.js';

constraintLaws('l1Ball(1.5)', () => l1Ball(1.5), { shapes: [[5], [2, 3]], vertices: l1Vertices(1.5) });
