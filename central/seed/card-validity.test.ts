import { describe, expect, it } from 'vitest';
import { cardExpiryDate, certificateExpiryDate, nthBirthdayAfter } from './card-validity';

describe('card and certificate validity', () => {
  it('matches the probed test certificate: issued 2025-10-27, born 02-17, valid to 2030-02-17', () => {
    expect(certificateExpiryDate('1980-02-17', '2025-10-27', '2035-02-17')).toBe('2030-02-17');
    expect(cardExpiryDate('1980-02-17', '2025-10-27')).toBe('2035-02-17');
  });

  it('does not count a birthday falling on the issue date itself', () => {
    expect(nthBirthdayAfter('1980-02-17', '2025-02-17', 1)).toBe('2026-02-17');
    expect(nthBirthdayAfter('1980-02-17', '2025-02-16', 1)).toBe('2025-02-17');
  });

  it('gives a holder under 18 at issuance a card to the 5th birthday', () => {
    expect(cardExpiryDate('2010-06-01', '2020-01-10')).toBe('2024-06-01');
    expect(cardExpiryDate('2002-06-01', '2020-06-01')).toBe('2030-06-01');
  });

  it('never lets a renewed certificate outlive the card', () => {
    expect(certificateExpiryDate('1980-02-17', '2033-01-10', '2035-02-17')).toBe('2035-02-17');
  });

  it('moves a 29 February birthday to 28 February in common years', () => {
    expect(nthBirthdayAfter('1988-02-29', '2021-01-01', 1)).toBe('2021-02-28');
    expect(nthBirthdayAfter('1988-02-29', '2021-01-01', 4)).toBe('2024-02-29');
  });
});
