// Copies the screenshots the real-editor suite (npm run test:vscode) just took into docs/images/, which
// the README shows. Run after a passing suite, so the pictures are always of the current product.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shots = ['quick-fix-menu', 'problems-panel', 'workspace-problems', 'fix-all', 'target-picker', 'restricted-mode', 'go-environment'];
mkdirSync(`${root}docs/images`, { recursive: true });
let copied = 0;
for (const name of shots) {
  const from = `${root}test-results/vscode/${name}.png`;
  if (!existsSync(from)) continue;
  copyFileSync(from, `${root}docs/images/${name}.png`);
  copied++;
}
console.log(`screenshots: ${copied} of ${shots.length} refreshed in docs/images/`);
