import { describe, expect, it } from 'vitest';
import { parseScreenEvent, parseStaffEvent } from './events';

describe('events from a screen', () => {
  it.each([
    [{ type: 'method.chosen', method: 'face' }],
    [{ type: 'pin.entered', pin: '0123' }],
    [{ type: 'consent.answered', category: 'pharmaceutical', agreed: false }],
    [{ type: 'consent.all' }],
    [{ type: 'prescription.chosen', form: 'paper' }],
    [{ type: 'fallback.chosen', choice: 'staff' }],
    [{ type: 'face.frame', frame: { width: 2, height: 2, format: 'rgb', data: new Uint8Array(12), capturedAtMs: 5 } }],
  ])('accepts %j', (value) => {
    expect(parseScreenEvent(value)).toMatchObject({ ok: true, event: { type: value.type } });
  });

  it.each([[null], ['method.chosen'], [[]], [{}], [{ type: 'card.inserted', receptionId: 'x' }], [{ type: 'staff.visualCheck.approved', staffId: 'a' }], [{ type: '__proto__' }]])(
    'refuses %j as unknown: a screen cannot send device or staff events',
    (value) => {
      expect(parseScreenEvent(value)).toMatchObject({ ok: false, code: 'EVENT_UNKNOWN' });
    },
  );

  it.each([
    [{ type: 'method.chosen', method: 'visual' }],
    [{ type: 'pin.entered', pin: '12345' }],
    [{ type: 'pin.entered', pin: 1234 }],
    [{ type: 'consent.answered', category: 'limit', agreed: true }],
    [{ type: 'consent.answered', category: 'pharmaceutical', agreed: 'yes' }],
    [{ type: 'face.frame', frame: { width: 2, height: 2, format: 'rgb', data: new Uint8Array(11), capturedAtMs: 5 } }],
    [{ type: 'face.frame', frame: { width: 4000, height: 4000, format: 'gray', data: new Uint8Array(1), capturedAtMs: 5 } }],
    [{ type: 'face.frame', frame: { width: 2, height: 2, format: 'rgb', data: [0, 1], capturedAtMs: 5 } }],
  ])('refuses %j as malformed', (value) => {
    expect(parseScreenEvent(value)).toMatchObject({ ok: false, code: 'EVENT_MALFORMED' });
  });

  it('never repeats a PIN in a refusal', () => {
    expect(JSON.stringify(parseScreenEvent({ type: 'pin.entered', pin: '98765' }))).not.toContain('98765');
  });
});

describe('events from staff', () => {
  it('takes the staff id from the session, not from the page', () => {
    expect(parseStaffEvent({ type: 'staff.visualCheck.approved', staffId: 'forged' }, 'uketsuke01')).toEqual({
      ok: true,
      event: { type: 'staff.visualCheck.approved', staffId: 'uketsuke01' },
    });
  });

  it('refuses unknown staff events', () => {
    expect(parseStaffEvent({ type: 'staff.counter.reset' }, 'uketsuke01')).toMatchObject({ ok: false, code: 'EVENT_UNKNOWN' });
  });
});
