import type { ValueCheck } from './value-checks';

/** Where a message goes: a file (XML, whichever encoding) or the JSON API (§8). */
export type WriteTarget = 'file' | 'json';

/**
 * A small declarative description of a message: which elements exist, which are optional, which
 * repeat. One description drives the XML parser, the XML builder and the JSON form, so the three can
 * never disagree. Model property names are the element names, as in the JSON API.
 */
export interface TextField<Optional extends boolean = boolean> {
  readonly kind: 'text';
  readonly optional: Optional;
  readonly check: ValueCheck;
  /** The older element name of a renamed consent field (§5.1), accepted on input. */
  readonly olderName?: string;
  /**
   * The form a checked value is written in, where files and the JSON API differ (保険者番号's padding,
   * §2.3). Readers take every accepted form as it comes.
   */
  readonly writtenAs?: (value: string, target: WriteTarget) => string;
}

export interface GroupField<S extends Shape = Shape, Optional extends boolean = boolean> {
  readonly kind: 'group';
  readonly optional: Optional;
  readonly shape: S;
}

/** A wrapper element holding one or more `itemName` elements, e.g. ResultList/ResultOfQualificationConfirmation. */
export interface ListField<S extends Shape = Shape, Optional extends boolean = boolean> {
  readonly kind: 'list';
  readonly optional: Optional;
  readonly itemName: string;
  readonly item: S;
}

/** Elements repeated directly in their parent, e.g. BulkConfirmUnit in MessageBody; at least `min`. */
export interface RepeatedField<S extends Shape = Shape> {
  readonly kind: 'repeated';
  readonly optional: false;
  readonly min: number;
  readonly item: S;
}

export type Field = TextField | GroupField | ListField | RepeatedField;
export interface Shape {
  readonly [elementName: string]: Field;
}

type ValueOf<F> =
  F extends TextField
    ? string
    : F extends GroupField<infer S>
      ? ModelOf<S>
      : F extends ListField<infer S>
        ? readonly ModelOf<S>[]
        : F extends RepeatedField<infer S>
          ? readonly ModelOf<S>[]
          : never;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed model a shape describes: strings, nested objects and arrays. */
export type ModelOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: ValueOf<S[K]> } & { [K in OptionalKeys<S>]?: ValueOf<S[K]> }
>;

export function required(check: ValueCheck): TextField<false> {
  return { kind: 'text', optional: false, check };
}

export function optional(check: ValueCheck): TextField<true> {
  return { kind: 'text', optional: true, check };
}

/** The same text field, written in the form `form` gives for each target. */
export function writtenAs<F extends TextField>(field: F, form: (value: string, target: WriteTarget) => string): F {
  return { ...field, writtenAs: form };
}

/** An optional consent field whose name changed between generations (§5.1). */
export function renamed(check: ValueCheck, olderName: string): TextField<true> {
  return { kind: 'text', optional: true, check, olderName };
}

export function group<S extends Shape>(shape: S): GroupField<S, false> {
  return { kind: 'group', optional: false, shape };
}

export function optionalGroup<S extends Shape>(shape: S): GroupField<S, true> {
  return { kind: 'group', optional: true, shape };
}

export function list<S extends Shape>(itemName: string, item: S): ListField<S, false> {
  return { kind: 'list', optional: false, itemName, item };
}

export function optionalList<S extends Shape>(itemName: string, item: S): ListField<S, true> {
  return { kind: 'list', optional: true, itemName, item };
}

export function repeated<S extends Shape>(item: S, min = 0): RepeatedField<S> {
  return { kind: 'repeated', optional: false, min, item };
}
