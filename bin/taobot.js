#!/usr/bin/env node
// Runs taobot from its TypeScript sources through tsx, so `npm start` and the `taobot` bin need no
// build step on a fresh clone.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
