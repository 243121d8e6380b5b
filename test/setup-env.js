// Runs before every test file. n8n-core's engine reads its settings from the environment:
// keep it out of $HOME/.n8n, give it a fixed key, and silence the error reporter, which would
// otherwise print a stack for every node error a test provokes on purpose.
const { tmpdir } = require('node:os');
const { join } = require('node:path');

process.env.N8N_USER_FOLDER ??= join(tmpdir(), 'reasoning-chat-jest-user-folder');
process.env.N8N_ENCRYPTION_KEY ??= 'jest-only-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
