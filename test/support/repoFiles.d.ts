// Types for repoFiles.js.
export const ROOT: string;
export function readRepoFile(relative: string): string;
export function runPrerequisiteCheck(options?: { withoutBuildTools?: boolean }): { status: number | null; stderr: string };
