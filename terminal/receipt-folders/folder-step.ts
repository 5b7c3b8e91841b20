import { folderFailureOf, type FolderFailure } from '../../oqs/receipt-folder';

/** The folders the service works in: the three the レセコン shares, and its own two. */
export type FolderRole = 'req' | 'res' | 'archive' | 'state' | 'face';

/** A folder operation that failed, with the folder it failed in (what staff are told about). */
export class FolderStepFailure extends Error {
  override readonly name = 'FolderStepFailure';

  constructor(
    readonly role: FolderRole,
    readonly failure: FolderFailure,
  ) {
    super(`${role}: ${failure.message}`);
  }
}

export function isFolderStepFailure(value: unknown): value is FolderStepFailure {
  return value instanceof FolderStepFailure;
}

/** Runs one operation in `role`'s folder; its failure becomes a FolderStepFailure naming the folder. */
export async function inFolder<T>(role: FolderRole, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isFolderStepFailure(error)) throw error;
    throw new FolderStepFailure(role, folderFailureOf(error, what));
  }
}
