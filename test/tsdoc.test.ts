import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The project rule: every export of the entry point has TSDoc, the text an editor shows on hover. The
 * program is built with the compiler options of tsconfig.json, as `tsc -p .` builds it; a re-export is
 * followed to the declaration it names, and a namespace (`export * as x`) to its module.
 */
const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = resolve(ROOT, 'src/index.ts');

function entryExports(): { checker: ts.TypeChecker; exports: ts.Symbol[] } {
  const configFile = resolve(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT, configFile);
  if (errors.length > 0) throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  const program = ts.createProgram([ENTRY], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${ENTRY}: not found, or not a module`);
  return { checker, exports: checker.getExportsOfModule(module) };
}

describe('TSDoc', () => {
  it('every export of src/index.ts has a doc comment', () => {
    const { checker, exports } = entryExports();
    // A program whose modules did not resolve would have few exports, all trivially "documented".
    expect(exports.length).toBeGreaterThan(400);
    const missing = exports
      .filter((e) => {
        const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
        return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
      })
      .map((e) => e.name)
      .sort();
    expect(missing, `exports of src/index.ts without TSDoc (add a /** … */ above each declaration): ${missing.join(', ')}`).toEqual([]);
  }, 120_000);
});
