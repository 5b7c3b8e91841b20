// Allowed: a kernel/ unit test uses the test runner.
import { expect, it } from 'vitest';
import { toHex } from './bytes';
it('writes hex', () => expect(toHex(Uint8Array.of(255))).toBe('FF'));
