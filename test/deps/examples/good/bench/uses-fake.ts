// Allowed: a benchmark (like a test) takes a fake from a testing/ folder.
import { fakeReader } from '../device/testing/fake-reader';
export const used = fakeReader;
