import type { INodeProperties } from 'n8n-workflow';

import { PROVIDER_LIST } from '../providers';

/** The Provider option, one entry per registered provider. */
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDER_LIST.map((provider) => ({
		name: provider.name,
		value: provider.id,
		description: provider.description,
	})),
	default: 'aimlApi',
	description:
		'Which service runs the model. Each needs its own credential; in the editor, picking a credential of one of them sets it.',
};
