import { encodeFrame } from './frame-encoding';

/** Frames wider than this are scaled down before they leave the page: enough for the face engine. */
const MAX_FRAME_WIDTH = 640;

export interface CameraOptions {
  /** The most frames a second sent to the terminal. */
  readonly maxFramesPerSecond: number;
}

/**
 * The kiosk's camera while a face is captured: a live preview in `video`, and frames sent to the
 * terminal at a bounded rate. Opened when the capture screen appears and closed as soon as it goes:
 * the camera is off the rest of the time, and `close()` leaves no frame in the page.
 */
export class Camera {
  private canvas: HTMLCanvasElement | undefined = document.createElement('canvas');
  private sending: ((message: ArrayBuffer) => void) | undefined;
  private lastSentAt = -Infinity;
  private closed = false;

  private constructor(
    private readonly stream: MediaStream,
    readonly video: HTMLVideoElement,
    private readonly options: CameraOptions,
  ) {}

  static async open(video: HTMLVideoElement, options: CameraOptions): Promise<Camera> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
    });
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    try {
      await video.play();
    } catch (error) {
      // A preview that would not play must not leave the camera on behind the failed screen.
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
      throw error;
    }
    return new Camera(stream, video, options);
  }

  /** Starts sending frames to `send`, at most `maxFramesPerSecond`. */
  sendFramesTo(send: (message: ArrayBuffer) => void): void {
    this.sending = send;
    this.video.requestVideoFrameCallback((now) => this.onFrame(now));
  }

  /** Stops the camera, the preview and the frames; forgets the last frame drawn. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sending = undefined;
    for (const track of this.stream.getTracks()) track.stop();
    this.video.pause();
    this.video.srcObject = null;
    if (this.canvas) {
      this.canvas.width = 0;
      this.canvas.height = 0;
    }
    this.canvas = undefined;
  }

  private onFrame(now: number): void {
    if (this.closed || this.sending === undefined) return;
    // A little slack under the interval, so a camera at exactly the bound loses no frame to jitter.
    if (now - this.lastSentAt >= (1000 / this.options.maxFramesPerSecond) * 0.8) {
      this.lastSentAt = now;
      const message = this.grab(now);
      if (message) this.sending(message);
    }
    this.video.requestVideoFrameCallback((next) => this.onFrame(next));
  }

  private grab(capturedAtMs: number): ArrayBuffer | undefined {
    const { videoWidth, videoHeight } = this.video;
    if (!this.canvas || videoWidth === 0 || videoHeight === 0) return undefined;
    const scale = Math.min(1, MAX_FRAME_WIDTH / videoWidth);
    const width = Math.round(videoWidth * scale);
    const height = Math.round(videoHeight * scale);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return undefined;
    // Unmirrored: the preview is mirrored for the patient, the frames are what the camera sees.
    context.drawImage(this.video, 0, 0, width, height);
    return encodeFrame(context.getImageData(0, 0, width, height), capturedAtMs);
  }
}
