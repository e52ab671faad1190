/** Where a deploy puts things on the device: a staging folder per run, and the installed engine beside it. */
export function devicePaths(workdir: string, runId: number, engineName: string) {
  const root = workdir.replace(/\/+$/, '');
  const staging = `${root}/.staging/run-${runId}`;
  return {
    staging,
    stagedModel: (fileName: string) => `${staging}/${fileName}`,
    stagedEngine: `${staging}/model.engine`,
    engine: `${root}/${engineName}`,
  };
}
