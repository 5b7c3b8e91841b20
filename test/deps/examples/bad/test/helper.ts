export const helper = 'only for tests';
