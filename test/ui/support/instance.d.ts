// Types for instance.js (plain CommonJS: it spawns processes, which TypeScript files under the
// node lint rules may not do).
import type { MockProvider } from '../../mock-provider/server';

export interface UiCredential {
	id: string;
	name: string;
	type: string;
	key: string;
}

export interface UiInstance {
	baseUrl: string;
	mock: MockProvider;
	owner: { email: string; firstName: string; lastName: string; password: string };
	credentials: { aiml: UiCredential; openRouter: UiCredential; deepSeek: UiCredential };
	badCredentials: { aiml: UiCredential; openRouter: UiCredential; deepSeek: UiCredential };
	runDir: string;
	logFile: string;
	stop(): Promise<void>;
}

export function startUiInstance(): Promise<UiInstance>;
export const OWNER: UiInstance['owner'];
