/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

const root = join(__dirname, '..', 'fixtures');

/** A recorded-shape provider body from test/fixtures/<provider>/<name>.json. */
export function fixture(provider: string, name: string): IDataObject {
	return JSON.parse(readFileSync(join(root, provider, `${name}.json`), 'utf8')) as IDataObject;
}

export function fixtureText(provider: string, name: string): string {
	return readFileSync(join(root, provider, name), 'utf8');
}
