'use strict';
// Checks a workflow against the node types a real n8n exported (`n8n export:nodes`): every node's type and
// version is known, and every parameter, and every option inside a collection, is one that node has.

function versionsOf(type) {
	return Array.isArray(type.version) ? type.version : [type.version];
}

function validateWorkflow(workflow, nodeTypes) {
	const problems = [];
	for (const node of workflow.nodes) {
		const candidates = nodeTypes.filter((type) => type.name === node.type);
		const type = candidates.find((t) => versionsOf(t).includes(node.typeVersion));
		if (!type) {
			problems.push(candidates.length ? `${node.name}: ${node.type} has no version ${node.typeVersion}` : `${node.name}: unknown node type ${node.type}`);
			continue;
		}
		for (const [name, value] of Object.entries(node.parameters ?? {})) {
			const properties = type.properties.filter((p) => p.name === name);
			if (properties.length === 0) {
				problems.push(`${node.name}: unknown parameter "${name}"`);
				continue;
			}
			const collections = properties.filter((p) => p.type === 'collection' || p.type === 'fixedCollection');
			if (collections.length && value && typeof value === 'object' && !Array.isArray(value)) {
				const known = new Set(collections.flatMap((p) => (p.options ?? []).map((o) => o.name)));
				for (const key of Object.keys(value)) {
					if (!known.has(key)) problems.push(`${node.name}: unknown option "${key}" in "${name}"`);
				}
			}
		}
	}
	return problems;
}

module.exports = { validateWorkflow };
