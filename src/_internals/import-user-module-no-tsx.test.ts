import { describe, expect, it, vi } from 'vitest';
import { importUserModule } from './import-user-module.js';

// As in a project that installed kegcheck without its optional peer tsx.
vi.mock('tsx/esm/api', () => {
  throw Object.assign(new Error("Cannot find package 'tsx'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('importUserModule without tsx', () => {
  it('names the TypeScript module and says to install tsx', async () => {
    const error = await importUserModule('/nowhere/oracle.ts').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'tsx-missing', location: { file: '/nowhere/oracle.ts' } });
    expect((error as Error).message).toContain('npm i -D tsx');
  });
});
