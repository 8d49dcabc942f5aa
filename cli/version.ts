/** The tool version, read from package.json (found from source or dist/). */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findPackageJson(): string {
  let dir = __dirname;
  for (let k = 0; k < 4; k++) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) return p;
    dir = path.dirname(dir);
  }
  throw new Error('package.json not found');
}

export const VERSION: string = (JSON.parse(fs.readFileSync(findPackageJson(), 'utf8')) as { version: string }).version;
