// The README's ways of installing the package, each done in a throwaway home folder outside the
// project and followed by a plain `n8n start` (scripts/check-install.js): the manual tarball
// install into ~/.n8n/nodes exactly as the README's commands say, what n8n's editor installer runs,
// and the Docker Compose example's mount. Each must load both nodes and nothing of n8n's own
// packages may land in ~/.n8n/nodes (the package's peers come from n8n).
import { checkInstallRoute, NODE_TYPES, packForCheck } from '../../scripts/check-install';
import type { InstallRoute } from '../../scripts/check-install';

/** ~/.n8n/nodes with the package alone is well under 2 MB; with n8n's peers it is hundreds of MB. */
const MAX_INSTALLED_KB = 5 * 1024;

let tgz: string;

beforeAll(() => {
	tgz = packForCheck();
}, 300000);

describe.each<InstallRoute>(['manual', 'editor', 'docker'])('install route: %s', (route) => {
	test('a plain n8n start loads both nodes, and no peer package was installed', async () => {
		const result = await checkInstallRoute(route, tgz);
		// n8n adds the node's AI-tool variant (…Tool) beside the two nodes of package.json.
		expect(result.nodeTypes).toEqual(expect.arrayContaining(NODE_TYPES));
		expect(result.installedKb).toBeLessThan(MAX_INSTALLED_KB);
	}, 300000);
});
