import { describe, expect, it } from 'vitest';
import {
  getField,
  hasMessage,
  parseSpec,
  removeField,
  setField,
  setFields,
} from '../../../../src/pipeline/tao/spec/index.js';
import {
  changedLines,
  currentValue,
  edited,
  loadSpec,
  parsed,
  readSpec,
  SPEC_FIXTURES,
  singularScalars,
} from './spec-fixtures.js';

const TRAIN = 'ssd_train_resnet18_kitti.txt';

const errorOf = (result: ReturnType<typeof setField>) => {
  if (result.ok) throw new Error('expected an edit error');
  return result.error;
};

describe('setField', () => {
  it.each(SPEC_FIXTURES)('leaves %s byte for byte when every field is set to its current value', (name) => {
    const doc = loadSpec(name);
    const scalars = singularScalars(doc);
    expect(scalars.length).toBeGreaterThan(5);
    for (const { path, node } of scalars) {
      expect(edited(setField(doc, path, currentValue(node))).text, path).toBe(doc.text);
    }
  });

  it('changes only the value bytes of its line when the field exists', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(setField(doc, 'training_config.num_epochs', 120));
    expect(changedLines(doc.text, after.text)).toEqual([
      { line: 16, from: '  num_epochs: 80', to: '  num_epochs: 120' },
    ]);
    expect(after.text.startsWith('# Source: github.com/NVIDIA/tao_tutorials')).toBe(true);
    expect(getField(after, 'training_config.num_epochs')).toBe(120);
  });

  it('keeps the odd indentation of a nested field when it edits it', () => {
    const doc = loadSpec(TRAIN);
    const path = 'training_config.learning_rate.soft_start_annealing_schedule.soft_start';
    const after = edited(setField(doc, path, 0.1));
    expect(changedLines(doc.text, after.text)).toEqual([
      { line: 22, from: '    soft_start: 0.15', to: '    soft_start: 0.1' },
    ]);
  });

  it('writes booleans, enums and strings in their own forms when setting each kind', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(
      setFields(doc, [
        ['training_config.enable_qat', true],
        ['training_config.regularizer.type', { enum: 'NO_REG' }],
        ['ssd_config.arch', 'vgg'],
      ]),
    );
    expect(changedLines(doc.text, after.text).map((c) => c.to)).toEqual([
      '  arch: "vgg"',
      '  enable_qat: true',
      '    type: NO_REG',
    ]);
  });

  it('keeps single quotes when the field was written with them', () => {
    const doc = parsed("a {\n  path: '/old'  # comment\n}\n");
    const after = edited(setField(doc, 'a.path', "/new/it's"));
    expect(after.text).toBe("a {\n  path: '/new/it\\'s'  # comment\n}\n");
    expect(getField(after, 'a.path')).toBe("/new/it's");
  });

  it('round-trips paths with quotes, backslashes, # and control characters when it escapes them', () => {
    const doc = loadSpec(TRAIN);
    const tricky = 'C:\\runs\\"best" #1\n\ttab\u0001 é 😀';
    const after = edited(setField(doc, 'dataset_config.data_sources.tfrecords_path', tricky));
    expect(changedLines(doc.text, after.text)).toEqual([
      {
        line: 49,
        from: '    tfrecords_path: "/workspace/tao-experiments/data/ssd/tfrecords/kitti_train*"',
        to: '    tfrecords_path: "C:\\\\runs\\\\\\"best\\" #1\\n\\ttab\\001 é 😀"',
      },
    ]);
    expect(getField(parsed(after.text), 'dataset_config.data_sources.tfrecords_path')).toBe(tricky);
  });

  it('inserts one line at the end of the message with sibling indentation when the field is absent', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(setField(doc, 'training_config.checkpoint_interval', 10));
    const before = doc.text.split('\n');
    const lines = after.text.split('\n');
    expect(lines.length).toBe(before.length + 1);
    expect(lines.slice(27, 31)).toEqual(['    weight: 3e-5', '  }', '  checkpoint_interval: 10', '}']);
    expect([...lines.slice(0, 29), ...lines.slice(30)]).toEqual(before);
    expect(getField(after, 'training_config.checkpoint_interval')).toBe(10);
  });

  it('creates absent parent messages when the path goes through them', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(setField(doc, 'training_config.early_stopping.monitor', 'loss'));
    expect(after.text.split('\n').slice(28, 33)).toEqual([
      '  }',
      '  early_stopping {',
      '    monitor: "loss"',
      '  }',
      '}',
    ]);
    expect(hasMessage(after, 'training_config.early_stopping')).toBe(true);
  });

  it('appends a top-level message at the end when the root lacks it', () => {
    const doc = loadSpec('ssd_tfrecords_kitti_train.txt');
    const after = edited(setField(doc, 'extra_config.level.value', 3));
    expect(after.text).toBe(`${doc.text}extra_config {\n  level {\n    value: 3\n  }\n}\n`);
  });

  it('adds a newline first when the text does not end with one', () => {
    const after = edited(setField(parsed('a: 1 # no newline'), 'b', 'x'));
    expect(after.text).toBe('a: 1 # no newline\nb: "x"\n');
  });

  it('inserts inline when the message is written on one line', () => {
    const doc = parsed('t { a: 1 }\nu {}\nv <b: 2>\n');
    const after = edited(
      setFields(doc, [
        ['t.b', 2],
        ['u.c', true],
        ['v.d.e', { enum: 'X' }],
      ]),
    );
    expect(after.text).toBe('t { a: 1 b: 2 }\nu { c: true }\nv <b: 2 d { e: X } >\n');
  });

  it('uses the tab indentation of siblings and CRLF line ends when the spec has them', () => {
    const doc = parsed('a {\r\n\tb: 1\r\n}\r\n');
    expect(edited(setField(doc, 'a.c.d', 2)).text).toBe('a {\r\n\tb: 1\r\n\tc {\r\n\t\td: 2\r\n\t}\r\n}\r\n');
  });

  it('indents one level deeper than the parent when the message has no fields yet', () => {
    const doc = parsed('outer {\n    inner {\n    }\n}\n');
    expect(edited(setField(doc, 'outer.inner.x', 1)).text).toBe(
      'outer {\n    inner {\n        x: 1\n    }\n}\n',
    );
  });

  it('writes numbers that read back exactly when they are special values', () => {
    let doc = loadSpec(TRAIN);
    const values = [-0, Number.NaN, Infinity, -Infinity, 1e21, 5e-324, 0.1 + 0.2, -42];
    for (const [i, value] of values.entries()) doc = edited(setField(doc, `n.v${i}`, value));
    const reread = parsed(doc.text);
    expect(values.map((_, i) => getField(reread, `n.v${i}`))).toEqual(values);
    expect(Object.is(getField(reread, 'n.v0'), -0)).toBe(true);
  });

  it('refuses the edit when the path crosses a repeated message', () => {
    const error = errorOf(setField(loadSpec(TRAIN), 'dataset_config.target_class_mapping.value', 'truck'));
    expect(error).toEqual({
      path: 'dataset_config.target_class_mapping.value',
      message:
        "'dataset_config.target_class_mapping' is a repeated message (5 entries); a dotted path cannot choose one of them",
    });
  });

  it('refuses the edit when the path crosses a scalar', () => {
    expect(errorOf(setField(loadSpec(TRAIN), 'random_seed.x', 1)).message).toBe(
      "'random_seed' is a scalar field, not a message, so 'random_seed.x' cannot be under it",
    );
  });

  it.each([
    ['', 'invalid path: the path is empty'],
    ['training_config..num_epochs', "invalid path: segment 2 of 'training_config..num_epochs' is empty"],
    ['training_config.', "invalid path: segment 2 of 'training_config.' is empty"],
    [
      'training_config.1st',
      "invalid path: '1st' in 'training_config.1st' is not a field name (letters, digits and '_', not starting with a digit)",
    ],
    [
      'a b',
      "invalid path: 'a b' in 'a b' is not a field name (letters, digits and '_', not starting with a digit)",
    ],
  ])('refuses the edit when the path is %j', (path, message) => {
    expect(errorOf(setField(loadSpec(TRAIN), path, 1))).toEqual({ path, message });
  });

  it.each([
    ['training_config.num_epochs', '80', "'training_config.num_epochs' holds a number (80), not a string"],
    ['ssd_config.arch', 18, '\'ssd_config.arch\' holds a string ("resnet"), not a number'],
    [
      'training_config.enable_qat',
      'true',
      "'training_config.enable_qat' holds a boolean (false), not a string",
    ],
    [
      'training_config.regularizer.type',
      'L2',
      "'training_config.regularizer.type' holds an enum identifier (L1), not a string",
    ],
  ] as const)('refuses the edit when %s gets a value of the wrong kind', (path, value, message) => {
    expect(errorOf(setField(loadSpec(TRAIN), path, value))).toEqual({ path, message });
  });

  it('refuses the edit when the path names a message', () => {
    expect(errorOf(setField(loadSpec(TRAIN), 'training_config.regularizer', 1)).message).toBe(
      "'training_config.regularizer' is a message, not a scalar field",
    );
  });

  it('refuses the edit when the scalar is repeated', () => {
    expect(errorOf(setField(parsed('a: [1, 2]'), 'a', 3)).message).toBe(
      "'a' is a repeated field with 2 values; edit it by hand",
    );
    expect(errorOf(setField(parsed('a: 1\na: 2'), 'a', 3)).message).toBe(
      "'a' is a repeated field with 2 values; edit it by hand",
    );
  });

  it.each([
    [{ enum: 'true' }, "'true' would read back as a boolean or number, not an enum; pass it as such"],
    [{ enum: 'NaN' }, "'NaN' would read back as a boolean or number, not an enum; pass it as such"],
    [{ enum: 'L-1' }, "'L-1' is not an enum identifier (letters, digits and '_')"],
    ['\uD800', 'the string contains an unpaired UTF-16 surrogate'],
  ])('refuses the edit when the value is %j', (value, reason) => {
    expect(errorOf(setField(parsed('x: 1'), 'y', value)).message).toBe(
      `cannot write this value to 'y': ${reason}`,
    );
  });
});

