import { describe, expect, it } from 'vitest';
import { type OptionSpec, parseText, tokenize, validateOptions } from '../../../src/bot/core/options.js';

const TRAIN: OptionSpec[] = [
  { name: 'model', type: 'string', positional: true, required: true, description: 'model' },
  { name: 'epochs', type: 'integer', min: 1, max: 1000, description: 'epochs' },
  { name: 'gpus', type: 'integer', min: 1, max: 8, description: 'gpus' },
  { name: 'qat', type: 'boolean', description: 'qat' },
  { name: 'dry_run', type: 'flag', description: 'dry run' },
  { name: 'sweep', type: 'list', description: 'thresholds' },
  { name: 'n', type: 'string', choices: ['max', 'L2'], description: 'normalizer' },
];

const parse = (text: string) => {
  const raw = parseText(text, TRAIN);
  if (!raw.ok) return { error: raw.error };
  const valid = validateOptions(raw.value, TRAIN);
  return valid.ok ? { value: valid.value } : { error: valid.error.join(' | ') };
};

describe('tokenize', () => {
  it('keeps quoted values together, including smart quotes from chat clients', () => {
    expect(tokenize(`a "b c" 'd e' f=“g h”`)).toEqual({ ok: true, value: ['a', 'b c', 'd e', 'f=g h'] });
  });
  it('reports an unclosed quote', () => {
    expect(tokenize('a "b')).toMatchObject({ ok: false, error: 'a " quote is not closed' });
  });
});

describe('parseText and validateOptions', () => {
  it('reads positionals, key=value pairs, flags, lists and booleans', () => {
    expect(parse('ssd_resnet18 epochs=6 gpus=2 qat=true dry-run sweep=0.1,0.2,0.3')).toEqual({
      value: {
        model: 'ssd_resnet18',
        epochs: 6,
        gpus: 2,
        qat: true,
        dry_run: true,
        sweep: ['0.1', '0.2', '0.3'],
      },
    });
  });
  it('says what is wrong with a number that is not one', () => {
    expect(parse('ssd_resnet18 epochs=abc').error).toBe(
      'epochs must be a whole number from 1 to 1000 (got "abc")',
    );
  });
  it('refuses values out of range', () => {
    expect(parse('ssd_resnet18 gpus=99').error).toBe('gpus must be from 1 to 8 (got 99)');
  });
  it('suggests the option meant by a typo', () => {
    expect(parse('ssd_resnet18 epoch=6').error).toMatch(/unknown option "epoch" \(did you mean epochs\?\)/);
  });
  it('requires the positional model', () => {
    expect(parse('epochs=3').error).toBe('model is required (model)');
  });
  it('refuses a choice that is not offered', () => {
    expect(parse('m n=L1').error).toBe('n must be one of max, L2 (got "L1")');
  });
  it('refuses a stray word and a repeated option', () => {
    expect(parse('a b').error).toMatch(/unexpected "b"/);
    expect(parse('a epochs=1 epochs=2').error).toBe('epochs is given twice');
  });
  it('accepts typed values as Discord sends them', () => {
    expect(validateOptions({ model: 'm', epochs: 6, qat: false }, TRAIN)).toEqual({
      ok: true,
      value: { model: 'm', epochs: 6, qat: false },
    });
  });
});
