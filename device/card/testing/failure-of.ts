import { CardError } from '../card-error';

/** The CardError a promise rejects with; any other outcome fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<CardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CardError) return error;
    throw error;
  }
  throw new Error('expected a CardError');
}
