#!/usr/bin/env node
/**
 * Checks Mermaid text with Mermaid's own parser (the `mermaid` package, a devDependency), the
 * way a pull request page would read it, and reports what it understood. Run as a child process
 * by the tests, so the browser-side package and its DOM (jsdom) stay out of Jest's module loader.
 *
 * stdin: a JSON array of Mermaid texts. stdout: a JSON array, for each text either
 * `{ ok: false, error }` or `{ ok: true, type, vertices, edges, classDefs }` where each vertex
 * has the label as a reader sees it (entity codes and HTML entities decoded, `<br/>` as "\n").
 */
import { JSDOM } from 'jsdom';

// Mermaid sanitizes labels with DOMPurify, which needs a DOM: give it jsdom's before loading it.
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

/** What a browser shows for a parsed label: Mermaid's entity placeholders back to HTML, then text. */
function displayed(text) {
  const html = text
    .replace(/ﬂ°°/g, '&#')
    .replace(/ﬂ°/g, '&')
    .replace(/¶ß/g, ';')
    .replace(/<br\s*\/?>/gi, '\n');
  const div = window.document.createElement('div');
  div.innerHTML = html;
  return div.textContent;
}

async function check(text) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = [...db.getVertices().values()].map((v) => ({
      id: v.id,
      shape: v.type ?? null,
      classes: [...(v.classes ?? [])],
      text: displayed(v.text ?? ''),
    }));
    const edges = db.getEdges().map((e) => ({ from: e.start, to: e.end, stroke: e.stroke, type: e.type }));
    const classDefs = Object.fromEntries([...db.getClasses().entries()].map(([name, c]) => [name, [...c.styles]]));
    return { ok: true, type: diagram.type, direction: db.getDirection?.() ?? null, vertices, edges, classDefs };
  } catch (err) {
    return { ok: false, error: String(err?.message ?? err) };
  }
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const texts = JSON.parse(input);
const results = [];
for (const text of texts) results.push(await check(text));
process.stdout.write(JSON.stringify(results));
