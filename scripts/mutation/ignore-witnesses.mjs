// A Stryker ignorer: a rule's `witnesses` are the claims the truth harness (npm run test:truth) runs against
// real Go toolchains, not something the engine computes; the unit tests cannot see a change to them, so
// their mutants are reported as ignored, with this reason, instead of as survivors.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const REASON = "a rule's witnesses are checked by the truth harness against real Go toolchains, not by unit tests";

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'witnesses', {
    shouldIgnore(path) {
      const { node } = path;
      return node.type === 'ObjectProperty' && node.key.type === 'Identifier' && node.key.name === 'witnesses' ? REASON : undefined;
    },
  }),
];
