import type { IDataObject } from 'n8n-workflow';

/** The entries of an OpenAI-style model list (`{data: [{id, …}]}`) that have an id. */
export function listedModels(body: unknown): IDataObject[] {
	const data = (body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return [];
	return (data as IDataObject[]).filter(
		(entry) => !!entry && typeof entry.id === 'string' && entry.id !== '',
	);
}
