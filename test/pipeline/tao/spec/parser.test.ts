import { describe, expect, it } from 'vitest';
import { getAll, getField, hasMessage, parseSpec } from '../../../../src/pipeline/tao/spec/index.js';
import { parsed, readSpec, SPEC_FIXTURES } from './spec-fixtures.js';

const errorOf = (text: string) => {
  const result = parseSpec(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
};

describe('parseSpec', () => {
  it('finds five specs when listing the TAO fixtures', () => {
    expect(SPEC_FIXTURES).toEqual([
      'ssd_retrain_resnet18_kitti.txt',
      'ssd_retrain_resnet18_kitti_qat.txt',
      'ssd_tfrecords_kitti_train.txt',
      'ssd_train_resnet18_kitti.txt',
      'ssd_train_resnet18_kitti_qat.txt',
    ]);
  });

  it.each(SPEC_FIXTURES)('keeps the text of %s byte for byte when it parses it', (name) => {
    const text = readSpec(name);
    expect(parsed(text).text).toBe(text);
  });

  it('reads scalars of every kind when given the train spec', () => {
    const doc = parsed(readSpec('ssd_train_resnet18_kitti.txt'));
    expect(getField(doc, 'random_seed')).toBe(42);
    expect(getField(doc, 'ssd_config.arch')).toBe('resnet');
    expect(getField(doc, 'ssd_config.aspect_ratios_global')).toBe('[1.0, 2.0, 0.5, 3.0, 1.0/3.0]');
    expect(getField(doc, 'ssd_config.two_boxes_for_ar1')).toBe(true);
    expect(getField(doc, 'ssd_config.clip_boxes')).toBe(false);
    expect(
      getField(doc, 'training_config.learning_rate.soft_start_annealing_schedule.min_learning_rate'),
    ).toBe(5e-5);
    expect(
      getField(doc, 'training_config.learning_rate.soft_start_annealing_schedule.max_learning_rate'),
    ).toBe(2e-2);
    expect(getField(doc, 'training_config.regularizer.type')).toBe('L1');
    expect(getField(doc, 'eval_config.average_precision_mode')).toBe('SAMPLE');
    expect(getField(doc, 'dataset_config.data_sources.tfrecords_path')).toBe(
      '/workspace/tao-experiments/data/ssd/tfrecords/kitti_train*',
    );
    expect(hasMessage(doc, 'dataset_config.validation_data_sources')).toBe(true);
  });

  it('accepts every delimiter and separator form when they are mixed', () => {
    const doc = parsed('a < b: 1 >\nc: { d: 2, e: 3; }\nf { g: 4 };\nh: 5,');
    expect([getField(doc, 'a.b'), getField(doc, 'c.d'), getField(doc, 'c.e'), getField(doc, 'f.g')]).toEqual([
      1, 2, 3, 4,
    ]);
    expect(getField(doc, 'h')).toBe(5);
  });

  it('reads numbers when they use any protobuf spelling', () => {
    const doc = parsed(
      'a: -1\nb: 5e-5\nc: 2E+2\nd: .5\ne: 1.\nf: 1.5f\ng: 0x1F\nh: 017\ni: inf\nj: -inf\nk: nan\nl: -Infinity\nm: - 3',
    );
    const values = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'].map((p) =>
      getField(doc, p),
    );
    expect(values).toEqual([
      -1,
      5e-5,
      200,
      0.5,
      1,
      1.5,
      31,
      15,
      Infinity,
      -Infinity,
      Number.NaN,
      -Infinity,
      -3,
    ]);
  });

  it('reads booleans and enum identifiers when values are bare words', () => {
    const doc = parsed('a: true\nb: False\nc: NO_REG\nd: t');
    expect([getField(doc, 'a'), getField(doc, 'b'), getField(doc, 'c'), getField(doc, 'd')]).toEqual([
      true,
      false,
      'NO_REG',
      't',
    ]);
  });

  it('unescapes and joins strings when they use either quote style or sit side by side', () => {
    const doc = parsed(
      String.raw`a: 'it\'s "x"'` +
        '\n' +
        String.raw`b: "tab\there\\ \"q\" \101\x42 \u00e9\U0001F600 \uD83D\uDE00"` +
        '\nc: "ab" \'cd\'\n  "ef"',
    );
    expect(getField(doc, 'a')).toBe(`it's "x"`);
    expect(getField(doc, 'b')).toBe('tab\there\\ "q" AB é😀 😀');
    expect(getField(doc, 'c')).toBe('abcdef');
  });

  it('decodes octal escapes as UTF-8 bytes when they spell a multi-byte character', () => {
    expect(getField(parsed(String.raw`a: "\303\251"`), 'a')).toBe('é');
  });

  it('keeps # inside a quoted string when a comment follows on the line', () => {
    const doc = parsed('path: "/data/run#1" # the real comment\nnext: 2 # another');
    expect(getField(doc, 'path')).toBe('/data/run#1');
    expect(getField(doc, 'next')).toBe(2);
  });

  it('skips comments, tabs, CRLF and a byte-order mark when they appear anywhere', () => {
    const text = '\uFEFF# head\r\na {\t# open\r\n\tb: 1 # b\r\n# between\r\n\tc: "x"\r\n} # close\r\n';
    const doc = parsed(text);
    expect([getField(doc, 'a.b'), getField(doc, 'a.c')]).toEqual([1, 'x']);
    expect(doc.text).toBe(text);
  });

  it('reads repeated fields when they use list syntax', () => {
    const doc = parsed('a: [1, 2, 3]\nm [{ v: "x" }, { v: "y" }]\nempty: []\nm: { v: "z" }');
    expect(getAll(doc, 'a')).toEqual([1, 2, 3]);
    expect(getAll(doc, 'm.v')).toEqual(['x', 'y', 'z']);
    expect(getAll(doc, 'empty')).toEqual([]);
  });

  it('returns no fields when the spec is empty or only comments', () => {
    expect(parsed('').fields).toEqual([]);
    expect(parsed('# nothing here\n\n').fields).toEqual([]);
  });
});

