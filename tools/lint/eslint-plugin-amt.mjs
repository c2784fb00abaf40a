// The project's own ESLint rules (as VS Code keeps its `code-layering` and `code-import-patterns`):
//   amt/import-layers  the layering rules of docs/architecture.md, from ./import-layers.mjs
import { importProblems } from './import-layers.mjs';

const importLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Layering rules of docs/architecture.md ("Import rules")' },
    schema: [],
    messages: { layer: "'{{spec}}': {{problem}}" },
  },
  create(context) {
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      for (const problem of importProblems(context.filename, source.value, context.cwd)) {
        context.report({ node: source, messageId: 'layer', data: { spec: source.value, problem } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { meta: { name: 'eslint-plugin-amt' }, rules: { 'import-layers': importLayers } };
