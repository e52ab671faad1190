import { synthesizeConsole, synthesizeCsv, synthesizeStatusJson } from './parsers.js';
import { createConsoleParser, createStatusJsonParser, createTrainingCsvParser } from '../src/pipeline/parsers/index.js';
const con = synthesizeConsole();
const chunks: string[] = []; for (let i = 0; i < con.length; i += 65536) chunks.push(con.slice(i, i + 65536));
let s = 0;
const mode = process.argv[2];
const t = performance.now();
for (let r = 0; r < 40; r++) {
  if (mode === 'status') { const st = synthesizeStatusJson(); for (let k = 0; k < 20; k++) { const p = createStatusJsonParser(); s += p.push(st).length; } } else if (mode === 'csv') { const csv = synthesizeCsv(); const p = createTrainingCsvParser(); for (let k = 0; k < 20; k++) s += p.push(csv).length; }
  else { const p = createConsoleParser(); for (const c of chunks) s += p.push(c).length; }
}
console.log(performance.now() - t, s);
