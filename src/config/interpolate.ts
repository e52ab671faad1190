/**
 * `${ENV_VAR}` in any string of the configuration file, per the design's configuration contract.
 * `$${X}` stays a literal `${X}`. A variable that is not set is reported by key, not silently emptied, so a
 * missing secret names itself in the one configuration error.
 */
export interface InterpolationProblem {
  path: string;
  variable: string;
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolateEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  problems: InterpolationProblem[],
  path = '',
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, escaped: string, variable: string) => {
      if (escaped) return whole.slice(1);
      const resolved = env[variable];
      if (resolved === undefined) {
        problems.push({ path, variable });
        return '';
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolateEnv(item, env, problems, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = interpolateEnv(item, env, problems, path ? `${path}.${key}` : key);
    }
    return out;
  }
  return value;
}
