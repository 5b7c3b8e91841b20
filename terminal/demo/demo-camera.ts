import { copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** What the demo's fake camera can show: nobody, or a fixture face (e.g. `face02`) doing the demo's challenge. */
export type CameraScene = 'nobody' | `face${string}`;

/**
 * The demo's fake camera: Chromium plays `clipFile` (`--use-file-for-fake-video-capture`) and opens it
 * afresh every time the kiosk turns the camera on, so replacing that file — atomically, by rename —
 * changes who stands at the kiosk from the next capture on. The clips are made beforehand, one per
 * fixture face, by `scripts/demo-camera-clips.ts`.
 */
export class DemoCamera {
  private scene: CameraScene = 'nobody';
  private changing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly clipFile: string,
    private readonly clipsDir: string,
    private readonly scenes: ReadonlySet<string>,
  ) {}

  static async open(dataDir: string): Promise<DemoCamera> {
    const clipsDir = join(dataDir, 'clips');
    await mkdir(clipsDir, { recursive: true });
    const scenes = new Set((await readdir(clipsDir)).filter((name) => name.endsWith('.y4m')).map((name) => name.slice(0, -'.y4m'.length)));
    const camera = new DemoCamera(join(dataDir, 'camera.y4m'), clipsDir, scenes);
    if (scenes.has('nobody')) await camera.show('nobody');
    return camera;
  }

  /** The scenes there are clips for. */
  available(): readonly string[] {
    return [...this.scenes].sort();
  }

  get showing(): CameraScene {
    return this.scene;
  }

  /** Puts `scene` before the camera; false when there is no clip for it. */
  async show(scene: string): Promise<boolean> {
    if (!this.scenes.has(scene) || !/^(nobody|face[0-9]{2})$/.test(scene)) return false;
    // One change at a time: two at once would share the staged file, and `showing` could name the wrong clip.
    const change = this.changing.then(async () => {
      const staged = `${this.clipFile}.next`;
      await copyFile(join(this.clipsDir, `${scene}.y4m`), staged);
      await rename(staged, this.clipFile);
      this.scene = scene as CameraScene;
      return true;
    });
    this.changing = change.catch(() => undefined);
    return change;
  }
}