describe('setFields', () => {
  it('applies edits in order when they all succeed', () => {
    const after = edited(
      setFields(loadSpec(TRAIN), [
        ['training_config.num_epochs', 10],
        ['training_config.num_epochs', 20],
      ]),
    );
    expect(getField(after, 'training_config.num_epochs')).toBe(20);
  });

  it('stops and names the path when an edit fails', () => {
    const result = setFields(loadSpec(TRAIN), [
      ['training_config.num_epochs', 10],
      ['ssd_config.arch', 1],
      ['training_config.batch_size_per_gpu', 8],
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.path).toBe('ssd_config.arch');
  });
});

describe('removeField', () => {
  it('removes the whole line when the field is alone on it', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(removeField(doc, 'ssd_config.freeze_blocks'));
    expect(after.text).toBe(doc.text.replace('  freeze_blocks: 0\n', ''));
    expect(getField(after, 'ssd_config.freeze_blocks')).toBeUndefined();
  });

  it('removes a trailing comment with the field when they share a line', () => {
    const doc = parsed('a {\n  b: 1  # about b\n  c: 2\n}\n');
    expect(edited(removeField(doc, 'a.b')).text).toBe('a {\n  c: 2\n}\n');
  });

  it('removes the line and its comment when the spec uses CRLF line ends', () => {
    const doc = parsed('a {\r\n  b: 1 # about b\r\n  c: 2\r\n}\r\n');
    expect(edited(removeField(doc, 'a.b')).text).toBe('a {\r\n  c: 2\r\n}\r\n');
  });

  it('removes only the field and its separator when the line holds other fields', () => {
    const doc = parsed('a { b: 1, c: 2; d: 3 }\n');
    expect(edited(removeField(doc, 'a.b')).text).toBe('a { c: 2; d: 3 }\n');
    expect(edited(removeField(doc, 'a.c')).text).toBe('a { b: 1, d: 3 }\n');
    expect(edited(removeField(doc, 'a.d')).text).toBe('a { b: 1, c: 2; }\n');
    expect(edited(removeField(parsed('x: 1 y: 2\n'), 'y')).text).toBe('x: 1\n');
  });

  it('returns the document unchanged when the field or its parent is absent', () => {
    const doc = loadSpec(TRAIN);
    expect(edited(removeField(doc, 'training_config.pruned_model_path')).text).toBe(doc.text);
    expect(edited(removeField(doc, 'nowhere.at_all')).text).toBe(doc.text);
  });

  it('refuses the removal when the path is a message, repeated or invalid', () => {
    const doc = loadSpec(TRAIN);
    expect(errorOf(removeField(doc, 'training_config')).message).toBe(
      "'training_config' is a message, not a scalar field",
    );
    expect(errorOf(removeField(doc, 'dataset_config.target_class_mapping.key')).message).toContain(
      'repeated message',
    );
    expect(errorOf(removeField(doc, 'a..b')).message).toBe("invalid path: segment 2 of 'a..b' is empty");
  });

  it('keeps the result parseable when the removed field was last in the file without a newline', () => {
    const after = edited(removeField(parsed('a: 1\nb: 2'), 'b'));
    expect(after.text).toBe('a: 1\n');
    expect(parseSpec(after.text).ok).toBe(true);
  });
});

describe('setField with comments', () => {
  it('keeps comments above and beside the field when it edits the value', () => {
    const text = readSpec(TRAIN).replace('  num_epochs: 80\n', '  # how long\n  num_epochs: 80 # epochs\n');
    const after = edited(setField(parsed(text), 'training_config.num_epochs', 5));
    expect(after.text).toBe(text.replace('num_epochs: 80 # epochs', 'num_epochs: 5 # epochs'));
  });
});
