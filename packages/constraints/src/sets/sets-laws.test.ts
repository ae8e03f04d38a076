// Law suites of the norm balls, simplex, box, k-sparse and row/group balls (cpu and wasm).
import { constraintLaws } from '../testing.js';
import { kSparseLinfVertices, simplexVertices } from '../testing/vertices.js';
import { box } from './box.js';
import { groupL1Ball } from './group-l1-ball.js';
import { kSparse } from './k-sparse.js';
import { l2Ball } from './l2-ball.js';
import { linfBall } from './linf-ball.js';
import { rowL1Ball } from './row-l1-ball.js';
import { simplex } from './simplex.js';

constraintLaws('l2Ball(2)', () => l2Ball(2), { shapes: [[4]] });
constraintLaws('linfBall(0.5)', () => linfBall(0.5), { shapes: [[4]], vertices: kSparseLinfVertices(0.5) });
constraintLaws('simplex(2)', () => simplex(2), { shapes: [[4]], vertices: simplexVertices(2) });
constraintLaws('box', () => box([-1, 0, 0.5, -2], [1, 0, 2, -1]), { shapes: [[4]] });
constraintLaws('kSparse(2)', () => kSparse(2), { shapes: [[5]], convex: false });
constraintLaws('kSparse(2, linf)', () => kSparse(2, { ball: 'linf', radius: 1.5 }), {
  shapes: [[4]],
  convex: false,
  vertices: kSparseLinfVertices(1.5, 2),
});
constraintLaws('kSparse(2, l2)', () => kSparse(2, { ball: 'l2', radius: 1.5 }), { shapes: [[4]], convex: false });
constraintLaws('rowL1Ball(1)', () => rowL1Ball(1), { shapes: [[2, 3]] });
constraintLaws('groupL1Ball', () => groupL1Ball(1.5, [[0, 3], [1], [2, 4]]), { shapes: [[5]], vertices: undefined });
