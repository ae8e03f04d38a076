/** What the parent hands a group child (written as JSON next to the snippets). */
export interface GroupManifest {
  readonly snippets: ReadonlyArray<{ readonly id: string; readonly file: string }>;
}

/** Messages a group child sends over IPC, in order: start, then done, per snippet. */
export type ChildMessage =
  | { readonly type: 'start'; readonly id: string }
  | { readonly type: 'done'; readonly id: string; readonly ms: number; readonly error: string | undefined; readonly output: string };
