import { describe, expect, it } from 'vitest';
import { checkSshOptions, hostLabel, sshArgs } from '../../../src/pipeline/executors/ssh-options.js';
import { ExecutorError } from '../../../src/shared/errors.js';

describe('sshArgs', () => {
  const args = sshArgs(
    {
      host: 'ml@gpu1.lab',
      port: 2200,
      identityFile: '/keys/id',
      sshOptions: ['ProxyJump=bastion', 'ServerAliveInterval=30'],
      controlDir: '/tmp/cm',
    },
    "echo 'hi'",
    false,
  );

  it('forces BatchMode first, so no password prompt can hang taobot', () => {
    expect(args.slice(0, 2)).toEqual(['-o', 'BatchMode=yes']);
  });

  it("puts the user's options before taobot's defaults, so theirs win in ssh's first-value rule", () => {
    const position = (value: string) => args.indexOf(value);
    expect(position('ServerAliveInterval=30')).toBeLessThan(position('ServerAliveInterval=5'));
    expect(position('ProxyJump=bastion')).toBeLessThan(position('ControlMaster=auto'));
  });

  it('shares one connection per host through a ControlMaster socket in the control folder', () => {
    expect(args).toContain('ControlPath=/tmp/cm/cm-%C');
    expect(args).toContain('ControlPersist=60');
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 4)).toEqual([
      '-i',
      '/keys/id',
      '-o',
      'IdentitiesOnly=yes',
    ]);
  });

  it('ends the options before the host and sends the command line as one argument', () => {
    expect(args.slice(-4)).toEqual(['-n', '--', 'ml@gpu1.lab', "echo 'hi'"]);
    expect(args.slice(args.indexOf('-p'), args.indexOf('-p') + 2)).toEqual(['-p', '2200']);
  });

  it('keeps stdin open when the command reads input', () => {
    expect(sshArgs({ host: 'gpu1' }, 'cat', true)).not.toContain('-n');
  });
});

describe('checkSshOptions', () => {
  it.each([
    ['-oProxyCommand=touch /tmp/x', 'is not an ssh destination'],
    ['two words', 'is not an ssh destination'],
    ['', 'is not an ssh destination'],
  ])('refuses the host %j when it could be read as an option', (host, message) => {
    expect(() => checkSshOptions({ host })).toThrow(message);
  });

  it('refuses a port out of range, an option without a value and a control folder too long for a socket', () => {
    expect(() => checkSshOptions({ host: 'gpu1', port: 70_000 })).toThrow(ExecutorError);
    expect(() => checkSshOptions({ host: 'gpu1', sshOptions: ['-v'] })).toThrow('Key=Value');
    expect(() => checkSshOptions({ host: 'gpu1', controlDir: `/tmp/${'x'.repeat(80)}` })).toThrow(/too long/);
  });

  it('names the host with its port when one is set', () => {
    expect(hostLabel({ host: 'ml@gpu1', port: 2222 })).toBe('ml@gpu1:2222');
    expect(hostLabel({ host: 'gpu1' })).toBe('gpu1');
  });
});
