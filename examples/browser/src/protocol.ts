/** What the test hands the page (as data.json) and what the page reports back. */

/** A Lasso and a one-step StochasticFrankWolfe problem, all numbers float32-exact. */
export interface PageInput {
  readonly lasso: { readonly rows: number; readonly cols: number; readonly X: number[]; readonly y: number[]; readonly lambda: number };
  /** Least squares ‖Aw − b‖²/(2m) over w in the L1 ball of `radius`, one SFW step from `w0`. */
  readonly sfw: {
    readonly rows: number;
    readonly cols: number;
    readonly A: number[];
    readonly b: number[];
    readonly w0: number[];
    readonly radius: number;
    readonly lr: number;
    readonly momentum: number;
  };
}

/** Whether a tfjs op ran after a failed backend request, and on which backend. */
export type OpAttempt = { readonly ran: true; readonly backend: string } | { readonly ran: false; readonly error: string };

export type PageOutput =
  | {
      readonly kind: 'solved';
      readonly backend: { readonly name: string; readonly simd: boolean; readonly threads: number };
      readonly selected: { readonly name: string; readonly simd: boolean; readonly threads: number };
      readonly tfBackendAfter: string;
      readonly lasso:
        | { readonly status: string; readonly x: number[]; readonly fun: number; readonly certificate: number }
        | { readonly error: string };
      readonly sfw: { readonly w1: number[] };
      readonly leakedTensors: number;
      /** What useBackend('tensorflow') (tfjs-node, Node only) answered in the page. */
      readonly tensorflowBackend: string;
    }
  | { readonly kind: 'backend-failed'; readonly message: string; readonly argument: string; readonly op: OpAttempt }
  | { readonly kind: 'crashed'; readonly message: string };
