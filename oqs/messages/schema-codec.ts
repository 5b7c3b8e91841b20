import { OqsError } from '../errors';
import { leaf, parent, type XmlElement } from '../xml/xml-element';
import type { Field, Shape, WriteTarget } from './schema';

export type ConsentNaming = 'older' | 'newer';

export interface ShapeReadOptions {
  /** Elements the shape does not know: skipped (default; newer layouts add fields) or refused. */
  readonly unknownElements?: 'ignore' | 'reject';
}

export interface ShapeWriteOptions {
  /** Which generation of consent element names to write (§5.1); default the newer one. */
  readonly consentNaming?: ConsentNaming;
}

type Model = Record<string, unknown>;

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** Reads the children of `element` by name into a model of `shape`; order is free, scalars are unique. */
export function readShape(element: XmlElement, shape: Shape, path: string, options: ShapeReadOptions): Model {
  assertContainer(element, path);
  const byName = new Map<string, XmlElement[]>();
  for (const child of element.children) {
    const siblings = byName.get(child.name);
    if (siblings === undefined) byName.set(child.name, [child]);
    else siblings.push(child);
  }
  const known = new Set<string>();
  const model: Model = {};
  for (const [name, field] of Object.entries(shape)) {
    known.add(name);
    const found = [...(byName.get(name) ?? [])];
    if (field.kind === 'text' && field.olderName !== undefined) {
      known.add(field.olderName);
      found.push(...(byName.get(field.olderName) ?? []));
    }
    const fieldPath = `${path}/${name}`;
    if (field.kind === 'repeated') {
      if (found.length < field.min) {
        throw new OqsError('MISSING_ELEMENT', `expected at least ${field.min} <${name}>`, fieldPath);
      }
      model[name] = found.map((item, index) => readShape(item, field.item, `${fieldPath}[${index}]`, options));
      continue;
    }
    if (found.length > 1) throw new OqsError('DUPLICATE_ELEMENT', `<${name}> appears ${found.length} times`, fieldPath);
    const only = found[0];
    if (only === undefined) {
      if (!field.optional) throw new OqsError('MISSING_ELEMENT', `<${name}> is required`, fieldPath);
      continue;
    }
    model[name] = readField(only, field, fieldPath, options);
  }
  for (const child of element.children) {
    if (!known.has(child.name) && options.unknownElements === 'reject') {
      throw new OqsError('UNEXPECTED_ELEMENT', `<${child.name}> is not part of this message`, `${path}/${child.name}`);
    }
  }
  return model;
}

function readField(element: XmlElement, field: Exclude<Field, { kind: 'repeated' }>, path: string, options: ShapeReadOptions): unknown {
  switch (field.kind) {
    case 'text': {
      if (element.text === undefined) throw new OqsError('INVALID_VALUE', 'expected text, found elements', path);
      const value = element.text;
      // An empty optional element is kept as '' (present but blank) rather than judged by its format.
      if (value === '' && field.optional) return value;
      const problem = field.check(value);
      if (problem !== undefined) throw new OqsError('INVALID_VALUE', `${JSON.stringify(value)} is ${problem}`, path);
      return value;
    }
    case 'group':
      return readShape(element, field.shape, path, options);
    case 'list': {
      assertContainer(element, path);
      return element.children.map((item, index) => {
        const itemPath = `${path}/${item.name}[${index}]`;
        if (item.name !== field.itemName) {
          throw new OqsError('UNEXPECTED_ELEMENT', `<${field.itemName}> expected`, itemPath);
        }
        return readShape(item, field.item, itemPath, options);
      });
    }
  }
}

function assertContainer(element: XmlElement, path: string): void {
  if (element.text !== undefined && !WHITESPACE_ONLY.test(element.text)) {
    throw new OqsError('INVALID_VALUE', 'expected elements, found text', path);
  }
}

/**
 * Writes a model of `shape` as child elements, in the shape's order, checking every value and putting
 * it in the form `target` expects (a file or the JSON API).
 */
export function writeShape(model: unknown, shape: Shape, path: string, options: ShapeWriteOptions, target: WriteTarget): XmlElement[] {
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw new OqsError('INVALID_VALUE', 'expected an object', path);
  }
  const values = model as Model;
  const children: XmlElement[] = [];
  for (const [name, field] of Object.entries(shape)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    const fieldPath = `${path}/${name}`;
    if (field.kind === 'repeated') {
      const items = expectArray(value ?? [], fieldPath);
      if (items.length < field.min) throw new OqsError('MISSING_ELEMENT', `expected at least ${field.min} <${name}>`, fieldPath);
      items.forEach((item, index) => children.push(parent(name, writeShape(item, field.item, `${fieldPath}[${index}]`, options, target))));
      continue;
    }
    if (value === undefined) {
      if (!field.optional) throw new OqsError('MISSING_ELEMENT', `<${name}> is required`, fieldPath);
      continue;
    }
    switch (field.kind) {
      case 'text': {
        if (typeof value !== 'string') throw new OqsError('INVALID_VALUE', 'expected a string', fieldPath);
        if (!(value === '' && field.optional)) {
          const problem = field.check(value);
          if (problem !== undefined) throw new OqsError('INVALID_VALUE', `${JSON.stringify(value)} is ${problem}`, fieldPath);
        }
        const elementName = field.olderName !== undefined && options.consentNaming === 'older' ? field.olderName : name;
        const written = value === '' || field.writtenAs === undefined ? value : field.writtenAs(value, target);
        children.push(leaf(elementName, written));
        break;
      }
      case 'group':
        children.push(parent(name, writeShape(value, field.shape, fieldPath, options, target)));
        break;
      case 'list': {
        const items = expectArray(value, fieldPath);
        const written = items.map((item, index) =>
          parent(field.itemName, writeShape(item, field.item, `${fieldPath}/${field.itemName}[${index}]`, options, target)),
        );
        children.push(written.length === 0 ? leaf(name, '') : parent(name, written));
        break;
      }
    }
  }
  return children;
}

function expectArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new OqsError('INVALID_VALUE', 'expected an array', path);
  return value;
}
