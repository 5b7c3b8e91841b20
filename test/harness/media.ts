import { execFile } from 'node:child_process';

export interface Y4mOptions {
  width: number;
  height: number;
  frames: number;
  /** An ffmpeg colour (e.g. `red`, `0x2040c0`), so a test can tell this file's frames from any other source. */
  colour: string;
  frameRate?: number;
}

/** Writes a solid-colour .y4m clip with ffmpeg for Chromium's fake camera. */
export function makeY4m(path: string, options: Y4mOptions): Promise<void> {
  const source = `color=c=${options.colour}:s=${options.width}x${options.height}:r=${options.frameRate ?? 15}`;
  const args = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', String(options.frames), '-pix_fmt', 'yuv420p', path];
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg could not write ${path} (is Debian's ffmpeg installed?): ${stderr || error.message}`));
      else resolve();
    });
  });
}
