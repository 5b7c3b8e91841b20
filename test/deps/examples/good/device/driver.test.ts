// Allowed: a unit test beside product code takes a fake from a testing/ folder, and kernel/ helpers.
import { expect, it } from 'vitest';
import { toHex } from '../kernel/bytes';
import { fakeReader } from './testing/fake-reader';
it('uses the fake', () => expect(`${fakeReader.name}${toHex(new Uint8Array())}`).toBe('fake'));
