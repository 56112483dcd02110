// Extracts the fenced blocks of a Markdown file and the <!-- example: ... --> annotation right
// before each (blank lines may stand between). The grammar is in docs/writing-docs.md.
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const JS = new Set(['js', 'javascript', 'mjs']);
const DEFAULT_TIMEOUT_S = 60;

/** The blocks of one document: {file, line, lang, kind, runnable, body, ann}. */
export function parseDoc(file, text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !isClose(lines[i], fence); i++) body.push(dedent(lines[i], indent.length));
    const kind = SHELL.has(lang) ? 'sh' : JS.has(lang) ? 'js' : lang || 'text';
    const ann = annotation(lines, start);
    let source = body.join('\n') + '\n';
    if (lang === 'console') source = consoleCommands(body);
    blocks.push({ file, line: start + 1, lang, kind, runnable: kind === 'sh' || kind === 'js', body: source, ann });
  }
  return blocks;
}

function isClose(line, fence) {
  const t = line.trim();
  return t.startsWith(fence[0].repeat(fence.length)) && /^[`~]+$/.test(t);
}

function dedent(line, n) {
  let k = 0;
  while (k < n && line[k] === ' ') k++;
  return line.slice(k);
}

/** In a console block, the commands are the lines after "$ " (and their continuation lines). */
function consoleCommands(body) {
  const out = [];
  let continued = false;
  for (const l of body) {
    if (l.startsWith('$ ')) out.push(l.slice(2));
    else if (continued) out.push(l);
    else continue;
    continued = l.endsWith('\\');
  }
  return out.join('\n') + '\n';
}

function annotation(lines, fenceIndex) {
  let j = fenceIndex - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  if (j < 0 || !lines[j].trim().endsWith('-->')) return parseAnnotation(null);
  let text = lines[j].trim();
  while (!text.includes('<!--') && j > 0) text = `${lines[--j].trim()} ${text}`;
  const m = /^<!--\s*example:\s*([\s\S]*?)\s*-->$/.exec(text);
  return parseAnnotation(m ? m[1] : null);
}

/**
 * Parses "skip (reason)" or words and key=value pairs. Unknown words are an error, so a typo
 * cannot silently turn a check off.
 */
export function parseAnnotation(text) {
  const ann = { ports: [], timeout: DEFAULT_TIMEOUT_S };
  if (text === null) return ann;
  const skip = /^skip\b\s*(?:\((.*)\))?\s*$/s.exec(text);
  if (skip) {
    if (!skip[1] || !skip[1].trim()) ann.error = 'annotation "skip" needs a reason: skip (why)';
    else ann.skip = skip[1].trim();
    return ann;
  }
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const [key, value] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, null];
    const bad = (why) => { ann.error ??= `annotation "${word}": ${why}`; };
    switch (key) {
      case 'config': value ? (ann.config = value) : bad('config=FILE'); break;
      case 'server': value === 'none' ? (ann.serverNone = true) : bad('only server=none'); break;
      case 'serve': ann.serve = true; break;
      case 'background': ann.background = true; break;
      case 'syntax': ann.syntax = true; break;
      case 'checkconfig': ann.checkconfig = true; break;
      case 'beside': value ? (ann.beside = value.split(',')) : bad('beside=PATH,PATH'); break;
      case 'expect-error': ann.expectError = true; break;
      case 'expect': value ? (ann.expect = value) : bad('expect=TEXT (no spaces)'); break;
      case 'stream': ann.stream = true; break;
      case 'needs':
        if (/^[\w-]+(,[\w-]+)*$/.test(value ?? '')) ann.needs = value.split(',');
        else bad('needs=TOOL,TOOL');
        break;
      case 'placeholder': {
        const m = /^(.+):([A-Z_][A-Z0-9_]*)$/.exec(value ?? '');
        if (m) (ann.placeholders ??= []).push({ text: m[1], variable: m[2] });
        else bad('placeholder=TEXT:VARIABLE');
        break;
      }
      case 'file': value ? (ann.file = value) : bad('file=PATH'); break;
      case 'listens': /^\d+$/.test(value ?? '') ? (ann.listens = Number(value), ann.ports.push(Number(value))) : bad('listens=PORT'); break;
      case 'ports':
        if (/^\d+(,\d+)*$/.test(value ?? '')) ann.ports.push(...value.split(',').map(Number));
        else bad('ports=N,M');
        break;
      case 'timeout': /^\d+$/.test(value ?? '') ? (ann.timeout = Number(value)) : bad('timeout=SECONDS'); break;
      default: bad('unknown (see docs/writing-docs.md)');
    }
  }
  if ([ann.serve, ann.background, ann.stream].filter(Boolean).length > 1) {
    ann.error ??= 'annotation: serve, background and stream exclude each other';
  }
  if (ann.stream && !ann.expect) ann.error ??= 'annotation: stream needs expect=TEXT';
  return ann;
}
