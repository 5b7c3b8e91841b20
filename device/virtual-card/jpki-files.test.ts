import { describe, expect, it } from 'vitest';
import { toHex } from '../../kernel/bytes';
import { encodeSigningCertificatePresenceFile, encodeTokenInfoFile, TOKEN_INFO_LENGTH } from './jpki-files';

describe('JPKI AP fixed files', () => {
  it('EF 0006 is 160 bytes starting with the label JPKIAPICCTOKEN2 padded with spaces to 32', () => {
    const tokenInfo = encodeTokenInfoFile();
    expect(tokenInfo.length).toBe(TOKEN_INFO_LENGTH);
    expect(new TextDecoder().decode(tokenInfo.subarray(0, 32))).toBe('JPKIAPICCTOKEN2'.padEnd(32, ' '));
  });

  it('EF 0006 refuses a label longer than CK_TOKEN_INFO holds', () => {
    expect(() => encodeTokenInfoFile('X'.repeat(33))).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID' }));
  });

  it('EF 0008 is 8F 8F 00, with 00 first on a card without a signing certificate', () => {
    expect(toHex(encodeSigningCertificatePresenceFile(true))).toBe('8F8F00');
    expect(toHex(encodeSigningCertificatePresenceFile(false))).toBe('008F00');
  });
});
