/** A value of a bake attribute, the same for HCL, JSON and compose: offsets into the file. */
export type BakeValue =
  | { kind: 'string'; value: string | undefined; start: number; end: number }
  | { kind: 'list'; items: BakeValue[]; start: number; end: number }
  | { kind: 'map'; entries: { key: string; keyStart: number; keyEnd: number; value: BakeValue }[]; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

export interface RawTarget {
  name: string;
  start: number;
  end: number;
  attrs: Map<string, BakeValue>;
}

