import type { INodeProperties } from 'n8n-workflow';

import { fallbackProperties } from '../../shared/description/fallback';
import { modelProperties } from '../../shared/description/model';
import { providerProperty } from '../../shared/description/provider';
import { optionsProperty } from './optionsCollection';
import { promptProperty } from './prompt';
import { toolOutputProperty } from './toolOutput';

export const properties: INodeProperties[] = [
	providerProperty,
	...modelProperties,
	promptProperty,
	toolOutputProperty,
	...fallbackProperties,
	optionsProperty,
];
