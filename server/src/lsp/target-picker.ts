import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, describeTarget, planPlatformUses, portList, RULES } from '../engine';
import type { DocumentAnalyses } from './analyses';
import { machineGoEnv } from './inlay-hints';
import { parseTarget, TARGET_INFO_REQUEST, WORKSPACE_PLATFORMS_REQUEST, type TargetInfo, type WorkspacePlatforms } from '../contract';
import type { SettingsStore } from './settings-store';
import type { ClientSession } from './session';
import type { Workspace } from './workspace';
import {
  emulatedArches,
  groupUses,
  scanWorkspace,
  usesOf,
} from './workspace-platforms';

/** The target picker's requests (client/src/target): the platforms in use and the ports, and the status bar's tooltip. */
export function registerTargetPicker(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  session: ClientSession,
  workspace: Workspace,
  settings: SettingsStore,
  parserReady: Promise<void>,
): void {
  connection.onRequest(WORKSPACE_PLATFORMS_REQUEST, async (): Promise<WorkspacePlatforms> => {
    await parserReady;
    const { known, goVersion } = workspace.defaults();
    const uses = [];
    for (const doc of documents.all()) {
      const cached = await analyses.current(doc);
      uses.push(...(cached.remote ? cached.remote.uses : usesOf(doc.uri, cached.analysis)));
    }
    const rootSettings = await settings.root();
    // The build plan's platforms first: what the workflows, bake targets, GoReleaser dockers and recipes build.
    const planned = planPlatformUses(workspace.wholePlan(rootSettings)).map((u) => ({ ...u, uri: u.file }));
    const open = new Set(documents.all().map((d) => d.uri));
    const rulesOff = Object.fromEntries(RULES.map((r) => [r.code, 'off' as const]));
    for (const file of scanWorkspace(session.folderPaths, rootSettings.exclude, open)) {
      uses.push(...usesOf(file.uri, analyze({ path: file.uri, kind: file.kind, text: file.text }, { facts: known, rules: rulesOff })));
    }
    const ports = portList(known, goVersion.version);
    const isPort = new Set(ports.map((p) => p.platform));
    return {
      host: `${known.host.goos}/${known.host.goarch}`,
      unpicked: describeTarget(undefined, known, goVersion, [], machineGoEnv(workspace)).label,
      goVersion: goVersion.version,
      goVersionBecause: goVersion.because,
      // `GOOS=macos` is a mistake the rules report, not a platform to pick.
      // A line the plan read is named by the build it belongs to, not again by the text scan.
      used: groupUses([...planned, ...uses.filter((u) => !planned.some((p) => p.uri === u.uri && p.line === u.line && p.platform === u.platform))]).filter((u) => isPort.has(u.platform.split('/').slice(0, 2).join('/'))),
      ports,
    };
  });

  connection.onRequest(TARGET_INFO_REQUEST, (params: { target?: string } | undefined): TargetInfo => {
    const { known, goVersion } = workspace.defaults();
    const notice = workspace.goNotice(goVersion.version);
    return { ...describeTarget(parseTarget(params?.target ?? ''), known, goVersion, emulatedArches(), machineGoEnv(workspace)), ...(notice ? { goNotice: notice } : {}) };
  });
}
