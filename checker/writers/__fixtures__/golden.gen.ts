/**
 * Regenerates checker/writers/__golden__/*.dot and renders each to SVG next
 * to /tmp/golden for a look. Run from the repo root:
 * node -e "require('jiti').createJiti(process.cwd() + '/').import('./checker/writers/__fixtures__/golden.gen.ts')"
 * Look at every picture rendered before checking a changed golden in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSvgs } from '../../../cli/render';
import { GOLDEN } from './helpers';

(async () => {
  const dir = path.join(__dirname, '..', '__golden__');
  const names = Object.keys(GOLDEN);
  const dots = await Promise.all(names.map((n) => GOLDEN[n]!()));
  const svgs = await renderSvgs(dots);
  fs.mkdirSync('/tmp/golden', { recursive: true });
  names.forEach((n, i) => {
    fs.writeFileSync(path.join(dir, n), dots[i]!);
    fs.writeFileSync(path.join('/tmp/golden', n.replace(/\.dot$/, '.svg')), svgs[i]!);
  });
  console.log(`wrote ${names.length} golden files`);
})();
