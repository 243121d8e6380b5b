'use strict';
// Redis and a throwaway Postgres cluster for the queue-mode benchmark (bench/queue.js), from
// Debian's packages (scripts/ensure-queue-services.sh installs them when missing). Both listen on
// 127.0.0.1 on free ports, keep their data in the run folder and stop with the benchmark. Neither
// is the system service: Redis is a child process, Postgres a cluster made with initdb and run
// with pg_ctl. Postgres refuses to run as root, so as root its programs run as the `postgres`
// user (runuser); as anyone else they run as that user.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const rt = require('../scripts/lib/n8n-runtime');

const STATE_FILE = 'services.json';
const PG_USER = 'n8n';
const PG_DATABASE = 'n8n';

/** Runs scripts/ensure-queue-services.sh; returns the directory of initdb and pg_ctl. */
function ensureQueueServices() {
	const result = spawnSync('bash', [path.join(rt.ROOT, 'scripts', 'ensure-queue-services.sh')], {
		cwd: rt.ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const bin = (result.stdout || '').trim().split('\n').pop();
	if (result.status !== 0 || !bin || !fs.existsSync(path.join(bin, 'pg_ctl')))
		throw new Error(
			`scripts/ensure-queue-services.sh failed (exit ${result.status}): the queue-mode benchmark needs Debian's redis-server and postgresql`,
		);
	return bin;
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** A Postgres program, as the `postgres` user when this process is root. */
function pgCommand(bin, program, args) {
	const file = path.join(bin, program);
	return asRoot()
		? { command: 'runuser', args: ['-u', 'postgres', '--', file, ...args] }
		: { command: file, args };
}

function runPg(bin, program, args, { cwd, allowFailure = false } = {}) {
	const { command, args: argv } = pgCommand(bin, program, args);
	const result = spawnSync(command, argv, { cwd, encoding: 'utf8', timeout: 120000 });
	if (result.status !== 0 && !allowFailure)
		throw new Error(
			`${program} ${args.join(' ')} failed (exit ${result.status}):\n${rt.tail(`${result.stdout || ''}${result.stderr || ''}`, 30)}`,
		);
	return result;
}

/** Waits until Redis on `port` answers PING. */
async function waitForRedis(port, child, logFile, timeoutMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(
				`redis-server exited (${child.exitCode ?? child.signalCode}):\n${rt.tail(fs.readFileSync(logFile, 'utf8'), 20)}`,
			);
		const pong = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			let reply = '';
			socket.setTimeout(1000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (chunk) => {
				reply += chunk;
				if (reply.includes('\r\n')) socket.end();
			});
			socket.on('close', () => resolve(reply.startsWith('+PONG')));
			socket.on('error', () => {});
		});
		if (pong) return;
		if (Date.now() > deadline)
			throw new Error(`redis-server did not answer PING in ${timeoutMs} ms`);
		await rt.sleep(100);
	}
}

async function startRedis(dir) {
	const port = await rt.freePort();
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	// No persistence: the queue only has to live as long as the benchmark.
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--pidfile',
			path.join(dir, 'redis.pid'),
		],
		{ cwd: dir, detached: true, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	await waitForRedis(port, child, logFile);
	return { child, port, logFile };
}

/**
 * initdb + pg_ctl start of a cluster in `<dir>/postgres` (owned by the user Postgres runs as),
 * TCP on 127.0.0.1 only, trust authentication, durability off (a throwaway database: n8n's writes
 * should cost CPU, not waits for the disk). Creates the database n8n uses.
 */
async function startPostgres(bin, dir) {
	const home = path.join(dir, 'postgres');
	const data = path.join(home, 'data');
	fs.mkdirSync(home, { recursive: true });
	if (asRoot()) {
		const owner = spawnSync('chown', ['postgres:postgres', home], { encoding: 'utf8' });
		if (owner.status !== 0)
			throw new Error(`chown postgres ${home} failed (is there a postgres user?): ${owner.stderr}`);
		const reach = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', home]);
		if (reach.status !== 0)
			throw new Error(
				`the postgres user cannot write ${home} (a parent folder is not open to other users); run the benchmark as a user that owns the project, or open the folders (chmod o+x)`,
			);
	}
	runPg(
		bin,
		'initdb',
		['-D', data, '-U', PG_USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
		{ cwd: home },
	);
	const port = await rt.freePort();
	const options = [
		`-p ${port}`,
		"-c listen_addresses='127.0.0.1'",
		"-c unix_socket_directories=''",
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=100',
	].join(' ');
	const logFile = path.join(home, 'postgres.log');
	runPg(bin, 'pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', logFile, '-o', options], {
		cwd: home,
	});
	const createdb = spawnSync(
		path.join(bin, 'createdb'),
		['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, PG_DATABASE],
		{ encoding: 'utf8' },
	);
	if (createdb.status !== 0) {
		stopPostgres(bin, data);
		throw new Error(`createdb ${PG_DATABASE} failed: ${createdb.stderr}`);
	}
	return { port, data, home, logFile };
}

function stopPostgres(bin, data, mode = 'fast') {
	if (!fs.existsSync(path.join(data, 'postmaster.pid'))) return;
	runPg(bin, 'pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '30'], {
		cwd: path.dirname(data),
		allowFailure: true,
	});
}

/**
 * Starts Redis and Postgres with their data in `dir`. Returns { redis, postgres, env, track, stop }:
 * `env` is what n8n needs to use them; `track(pid)` notes a process group that uses them (an n8n
 * main or worker) for stopLeftoverServices; `stop()` stops both services (safe to call twice).
 */
async function startQueueServices(dir, { log = () => {} } = {}) {
	const bin = ensureQueueServices();
	fs.mkdirSync(dir, { recursive: true });
	const state = { bin, groups: [] };
	const stateFile = path.join(dir, STATE_FILE);
	const save = () => fs.writeFileSync(stateFile, JSON.stringify(state));
	let redis;
	let postgres;
	const stop = async () => {
		if (postgres) stopPostgres(bin, postgres.data);
		if (redis) await rt.stopProcessGroup(redis.child, 5000);
	};
	try {
		redis = await startRedis(dir);
		state.redisPid = redis.child.pid;
		save();
		log(`redis-server on 127.0.0.1:${redis.port} (pid ${redis.child.pid})`);
		state.pgData = path.join(dir, 'postgres', 'data');
		save();
		postgres = await startPostgres(bin, dir);
		log(`postgres (${path.basename(path.dirname(bin))}) on 127.0.0.1:${postgres.port}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		redis,
		postgres,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_USER,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-authentication',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
		},
		track(pid) {
			state.groups.push(pid);
			save();
		},
		stop,
	};
}

function commandLineOf(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return '';
	}
}

/**
 * Stops services an earlier benchmark left running in `dir` (its process was killed before it
 * could stop them), before its folder is removed.
 */
function stopLeftoverServices(dir) {
	const stateFile = path.join(dir, STATE_FILE);
	if (!fs.existsSync(stateFile)) return;
	let state;
	try {
		state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
	} catch {
		return;
	}
	const kill = (pid) => {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	};
	// The n8n processes first (their group: n8n and its task runner), then what they use.
	for (const pid of state.groups || []) {
		if (commandLineOf(pid).includes('n8n')) kill(-pid);
	}
	if (state.pgData && state.bin) stopPostgres(state.bin, state.pgData, 'immediate');
	if (state.redisPid && commandLineOf(state.redisPid).includes('redis-server'))
		kill(state.redisPid);
}

module.exports = { startQueueServices, stopLeftoverServices };
