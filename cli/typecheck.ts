/**
 * `--typecheck`: type-checks a user's model file with the TypeScript compiler
 * before the run, so API misuse that jiti would run anyway (it strips types)
 * is reported with the compiler's own message and place. Off by default: a
 * compiler pass costs a second or more, while the run-time argument checks
 * (IL123) catch the worst misuse for free.
 *
 * The compiler is the user's own when their project has one (resolved from
 * the model file's folder), else the one installed beside interleave; an
 * installed interleave may have neither, and then the error says how to get
 * it. The file's imports of `interleave`, `interleave/kit`, `interleave/qemu`
 * and `immutable` resolve to the engine that will run it (cli/aliases.ts),
 * and the nearest tsconfig.json gives the compiler options when there is one.
 */
import * as path from 'node:path';
import type * as TS from 'typescript';
import { usageError } from '../checker';
import { packageAliases } from './aliases';

/** One compiler error, its place relative to the working folder. */
export interface TypeCheckError {
  readonly place: string;
  readonly code: number;
  readonly message: string;
}

/** Where the compiler is looked for, in order: the model's folder (the user's project), then interleave's own. */
export function typescriptSearchPath(modelFile: string): string[] {
  return [path.dirname(modelFile), __dirname];
}

/** The path of the `typescript` package's entry, from the first folder that has one; undefined when none does. */
export function resolveTypeScript(from: readonly string[]): string | undefined {
  for (const dir of from) {
    try {
      return require.resolve('typescript', { paths: [dir] });
    } catch {
      // not installed there: try the next folder
    }
  }
  return undefined;
}

/** The compiler options: the nearest tsconfig.json's, else strict defaults; always no output, imports as the CLI resolves them. */
function compilerOptions(ts: typeof TS, modelFile: string): TS.CompilerOptions {
  const defaults: TS.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, types: [] };
  const config = ts.findConfigFile(path.dirname(modelFile), ts.sys.fileExists);
  let base = defaults;
  if (config) {
    const read = ts.readConfigFile(config, ts.sys.readFile);
    if (!read.error) base = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config)).options;
  }
  const aliases = packageAliases();
  return {
    ...base,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    paths: { ...(base.paths ?? {}), ...Object.fromEntries(Object.entries(aliases).map(([name, target]) => [name, [target]])) },
  };
}

/** The compiler's errors in the model file and the user's files it imports (not in interleave or node_modules). */
export function typeErrors(ts: typeof TS, modelFile: string, cwd: string): TypeCheckError[] {
  const program = ts.createProgram([modelFile], compilerOptions(ts, modelFile));
  const engine = Object.values(packageAliases()).map((target) => path.dirname(target));
  const isUserFile = (f: TS.SourceFile) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/') && !engine.some((dir) => f.fileName.startsWith(dir + '/'));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles().filter(isUserFile).flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return { place: '(compiler options)', code: d.code, message };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return { place: `${path.relative(cwd, d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}`, code: d.code, message };
  });
}

/**
 * Type-checks a model file; throws IL018 when no TypeScript compiler can be
 * found and IL017 with the compiler's messages when the file has type errors.
 */
export function typecheckModelFile(ref: string, cwd: string, from?: readonly string[]): void {
  const file = path.resolve(cwd, ref);
  const entry = resolveTypeScript(from ?? typescriptSearchPath(file));
  if (!entry) {
    throw usageError('IL018', `--typecheck needs the TypeScript compiler, and none is installed in ${path.relative(cwd, path.dirname(file)) || '.'} or beside interleave`, {
      hint: 'npm install --save-dev typescript (in the project of the model file), or leave out --typecheck',
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(entry) as typeof TS;
  const errors = typeErrors(ts, file, cwd);
  if (errors.length === 0) return;
  const shown = errors.slice(0, 10).map((e) => `  ${e.place} - error TS${e.code}: ${e.message.split('\n').join('\n    ')}`);
  throw usageError('IL017', `model file '${ref}' does not type-check (${errors.length} error${errors.length === 1 ? '' : 's'}, TypeScript ${ts.version}):\n${shown.join('\n')}${errors.length > 10 ? `\n  … and ${errors.length - 10} more` : ''}`, {
    hint: 'fix the file where the compiler says; run without --typecheck to skip this check',
  });
}
