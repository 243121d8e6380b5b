// Types for check-install.js (plain CommonJS, used by test/e2e/install-routes.test.ts).
export type InstallRoute = 'manual' | 'editor' | 'docker';

export interface InstallCheck {
	route: InstallRoute;
	/** The package's node types the started n8n lists in /types/nodes.json, sorted. */
	nodeTypes: string[];
	/** Size of ~/.n8n/nodes after the install, in KB. */
	installedKb: number;
	ms: number;
}

export const ROUTES: InstallRoute[];
export const NODE_TYPES: string[];
export function checkInstallRoute(route: InstallRoute, tgz: string): Promise<InstallCheck>;
export function packForCheck(): string;
export function readmeBlock(marker: string): string;
export function composeBindMounts(): Array<{ source: string; target: string }>;
