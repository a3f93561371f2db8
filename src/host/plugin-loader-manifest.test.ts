import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PluginCallError } from './plugin-call-error.js';
import { PluginLoader } from './plugin-loader.js';

// The library path: PluginLoader takes the Extism manifest options too.
const FORECAST = join(fileURLToPath(new URL('../../', import.meta.url)), 'fixtures/suites/forecast/forecast_as_pdk');

class Forecast extends PluginLoader {
  static override readonly pluginType = 'kegs.testing.forecast';
}

describe('PluginLoader with manifest options', () => {
  it('answers the plugin’s HTTP requests from mocks and refuses hosts not allowed', async () => {
    const hostFunctions = [{ name: 'get_api_key', returns: 'str' as const, value: 'k' }];
    const mock = { method: 'GET', url: 'https://api.weather.example/v1/*', status: 200, headers: {}, body: { text: '7' } };
    const plugin = await Forecast.load(`${FORECAST}:forecast`, { hostFunctions, manifest: { allowedHosts: ['api.weather.example'], httpMocks: [mock] } });
    try {
      expect(JSON.parse(new TextDecoder().decode(await plugin.call('forecast', 'rome')))).toEqual({ city: 'rome', temp: 7, units: 'metric' });
    } finally {
      await plugin.close();
    }
    const refused = await Forecast.load(`${FORECAST}:forecast`, { hostFunctions, manifest: { allowedHosts: ['elsewhere.example'], httpMocks: [mock] } });
    try {
      const failure = await refused.call('forecast', 'rome').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PluginCallError);
      expect((failure as PluginCallError).kind).toBe('trap');
      expect((failure as PluginCallError).message).toContain('Call error: HTTP request to "https://api.weather.example/v1/rome?key=k" is not allowed (no allowedHosts match "api.weather.example")');
    } finally {
      await refused.close();
    }
  });
});
