/**
 * `--typecheck`: a model file in a folder outside the repository (no
 * tsconfig, no node_modules) that misuses the API gets the compiler's message
 * with its file:line:col as IL017 before the run; a correct one runs. The
 * compiler is found beside the model first, then beside interleave; with
 * neither, IL018 says how to install it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';
import { resolveTypeScript, typecheckModelFile, typescriptSearchPath } from './typecheck';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-tc-'));

const model = (domain: string) => `import { action, defineModel } from 'interleave';
import { List } from 'immutable';
import { Mutex } from 'interleave/kit';
export default defineModel({
  name: 'tc',
  build: (_k, v) => {
    const pc = v.scalar('pc', ${domain});
    const log = v.value('log', List<string>());
    void new Mutex(v, 'm', ['t']);
    return { init: () => {}, actions: [action('Go', (s) => s.get(pc) === 'wait', (s) => { s.set(pc, 'done'); s.set(log, s.get(log).push('go')); })], terminal: () => true };
  },
});
`;

async function cliIn(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('--typecheck', () => {
  it("reports the compiler's error with file:line:col as IL017 (exit 2) before the run", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'bad.ts'), model("v.enum(['wait', 'done'])"));
    const r = await cliIn(dir, 'check', './bad.ts', '--typecheck');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error IL017: model file './bad.ts' does not type-check (1 error, TypeScript ");
    expect(r.err).toContain("bad.ts:7:38 - error TS2345: Argument of type 'string[]' is not assignable to parameter of type 'string'.");
    expect(r.out).toBe('');
  }, 60_000);

  it('lets a correct model file run, its imports of interleave, interleave/kit and immutable resolved as the CLI resolves them', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.ts'), model("v.enum('wait', 'done')"));
    const r = await cliIn(dir, 'check', './good.ts', '--typecheck');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('type-checks for sweep and simulate too', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'bad.ts'), model("v.enum(['wait', 'done'])"));
    expect((await cliIn(dir, 'simulate', './bad.ts', '--typecheck')).err).toContain('error IL017');
    expect((await cliIn(dir, 'sweep', './bad.ts', '--knob', 'N', '--typecheck')).err).toContain('error IL017');
  }, 60_000);

  it("looks for the compiler beside the model first (the user's own), then beside interleave", () => {
    const dir = tmp();
    const own = path.join(dir, 'node_modules', 'typescript');
    fs.mkdirSync(own, { recursive: true });
    fs.writeFileSync(path.join(own, 'package.json'), JSON.stringify({ name: 'typescript', version: '0.0.0', main: 'tsc.js' }));
    fs.writeFileSync(path.join(own, 'tsc.js'), '');
    expect(resolveTypeScript(typescriptSearchPath(path.join(dir, 'm.ts')))).toBe(fs.realpathSync(path.join(own, 'tsc.js')));
    expect(resolveTypeScript(typescriptSearchPath(path.join(tmp(), 'm.ts')))).toBe(require.resolve('typescript'));
  });

  it('says how to install the compiler when there is none (IL018)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.ts'), model("v.enum('wait', 'done')"));
    expect(() => typecheckModelFile('./good.ts', dir, [dir])).toThrow(expect.objectContaining({ code: 'IL018', kind: 'usage' }));
    expect(() => typecheckModelFile('./good.ts', dir, [dir])).toThrow('--typecheck needs the TypeScript compiler, and none is installed in . or beside interleave');
  });
});
