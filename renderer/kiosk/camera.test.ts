import { afterEach, describe, expect, it, vi } from 'vitest';
import { Camera } from './camera';

// The camera with fakes of the browser's media objects (no DOM here): what it does with the stream
// when the preview cannot start.
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Camera.open', () => {
  it('turns the camera off again when the preview will not play', async () => {
    const stopped: string[] = [];
    const tracks = ['video'].map((kind) => ({ kind, stop: () => stopped.push(kind) }));
    const stream = { getTracks: () => tracks };
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => stream } });
    const video = {
      muted: false,
      playsInline: false,
      srcObject: null as unknown,
      play: () => Promise.reject(new Error('AbortError: the play() request was interrupted')),
    };
    await expect(Camera.open(video as unknown as HTMLVideoElement, { maxFramesPerSecond: 10 })).rejects.toThrow(/interrupted/);
    expect(stopped).toEqual(['video']);
    expect(video.srcObject).toBeNull();
  });
});
