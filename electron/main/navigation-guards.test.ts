import { describe, expect, it } from 'vitest';
import { KIOSK_PAGE_URL } from './app-protocol';
import { guardNavigation } from './navigation-guards';
import { FakeEvent, FakeNavigationEvent, FakeWebContents } from './testing/fake-electron';

function guarded(): FakeWebContents {
  const contents = new FakeWebContents();
  guardNavigation(contents);
  return contents;
}

describe('navigation guards', () => {
  const targets = ['https://evil.example/', 'http://127.0.0.1:8300/', 'file:///etc/passwd', 'app://other/index.html', KIOSK_PAGE_URL, `${KIOSK_PAGE_URL}?again`];

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('cancels every %s, even to the kiosk page itself', (name) => {
    const contents = guarded();
    for (const url of targets) {
      for (const isMainFrame of [true, false]) {
        const event = new FakeNavigationEvent(url, isMainFrame);
        contents.emit(name, event);
        expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
      }
    }
  });

  it('denies every new window', () => {
    const contents = guarded();
    for (const url of targets) expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const contents = guarded();
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('an unguarded WebContents lets navigation through (the fake does not cancel by itself)', () => {
    const contents = new FakeWebContents();
    const event = new FakeNavigationEvent('https://evil.example/');
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(false);
    expect(contents.windowOpenHandler).toBeUndefined();
  });
});
