import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROFILE_ID_PATTERN, type CardProfile } from './card-profile';
import { cardProfileToJson, parseCardProfileJson } from './card-profile-json';
import { validateCardProfile } from './card-profile-validation';
import { VirtualCardError } from './virtual-card-error';

/** Where card profiles come from: by id, validated. */
export interface ProfileSource {
  load(profileId: string): Promise<CardProfile>;
}

/** A folder of `<id>.json` profiles, read afresh on every load so an edited file takes effect. */
export class ProfileDirectory implements ProfileSource {
  constructor(readonly directory: string) {}

  async load(profileId: string): Promise<CardProfile> {
    const path = this.pathOf(profileId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new VirtualCardError('PROFILE_NOT_FOUND', `no card profile ${path}`, { field: 'profileId', cause: error });
      }
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new VirtualCardError('PROFILE_INVALID', `${path} is not JSON`, { field: '(file)', cause: error });
    }
    const profile = parseCardProfileJson(json);
    if (profile.id !== profileId) {
      throw new VirtualCardError('PROFILE_INVALID', `${path} holds the profile "${profile.id}", not "${profileId}"`, { field: 'id' });
    }
    return profile;
  }

  /** Writes `<id>.json` (temporary file + rename) and returns its path. */
  async save(profile: CardProfile): Promise<string> {
    validateCardProfile(profile);
    const path = this.pathOf(profile.id);
    await mkdir(this.directory, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(cardProfileToJson(profile), null, 2)}\n`);
    await rename(temporary, path);
    return path;
  }

  private pathOf(profileId: string): string {
    // The id becomes a file name: no separators, no dot-dot.
    if (!PROFILE_ID_PATTERN.test(profileId)) {
      throw new VirtualCardError('PROFILE_INVALID', `"${profileId}" is not a profile id`, { field: 'profileId' });
    }
    return join(this.directory, `${profileId}.json`);
  }
}
