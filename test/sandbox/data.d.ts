import type { SandboxData, SandboxDataOptions, Subuser } from './server';

export function makeData(options?: SandboxDataOptions): SandboxData;
export function atOrAbove(subusers: Subuser[], percent: number): string[];
export function hourStart(ms: number): number;
export const USERS: string[];
export const HOUR: number;
