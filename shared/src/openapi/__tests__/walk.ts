/** One example found in the document, with the schema it must satisfy. */
export interface FoundExample {
  where: string;
  schema: object;
  value: unknown;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function mediaExamples(where: string, content: unknown, out: FoundExample[]): void {
  if (!isNode(content)) return;
  for (const [type, media] of Object.entries(content)) {
    if (!isNode(media) || !isNode(media['schema'])) continue;
    const examples = isNode(media['examples']) ? media['examples'] : {};
    for (const [name, ex] of Object.entries(examples)) {
      if (isNode(ex))
        out.push({ where: `${where} ${type} #${name}`, schema: media['schema'], value: ex['value'] });
    }
  }
}

/** Every example of a dereferenced document: media types, parameters, headers, and schema `examples`. */
export function collectExamples(doc: Node): FoundExample[] {
  const out: FoundExample[] = [];
  const operations: [string, Node][] = [];
  for (const section of ['paths', 'webhooks'] as const) {
    const items = isNode(doc[section]) ? doc[section] : {};
    for (const [path, item] of Object.entries(items)) {
      if (!isNode(item)) continue;
      for (const [method, op] of Object.entries(item)) {
        if (isNode(op) && 'responses' in op) operations.push([`${method.toUpperCase()} ${path}`, op]);
      }
    }
  }
  for (const [where, op] of operations) {
    for (const p of (op['parameters'] as Node[] | undefined) ?? []) {
      if ('example' in p && isNode(p['schema'])) {
        out.push({ where: `${where} param ${String(p['name'])}`, schema: p['schema'], value: p['example'] });
      }
    }
    if (isNode(op['requestBody'])) mediaExamples(`${where} request`, op['requestBody']['content'], out);
    for (const [status, res] of Object.entries(op['responses'] as Node)) {
      if (!isNode(res)) continue;
      mediaExamples(`${where} ${status}`, res['content'], out);
      for (const [name, header] of Object.entries(isNode(res['headers']) ? res['headers'] : {})) {
        if (isNode(header) && 'example' in header && isNode(header['schema'])) {
          out.push({
            where: `${where} ${status} header ${name}`,
            schema: header['schema'],
            value: header['example'],
          });
        }
      }
    }
  }
  const components = doc['components'] as Node;
  const visitSchema = (where: string, node: unknown): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visitSchema(`${where}[${i}]`, n);
    }
    if (!isNode(node)) return;
    if (Array.isArray(node['examples'])) {
      for (const [i, value] of node['examples'].entries()) {
        out.push({ where: `${where} examples[${i}]`, schema: node, value });
      }
    }
    for (const [key, child] of Object.entries(node))
      if (key !== 'examples') visitSchema(`${where}.${key}`, child);
  };
  visitSchema('components.schemas', components['schemas']);
  return out;
}
