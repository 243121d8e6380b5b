// Types for browser.js (plain CommonJS beside instance.js).
import type { BrowserContext, Locator, Page } from 'playwright-core';

export interface ShotOptions {
	/** Screenshot of this element instead of the page. */
	target?: Locator;
	/** Part of the page to keep (page coordinates). */
	clip?: { x: number; y: number; width: number; height: number };
	/** Also copy to docs/ when UPDATE_SCREENSHOTS=1: as <name>.png (true) or as <docs>.png. */
	docs?: boolean | string;
}

export interface TestBrowser {
	context: BrowserContext;
	page: Page;
	shotsDir: string;
	shot(name: string, options?: ShotOptions): Promise<string>;
	close(): Promise<void>;
}

export function launchBrowser(options: {
	runDir: string;
	viewport?: { width: number; height: number };
	colorScheme?: 'light' | 'dark';
}): Promise<TestBrowser>;

export const CHROMIUM: string;
