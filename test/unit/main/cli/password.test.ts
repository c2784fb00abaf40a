// Unit tests for amtctl's credential sources (main/cli/password.ts) and pin file location (pins-path.ts).
import { describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../../../main/cli/password';
import { defaultPinsPath } from '../../../../main/cli/pins-path';

const noPrompt = async (): Promise<string> => {
  throw new Error('must not prompt');
};

describe('resolveCredentials', () => {
  it('takes the password from AMT_PASSWORD and the user from --user before AMT_USER', async () => {
    const creds = await resolveCredentials({
      userOption: 'ops',
      env: { AMT_PASSWORD: 'S3cret!x', AMT_USER: 'other' },
      stdinIsTty: false,
      prompt: noPrompt,
    });
    expect(creds).toEqual({ user: 'ops', password: 'S3cret!x' });
  });

  it('defaults the user to AMT_USER, then admin', async () => {
    expect(
      (
        await resolveCredentials({
          userOption: undefined,
          env: { AMT_PASSWORD: 'p', AMT_USER: 'ops' },
          stdinIsTty: false,
          prompt: noPrompt,
        })
      ).user,
    ).toBe('ops');
    expect(
      (
        await resolveCredentials({
          userOption: undefined,
          env: { AMT_PASSWORD: 'p' },
          stdinIsTty: false,
          prompt: noPrompt,
        })
      ).user,
    ).toBe('admin');
  });

  it('prompts when stdin is a terminal and the variable is unset', async () => {
    const asked: string[] = [];
    const creds = await resolveCredentials({
      userOption: undefined,
      env: {},
      stdinIsTty: true,
      prompt: async (q) => {
        asked.push(q);
        return 'typed-Pass1!';
      },
    });
    expect(asked).toEqual(['AMT password for admin: ']);
    expect(creds.password).toBe('typed-Pass1!');
  });

  it('refuses with a usage error when there is neither a variable nor a terminal', async () => {
    await expect(
      resolveCredentials({ userOption: undefined, env: {}, stdinIsTty: false, prompt: noPrompt }),
    ).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringContaining('AMT_PASSWORD'),
    });
  });
});

describe('defaultPinsPath', () => {
  it('uses XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(defaultPinsPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/amt-console/pins.json');
    expect(defaultPinsPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/amt-console/pins.json');
    expect(defaultPinsPath({}, '/home/u')).toBe('/home/u/.config/amt-console/pins.json');
  });
});
