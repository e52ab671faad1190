import { synthesizeConsole } from './parsers.js';
import { createLineBuffer } from '../src/pipeline/parsers/index.js';
const time = (name: string, f: () => void, reps = 30) => { for (let i = 0; i < 5; i++) f(); const t = performance.now(); for (let i = 0; i < reps; i++) f(); console.log(name, ((performance.now() - t) / reps).toFixed(3), 'ms'); };
const chunk = (t: string) => { const c: string[] = []; for (let i = 0; i < t.length; i += 65536) c.push(t.slice(i, i + 65536)); return c; };
const con = synthesizeConsole(); const ascii = con.replaceAll('█', '#');
const noBs = ascii.replaceAll('\b', ''); const noCr = noBs.replaceAll('\r', '');
let s = 0;
for (const [name, text] of [['two-byte', con], ['ascii', ascii], ['ascii no \\b', noBs], ['ascii no \\r\\b', noCr]] as const) {
  const cs = chunk(text);
  time(`split ${name}`, () => { for (const c of cs) s += c.split('\n').length; });
  time(`buffer ${name}`, () => { const b = createLineBuffer(); for (const c of cs) b.push(c, (l) => { s += l.length; }); });
  time(`indexOf-only ${name}`, () => { for (const c of cs) { let i = c.indexOf('\n'); while (i !== -1) { s++; i = c.indexOf('\n', i + 1); } } });
}
