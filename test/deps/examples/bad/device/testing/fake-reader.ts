// A fake, for tests only.
export const fakeReader = { name: 'fake' };
