import { OqsError } from '../errors';
import type { Shape } from '../messages/schema';

/**
 * The one shape every list takes in the JSON form, as §8 shows it for ResultList. A reader given another
 * shape refuses it with JSON_LIST_SHAPE: read leniently, a wrapped or unwrapped entry would lose its
 * elements among the unknown ones and a 特定疾病 or 高齢受給者 record would vanish without a word.
 */
export const JSON_LIST_SHAPE_RULE =
  'Lists in the JSON form: a list element that holds item elements in XML (ResultList, SpecificDiseasesCertificateList, ' +
  'PublicExpenseResultList, DrugInfs, …) is an array whose every entry is wrapped in the item\'s name, ' +
  '[{"ResultOfQualificationConfirmation":{…}}], [{"SpecificDiseasesCertificateInfo":{…}}]; an empty list is []. ' +
  'An element that repeats directly in its parent in XML (BulkConfirmUnit, MeTrMonthInf, QualificationConfirmSearchInfo of a bulk upload, …) ' +
  'is an array under its own name whose entries are its content, not wrapped again, even when there is one. ' +
  'A single group such as ElderlyRecipientCertificateInfo is one object of its elements. ' +
  'Any other shape (an unwrapped entry, an object instead of an array, items outside their list, a group wrapped in its own name or given as an array) ' +
  'is refused with JSON_LIST_SHAPE.';

/** The inner objects of a list's entries, each given as {"<itemName>":{…}}. */
export function wrappedEntries(member: unknown, listName: string, itemName: string, path: string): unknown[] {
  if (!Array.isArray(member)) {
    throw listShapeError(`"${listName}" must be an array of {"${itemName}":{…}}, not ${describe(member)}`, path);
  }
  return member.map((entry, index) => {
    if (isObject(entry)) {
      const keys = Object.keys(entry);
      if (keys.length === 1 && keys[0] === itemName) return entry[itemName];
    }
    throw listShapeError(`each entry of "${listName}" must be wrapped as {"${itemName}":{…}}`, `${path}[${index}]`);
  });
}

/** The entries of an element repeated in its parent: an array of its content, not wrapped in its own name. */
export function repeatedEntries(member: unknown, elementName: string, item: Shape, path: string): readonly unknown[] {
  if (!Array.isArray(member)) {
    throw listShapeError(`"${elementName}" must be an array with one entry per element, even for one, not ${describe(member)}`, path);
  }
  member.forEach((entry, index) => {
    if (isObject(entry) && Object.keys(entry).length === 1 && Object.hasOwn(entry, elementName) && !Object.hasOwn(item, elementName)) {
      throw listShapeError(`the entries of "${elementName}" are its content, not wrapped as {"${elementName}":{…}}`, `${path}[${index}]`);
    }
  });
  return member;
}

/** A single group given as a list. */
export function refuseGroupAsArray(member: unknown, groupName: string, path: string): void {
  if (Array.isArray(member)) throw listShapeError(`"${groupName}" is one object, not a list`, path);
}

/**
 * A key the shape does not know, which would otherwise be skipped with the unknown elements: refused when
 * it is list data in another shape — the object wrapped in its own name, or a list's items outside it.
 */
export function refuseMisplacedEntries(key: string, shape: Shape, ownName: string, path: string): void {
  if (key === ownName) throw listShapeError(`"${key}" is wrapped in its own name; give its elements directly`, path);
  const list = Object.entries(shape).find(([, field]) => field.kind === 'list' && field.itemName === key);
  if (list !== undefined) throw listShapeError(`"${key}" entries belong in the list "${list[0]}" as [{"${key}":{…}}]`, path);
}

function listShapeError(message: string, path: string): OqsError {
  return new OqsError('JSON_LIST_SHAPE', message, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return isObject(value) ? 'an object' : `a ${typeof value}`;
}