describe('parseSpec on malformed text', () => {
  it('names the message and its line when a brace is never closed', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace(/\}\n$/, '');
    const error = errorOf(text);
    expect(error).toMatchObject({ line: 76, column: 1 });
    expect(error.message).toBe(
      "line 76, column 1: expected '}' to close 'dataset_config' opened at line 47, found end of input",
    );
  });

  it('reports a missing value at the next field name when a value is left out', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace('num_epochs: 80', 'num_epochs:');
    expect(errorOf(text)).toEqual({
      line: 17,
      column: 3,
      message: "line 17, column 3: expected a value for 'num_epochs', found the field name 'enable_qat'",
    });
  });

  it('reports a missing value at the closing brace when nothing follows the colon', () => {
    expect(errorOf('a {\n  b:\n}\n').message).toBe("line 3, column 1: expected a value for 'b', found '}'");
  });

  it('points at the opening quote when a string is unterminated', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace('arch: "resnet"', 'arch: "resnet');
    expect(errorOf(text)).toEqual({
      line: 9,
      column: 9,
      message: 'line 9, column 9: unterminated string: add the closing " before the end of the line',
    });
  });

  it('points at a closing brace when no message is open', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace(
      'freeze_blocks: 0\n}\n',
      'freeze_blocks: 0\n}\n}\n',
    );
    expect(errorOf(text)).toEqual({
      line: 14,
      column: 1,
      message:
        "line 14, column 1: unexpected '}' with no open message; remove it or add the message it closes",
    });
  });

  it('reports the expected closer when delimiters do not match', () => {
    expect(errorOf('a <\n  b: 1\n}').message).toBe(
      "line 3, column 1: expected '>' to close 'a' opened at line 1, found '}'",
    );
  });

  it('refuses the text when messages nest deeper than 100 levels', () => {
    const deep = (n: number) => `${'a { '.repeat(n)}b: 1${' }'.repeat(n)}`;
    expect(parseSpec(deep(100)).ok).toBe(true);
    expect(errorOf(deep(101)).message).toBe(
      'line 1, column 403: messages are nested more than 100 levels deep',
    );
  });

  it('asks for a colon when a scalar has none', () => {
    expect(errorOf('training_config {\n  num_epochs 80\n}').message).toBe(
      "line 2, column 14: expected ':' or '{' after the field name 'num_epochs', found '80'",
    );
  });

  it.each([
    ['a: 1.2.3', "line 1, column 4: invalid number '1.2.3'"],
    ['a: 12abc', "line 1, column 4: invalid number '12abc'"],
    ['a: 09', "line 1, column 4: invalid octal number '09' (a leading 0 means octal)"],
    ['a: "x\\qy"', "line 1, column 6: invalid escape '\\q' in string; write '\\\\' for a backslash"],
    ['a: "\\x"', "line 1, column 5: escape '\\x' needs one or two hex digits"],
    ['a: "\\uD800"', 'line 1, column 5: unpaired surrogate in \\u escape'],
    ['a: @', "line 1, column 4: unexpected character '@'"],
    ['a: -', "line 1, column 5: expected a number after '-', found end of input"],
    ['a: - b', "line 1, column 6: expected a number after '-', found 'b'"],
    ['a: [1 2]', "line 1, column 7: expected ',' or ']' in the list 'a' opened at line 1, found '2'"],
    ['a [1]', "line 1, column 4: expected ':' between 'a' and its list of values"],
    ['"a": 1', 'line 1, column 1: expected a field name, found the string "a"'],
    ["a: 'x\\\ny'", "line 1, column 4: unterminated string: add the closing ' before the end of the line"],
    ['a: {', "line 1, column 5: expected '}' to close 'a' opened at line 1, found end of input"],
  ])('rejects %j with a located message', (text, message) => {
    expect(errorOf(text).message).toBe(message);
  });
});
