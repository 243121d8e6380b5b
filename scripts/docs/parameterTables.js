// Builds the README's parameter tables from the node description itself, so the documentation
// cannot drift from what the editor shows. Used by the gulp tasks (write / check) and by a test.

/** Plain text of a description for a table cell. */
function cell(text) {
	return String(text ?? '')
		.replace(/\|/g, '\\|')
		.replace(/\s+/g, ' ')
		.trim();
}

function defaultOf(property) {
	const value = property.default;
	if (value && typeof value === 'object' && 'value' in value) return `\`${value.value}\``;
	if (value === '' || value === undefined) return '';
	if (typeof value === 'object') return `\`${JSON.stringify(value)}\``;
	// A multi-line default (a JSON example) on one line, so the table stays a table.
	return `\`${String(value).replace(/\s+/g, ' ')}\``;
}

function shownFor(property) {
	const show = property.displayOptions?.show ?? {};
	const providers = show.provider ?? show['/provider'];
	if (show['@tool']) return ' (AI Agent tool only)';
	if (providers) return ` (${providers.join(', ')} only)`;
	if (show.fallbackProvider) return ` (fallback ${show.fallbackProvider.join(', ')})`;
	if (show.outputFormat) return ` (${show.outputFormat.join(', ')} only)`;
	return '';
}

function typeOf(property) {
	if (property.type === 'options') return property.options.map((o) => `\`${o.value}\``).join(' / ');
	if (property.type === 'resourceLocator') return 'model id (from list or by id)';
	return property.type;
}

function row(property) {
	return `| \`${property.name}\`${shownFor(property)} | ${cell(property.displayName)} | ${typeOf(property)} | ${defaultOf(property)} | ${cell(property.description)} |`;
}

const HEADER = '| name | in the editor | type | default | what it does |\n| --- | --- | --- | --- | --- |';

/** Markdown tables: top-level parameters, then the Options collection. */
function parameterTables(description) {
	const top = [];
	const seen = new Set();
	for (const property of description.properties) {
		// Hidden parameters are internal (e.g. which credentials are in use), never set by users.
		if (property.type === 'collection' || property.type === 'hidden') continue;
		// `model` exists once per provider (each with its own default): one row each.
		const key = `${property.name}:${JSON.stringify(property.default)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		top.push(row(property));
	}
	const options = description.properties.find((property) => property.name === 'options');
	// A collection inside Options (e.g. Provider Routing) gets one row per field under its own.
	const optionRows = [...(options?.options ?? [])]
		.sort((a, b) => a.name.localeCompare(b.name))
		.flatMap((property) => [
			row({ ...property, name: `options.${property.name}` }),
			...(property.type === 'collection'
				? [...property.options]
						.sort((a, b) => a.name.localeCompare(b.name))
						.map((field) =>
							row({
								...field,
								name: `options.${property.name}.${field.name}`,
								displayOptions: property.displayOptions,
							}),
						)
				: []),
		]);
	return `${HEADER}\n${top.join('\n')}\n\n**Options** (Add Option):\n\n${HEADER}\n${optionRows.join('\n')}\n`;
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
function replaceSection(markdown, name, content) {
	const start = `<!-- ${name}:start -->`;
	const end = `<!-- ${name}:end -->`;
	const from = markdown.indexOf(start);
	const to = markdown.indexOf(end);
	if (from === -1 || to === -1) throw new Error(`README has no ${start} … ${end} section`);
	return `${markdown.slice(0, from + start.length)}\n${content}${markdown.slice(to)}`;
}

module.exports = { parameterTables, replaceSection };
