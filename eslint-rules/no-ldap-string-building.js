/**
 * enclave/no-ldap-string-building — flags LDAP filters and DNs built by pasting a runtime value into a
 * string (`(uid=${login})`, 'uid=' + login + ',ou=...'). An unescaped value can widen a filter
 * (`*)(uid=*`) or move an entry to another tenant's subtree; filters must be ldapts Filter objects or
 * go through an escape helper, DNs through a builder. Heuristic by design: it reads only the static text
 * around each value.
 *
 * Not flagged: values passed through a function whose name contains "escape" (escapeFilterValue(x)),
 * literal values, tagged templates (the tag is the builder), and any construct with
 * `// ldap-literal: <reason>` on the line above it or above its statement.
 */

/** Static text before a value that opens a filter item: "(uid=", "(&(mail=*", "(cn~=". */
export const FILTER_BEFORE = /\(\s*[A-Za-z][\w.;:-]*\s*[~<>]?=[^()]*$/;
/** Static text before a value in RDN position: "uid=", ",ou=", "dn: cn=", '"ou=' (ACL), a new LDIF line. */
export const DN_BEFORE = /(?:^|[,\n"]|dn:)\s*[A-Za-z][\w.-]*=\s*$/i;
/** Static text after a value that ends the RDN value: end, ",", "+" (multi-valued RDN), '"', end of line. */
export const DN_AFTER = /^(?:[,+"]|\s*$|[ \t]*\r?\n)/;

const ESCAPE_HATCH = /^\s*ldap-literal:\s*\S/;

const isStatic = (node) =>
  (node.type === 'Literal' && (typeof node.value === 'string' || typeof node.value === 'number')) ||
  (node.type === 'TemplateLiteral' && node.expressions.length === 0);

/** A value already escaped by a helper named like escapeFilterValue / escapeDN / ldapEscape. */
function isEscaped(node) {
  if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return isEscaped(node.expression);
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
        ? callee.property.name
        : '';
  return /escape/i.test(name);
}

/** Which LDAP construct (if any) a value placed between `before` and `after` builds. */
function classify(before, after) {
  if (FILTER_BEFORE.test(before)) return 'filter';
  if (after !== null && DN_BEFORE.test(before) && DN_AFTER.test(after)) return 'dn';
  return null;
}

/** Static text of an operand seen from its right end (`edge: 'end'`) or left end (`'start'`); null if none. */
function edgeText(node, edge) {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : String(node.value);
  if (node.type === 'TemplateLiteral') {
    const quasi = edge === 'end' ? node.quasis[node.quasis.length - 1] : node.quasis[0];
    return quasi.value.cooked ?? quasi.value.raw;
  }
  return null;
}

/** The operands of a `+` chain, left to right: a + b + c parses as (a + b) + c. */
function flattenPlus(node, out = []) {
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    flattenPlus(node.left, out);
    flattenPlus(node.right, out);
  } else {
    out.push(node);
  }
  return out;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noLdapStringBuildingRule = {
  meta: {
    type: 'problem',
    docs: { description: 'LDAP filters and DNs are never built by pasting values into strings' },
    schema: [],
    messages: {
      filter:
        'LDAP filter built from a runtime value: use an ldapts Filter object or escape the value ' +
        '(an escape*() helper). If intended, add `// ldap-literal: <reason>` on the line above.',
      dn:
        'DN built from a runtime value: use the DN builder or escape the value (an escape*() helper). ' +
        'If intended, add `// ldap-literal: <reason>` on the line above.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const hatchLines = new Set(
      sourceCode
        .getAllComments()
        .filter((comment) => ESCAPE_HATCH.test(comment.value))
        .map((comment) => comment.loc.end.line),
    );

    /** The escape hatch sits on the line above the construct or above the statement holding it. */
    const excused = (construct) => {
      if (hatchLines.size === 0) return false;
      if (hatchLines.has(construct.loc.start.line - 1)) return true;
      for (const ancestor of sourceCode.getAncestors(construct).reverse()) {
        if (/(Statement|Declaration)$/.test(ancestor.type) && ancestor.type !== 'Program') {
          return hatchLines.has(ancestor.loc.start.line - 1);
        }
      }
      return false;
    };

    const reportValue = (construct, value, before, after) => {
      if (isStatic(value) || isEscaped(value)) return;
      const kind = classify(before, after);
      if (kind !== null && !excused(construct)) context.report({ node: value, messageId: kind });
    };

    return {
      TemplateLiteral(node) {
        if (node.parent.type === 'TaggedTemplateExpression') return;
        node.expressions.forEach((expression, i) => {
          const before = node.quasis[i].value.cooked ?? node.quasis[i].value.raw;
          const next = node.quasis[i + 1];
          reportValue(node, expression, before, next ? (next.value.cooked ?? next.value.raw) : '');
        });
      },
      BinaryExpression(node) {
        if (node.operator !== '+') return;
        // Only the top of a chain: its operands are checked once, with their neighbours.
        if (node.parent.type === 'BinaryExpression' && node.parent.operator === '+') return;
        const operands = flattenPlus(node);
        operands.forEach((operand, i) => {
          if (i === 0 || operand.type === 'TemplateLiteral') return;
          const before = edgeText(operands[i - 1], 'end');
          if (before === null) return;
          const following = operands[i + 1];
          // A value at the end of the chain ends the RDN; an unknown follower is not judged.
          const after = following === undefined ? '' : edgeText(following, 'start');
          reportValue(node, operand, before, after);
        });
      },
    };
  },
};

export default noLdapStringBuildingRule;
