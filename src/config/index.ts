export { embeddedDefaults, SAMPLE_SPECS_DIR, SIMULATOR } from './defaults.js';
export { type Config, type Env, loadConfig, parseConfigText } from './load.js';
export { type DeviceConfig, type ModelConfig, parseDuration, type ServerConfig } from './schema.js';
