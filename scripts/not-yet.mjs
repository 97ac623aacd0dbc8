// Placeholder for npm scripts whose capability belongs to a later issue.
const [script, issue] = process.argv.slice(2);
console.log(`npm run ${script}: not yet (arrives with issue ${issue})`);
