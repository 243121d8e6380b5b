import type { INodeProperties } from 'n8n-workflow';

import { modelProperties } from './model';
import { optionsProperty } from './options';
import { promptProperty } from './prompt';
import { providerProperty } from './provider';

export const properties: INodeProperties[] = [
	providerProperty,
	...modelProperties,
	promptProperty,
	optionsProperty,
];
