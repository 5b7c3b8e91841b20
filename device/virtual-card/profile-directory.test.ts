import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import { cardProfileToJson } from './card-profile-json';
import { ProfileDirectory } from './profile-directory';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);

describe('ProfileDirectory', () => {
  let dir: TempDir;
  let profiles: ProfileDirectory;
  beforeEach(async () => {
    dir = await makeTempDir('virtual-card-profiles-');
    profiles = new ProfileDirectory(join(dir.path, 'profiles'));
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('saves <id>.json and loads it back', async () => {
    expect(await profiles.save(profile)).toBe(join(dir.path, 'profiles', 'shiken-taro.json'));
    expect(await profiles.load('shiken-taro')).toEqual(profile);
  });

  it('PROFILE_NOT_FOUND for a missing file; PROFILE_INVALID for bad JSON, a wrong id or a path-like id', async () => {
    await mkdir(profiles.directory, { recursive: true });
    await writeFile(join(profiles.directory, 'broken.json'), '{');
    await writeFile(join(profiles.directory, 'renamed.json'), JSON.stringify(cardProfileToJson(profile)));
    await expect(profiles.load('absent')).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    await expect(profiles.load('broken')).rejects.toMatchObject({ code: 'PROFILE_INVALID', field: '(file)' });
    await expect(profiles.load('renamed')).rejects.toMatchObject({ code: 'PROFILE_INVALID', field: 'id' });
    await expect(profiles.load('../etc/passwd')).rejects.toMatchObject({ code: 'PROFILE_INVALID', field: 'profileId' });
  });
});
