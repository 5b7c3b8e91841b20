export const hexDigits = '0123456789ABCDEF';
