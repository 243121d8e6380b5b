// Types for check-package.js (used by test/unit/publishing.test.ts).
export function packageProblems(files: string[], manifest: { n8n?: { nodes?: string[]; credentials?: string[] } }): string[];
export function packedFiles(): { files: string[]; size: number; unpackedSize: number; name: string };
