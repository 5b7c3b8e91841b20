// Planted violation: product code importing a testing/ fake (testing-only-in-tests).
import { fakeReader } from './testing/fake-reader';
export const reader = fakeReader;
