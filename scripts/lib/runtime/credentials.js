'use strict';
// The credentials that the examples refer to (by id and name) and the tests use, all pointing at
// the local mock provider (test/mock-provider).

/** Credentials the examples refer to (by id and name) and the tests use. */
const CREDENTIALS = {
	aiml: { id: 'rcAimlApiLocal01', name: 'AIML API (local mock)', type: 'reasoningAimlApi', key: 'test-key-aiml' },
	openRouter: {
		id: 'rcOpenRouterLoc1',
		name: 'OpenRouter (local mock)',
		type: 'reasoningOpenRouterApi',
		key: 'test-key-openrouter',
	},
	deepSeek: { id: 'rcDeepSeekLocal1', name: 'DeepSeek (local mock)', type: 'reasoningDeepSeekApi', key: 'test-key-deepseek' },
};

/** Same credential types with a key the mock rejects (401), for the tests. */
const BAD_CREDENTIALS = {
	aiml: { id: 'rcAimlApiBadKey1', name: 'AIML API (bad key)', type: 'reasoningAimlApi', key: 'bad-key-aiml-0000' },
	openRouter: {
		id: 'rcOpenRouterBad1',
		name: 'OpenRouter (bad key)',
		type: 'reasoningOpenRouterApi',
		key: 'bad-key-openrouter-0000',
	},
	deepSeek: { id: 'rcDeepSeekBadKy1', name: 'DeepSeek (bad key)', type: 'reasoningDeepSeekApi', key: 'bad-key-deepseek-0000' },
};

/** n8n credential import entries pointing at a mock provider (urls from startMockProcess / cli.js). */
function credentialEntries(mockUrls, set = CREDENTIALS) {
	return [
		{ id: set.aiml.id, name: set.aiml.name, type: set.aiml.type, data: { apiKey: set.aiml.key, url: mockUrls.aimlUrl } },
		{
			id: set.openRouter.id,
			name: set.openRouter.name,
			type: set.openRouter.type,
			data: { apiKey: set.openRouter.key, url: mockUrls.openRouterUrl },
		},
		{ id: set.deepSeek.id, name: set.deepSeek.name, type: set.deepSeek.type, data: { apiKey: set.deepSeek.key, url: mockUrls.deepSeekUrl } },
	];
}

module.exports = { CREDENTIALS, BAD_CREDENTIALS, credentialEntries };
