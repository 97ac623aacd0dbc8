#!/usr/bin/env node
// Runs the CLI from its TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

process.env.NODELOOM_CLI = '1';
register();
await import('../electron/cli/main.ts');
