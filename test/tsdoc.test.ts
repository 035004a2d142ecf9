import { readdirSync, readFileSync } from 'node:fs';
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

let built: { checker: ts.TypeChecker; exports: ts.Symbol[] } | null = null;

/** The entry point's exports, from a program built once for all the tests below (it takes seconds). */
function entryExports(): { checker: ts.TypeChecker; exports: ts.Symbol[] } {
  built ??= buildEntryExports();
  return built;
}

function buildEntryExports(): { checker: ts.TypeChecker; exports: ts.Symbol[] } {
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
  });

  it('so does every member of a namespace export (stylized.QUANTILES, tabularMetrics.median, …)', () => {
    const { checker, exports } = entryExports();
    const namespaces = exports.filter((e) => e.declarations?.some(ts.isNamespaceExport));
    expect(namespaces.length).toBeGreaterThan(0);
    const missing = namespaces.flatMap((ns) => checker.getExportsOfModule(checker.getAliasedSymbol(ns))
      .filter((m) => {
        const target = m.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(m) : m;
        return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
      })
      .map((m) => `${ns.name}.${m.name}`))
      .sort();
    expect(missing, `namespace members without TSDoc: ${missing.join(', ')}`).toEqual([]);
  });

  it('so does every exported declaration of every source file, exported from the entry point or not', () => {
    const files = readdirSync(resolve(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts') && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(200);
    const missing: string[] = [];
    for (const file of files) {
      const path = resolve(ROOT, 'src', file);
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const statement of source.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported || ts.isExportDeclaration(statement)) continue; // `export { … } from` re-exports are documented where declared
        if (ts.getJSDocCommentsAndTags(statement).length > 0) continue;
        const name = ts.isVariableStatement(statement) ? statement.declarationList.declarations.map((d) => d.name.getText(source)).join(', ')
          : (statement as ts.DeclarationStatement).name?.getText(source) ?? '?';
        missing.push(`src/${file}: ${name}`);
      }
    }
    expect(missing, `exported declarations without TSDoc (add a /** … */ right above each): ${missing.join('; ')}`).toEqual([]);
  });

  it('so does every public member of an exported class or interface of the engine core (src/tensor, backend, nn, optim, gan)', () => {
    // A student reads the engine through these members: `tensor.shape`, `trainer.batchSize`, `backend.kernels`.
    // Public: not `private`, `protected` or `#name`; a constructor's parameter properties count, documented by an
    // inline comment or a non-empty `@param` of the constructor. Constructors themselves and index signatures are exempt.
    const text = (doc: ts.JSDoc | ts.JSDocTag) => ts.getTextOfJSDocComment(doc.comment)?.trim() ?? '';
    const documented = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).some((doc) => text(doc) !== '');
    const hidden = (node: ts.Node) => (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : [])
      .some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
    const missing: string[] = [];
    let checked = 0;
    for (const dir of ['tensor', 'backend', 'nn', 'optim', 'gan']) {
      const files = readdirSync(resolve(ROOT, 'src', dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts') && !f.endsWith('.d.ts'));
      for (const file of files) {
        const path = resolve(ROOT, 'src', dir, file);
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
        for (const statement of source.statements) {
          if (!ts.getModifiers(statement as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
          const members = ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ? statement.members
            : ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type) ? statement.type.members : [];
          const owner = (statement as ts.DeclarationStatement).name?.getText(source) ?? 'default';
          const where = (node: ts.Node, name: string) => `src/${dir}/${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${owner}.${name}`;
          for (const member of members) {
            const candidates: [ts.Node, ts.Node | undefined][] = ts.isConstructorDeclaration(member)
              ? member.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, member)).map((p) => [p, p.name])
              : [[member, member.name]];
            for (const [node, name] of candidates) {
              if (!name || ts.isPrivateIdentifier(name) || hidden(node)) continue;
              checked++;
              if (!documented(node)) missing.push(where(node, name.getText(source)));
            }
          }
        }
      }
    }
    // A walk that found nothing (moved folders, a parse change) would pass trivially.
    expect(checked).toBeGreaterThan(200);
    expect(missing, `public members without TSDoc (add a one-line /** … */ saying what it is, its unit or shape): ${missing.join('; ')}`).toEqual([]);
  });

  it('each GanTrainer method has its own comment (none stacked above a neighbour)', () => {
    const { checker, exports } = entryExports();
    const trainer = checker.getAliasedSymbol(exports.find((e) => e.name === 'GanTrainer')!);
    const docs = new Map([...trainer.members!.values()]
      .filter((m) => m.flags & ts.SymbolFlags.Method && !m.declarations?.some((d) => ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Private))
      .map((m) => [m.name, ts.displayPartsToString(m.getDocumentationComment(checker)).trim()]));
    expect([...docs].filter(([, doc]) => doc === '').map(([name]) => name)).toEqual([]);
    expect(docs.get('dispose')).toMatch(/^Free the trainer's own tensors/);
    expect(docs.get('optimizerSteps')).toMatch(/^Updates each optimiser has applied/);
  });
});
