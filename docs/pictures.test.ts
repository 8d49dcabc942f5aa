/**
 * The pictures committed under docs/img/ are what the tool makes now
 * (regenerate with the command in docs/pictures.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPictures, IMG_DIR } from './pictures';

it('docs/img holds exactly the pictures the tool makes, byte for byte', async () => {
  const fresh = await createPictures();
  expect(fs.readdirSync(IMG_DIR).sort()).toEqual([...fresh.keys()].sort());
  for (const [name, content] of fresh) {
    expect({ name, same: fs.readFileSync(path.join(IMG_DIR, name), 'utf8') === content }).toEqual({ name, same: true });
  }
});
