/** The first line of every simulated run, so its output cannot be mistaken for a real TAO or TensorRT run. */
export function simulatorBanner(what: string): string {
  return `taobot TAO simulator: simulating \`${what}\`; no GPU was used and no model was really trained.`;
}
