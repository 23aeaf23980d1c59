/** The installer configuration validates against electron-builder's own schema and code, offline. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PACKAGED_ELECTRON_SQLITE, PACKAGED_SAMPLE } from './paths'

const require = createRequire(import.meta.url)
const root = join(__dirname, '../../..')
const yaml = require('js-yaml') as { load: (s: string) => unknown; dump: (o: unknown) => string }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>
}
const logger = { isEnabled: false, add: () => undefined }
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  main: string
  dependencies: Record<string, string>
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined()
  })

  it('is rejected when it has an unknown option (the validator really validates)', async () => {
    await expect(validateConfiguration({ ...config, bogusOption: 1 }, logger)).rejects.toThrow(/bogusOption/u)
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNode: 'nope' } }, logger)
    ).rejects.toThrow(/runAsNode/u)
  })

  it('builds every platform, unpacks native modules and sets the fuses', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/u)
    expect(config.productName).toBe('District News Reader')
    expect(config.asarUnpack).toContain('**/*.node')
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb'])
    expect((config.win as { target: string[] }).target).toEqual(['nsis'])
    expect((config.mac as { target: string[] }).target).toEqual(['dmg'])
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('ships the sample and the Electron database build where the shell looks for them', () => {
    const extra = config.extraResources as { from: string; to: string; filter?: string[] }[]
    const sample = extra.find((e) => e.from === 'resources/sample-xuzhou-roundup.txt')
    expect(sample?.to).toBe(PACKAGED_SAMPLE)
    const sqlite = extra.find((e) => e.from === 'build/electron-sqlite')
    expect(`${sqlite?.to}/better_sqlite3.node`).toBe(PACKAGED_ELECTRON_SQLITE)
    // node_modules keeps its Node build: electron-builder must not rebuild it for Electron in place.
    expect(config.npmRebuild).toBe(false)
    expect(config.files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**')
    expect(config.files).toContain('out/**/*')
    expect(pkg.main).toBe('./out/main/index.js')
  })

  it('builds the app and the Electron database module before packaging', () => {
    expect(pkg.scripts.dist).toMatch(
      /^electron-vite build && .*build-electron-sqlite\.ts --strict && electron-builder/u
    )
    expect(pkg.scripts['rebuild:electron']).toContain('scripts/build-electron-sqlite.ts')
  })

  it('has icons for every platform: a 512×512 PNG, an .ico and an .icns', () => {
    const png = readFileSync(join(root, 'resources/icon.png'))
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
    expect((config.linux as { icon: string }).icon).toBe('resources/icon.png')

    const ico = readFileSync(join(root, (config.win as { icon: string }).icon))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const entries = ico.readUInt16LE(4)
    const sizes = Array.from({ length: entries }, (_, n) => ico[6 + 16 * n] || 256)
    expect(sizes).toContain(256)
    for (let n = 0; n < entries; n++) {
      const offset = ico.readUInt32LE(6 + 16 * n + 12)
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG')
    }

    const icns = readFileSync(join(root, (config.mac as { icon: string }).icon))
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const types: string[] = []
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.toString('ascii', at, at + 4))
    expect(types).toEqual(expect.arrayContaining(['ic09', 'ic10']))
  })
})

/** The asarUnpack filter exactly as electron-builder's AsarPackager gets it (platformPackager.copyAppFiles). */
const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
  getFileMatchers: (
    config: unknown,
    name: string,
    destination: string,
    options: Record<string, unknown>
  ) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean }[] | null
}

describe('what stays inside app.asar', () => {
  const isUnpacked = getFileMatchers(config, 'asarUnpack', join(root, 'dist', 'unused'), {
    macroExpander: (s: string) => s,
    customBuildOptions: {},
    globalOutDir: join(root, 'dist'),
    defaultSrc: root,
  })![0]!.createFilter()
  const file = { isDirectory: () => false }

  it('keeps the worker scripts in the archive with their chunks and node_modules', () => {
    // Electron gives worker threads the same asar support as the main thread (electron#33216, its
    // asar-spec "should start worker thread from asar file"), ESM included since Electron 28. An
    // unpacked worker would import ./chunks/*.js and packages from app.asar.unpacked, which has neither.
    for (const script of [
      'out/main/index.js',
      'out/main/library-worker.js',
      'out/main/import-worker.js',
      'out/main/integrity-check.js',
      'out/main/chunks/library-0.js',
      'node_modules/better-sqlite3/lib/database.js',
    ])
      expect(isUnpacked(join(root, script), file), script).toBe(false)
    expect(isUnpacked(join(root, 'node_modules/some-addon/build/Release/addon.node'), file)).toBe(true)
  })

  it('packages every package the main-process code imports: electron-vite leaves `dependencies` external', () => {
    // Tests and their helpers (test-support/) are never reached from the app's entry points.
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? e.name === 'test-support'
            ? []
            : sources(join(dir, e.name))
          : /(?<!\.test)\.ts$/u.test(e.name)
            ? [join(dir, e.name)]
            : []
      )
    const builtins = new Set(builtinModules)
    const imported = new Map<string, string>()
    for (const source of sources(join(root, 'src/main'))) {
      const text = readFileSync(source, 'utf8')
      const specifiers = [
        ...text.matchAll(/^import (?!type )[^'"]*?from '([^']+)'/gmu),
        ...text.matchAll(/^import '([^']+)'/gmu),
        ...text.matchAll(/(?<![\w.])(?:import|require|requireModule)\('([^']+)'\)/gu),
      ].map((m) => m[1]!)
      for (const spec of specifiers) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue
        const name = spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/')
        imported.set(name, relative(root, source))
      }
    }
    // The Electron runtime provides `electron`; everything else must ship in app.asar/node_modules.
    imported.delete('electron')
    expect(imported.size).toBeGreaterThan(5)
    for (const [name, source] of imported)
      expect(pkg.dependencies, `${name} (${source})`).toHaveProperty([name])
  })
})

/** electron-builder's own classes, as `electron-builder --linux deb AppImage` uses them. */
interface FpmMeta {
  name: string
  maintainer: string | undefined
  url: string
  vendor: string
}
const { Packager } = require('app-builder-lib/out/packager') as {
  Packager: new (options: { projectDir: string; config: string }) => {
    validateConfig(): Promise<void>
    metadata: Record<string, unknown>
    _appInfo: unknown
    _repositoryInfo: { value: Promise<unknown> }
    tempDirManager: { cleanup(): Promise<void> }
  }
}
const { AppInfo } = require('app-builder-lib/out/appInfo') as {
  AppInfo: new (info: unknown, v: null) => unknown
}
const { LinuxPackager } = require('app-builder-lib/out/linuxPackager') as {
  LinuxPackager: new (info: unknown) => { platformSpecificBuildOptions: Record<string, unknown> }
}
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as {
  LinuxTargetHelper: new (packager: unknown) => {
    computeDesktopEntry(options: Record<string, unknown>): Promise<string>
  }
}
const FpmTarget = (
  require('app-builder-lib/out/targets/FpmTarget') as {
    default: new (
      name: string,
      packager: unknown,
      helper: unknown,
      outDir: string
    ) => { scriptFiles: Promise<unknown>; computeFpmMetaInfoOptions(): Promise<FpmMeta> }
  }
).default

/**
 * What electron-builder computes for the Linux targets from package.json and a configuration
 * file: the real Packager reads and validates both (as `electron-builder` does before building),
 * then a real LinuxPackager, LinuxTargetHelper and deb FpmTarget run the code that fills in the
 * package's maintainer, vendor and homepage (FpmTarget.computeFpmMetaInfoOptions, which
 * FpmTarget.checkOptions calls before anything is built) and the AppImage/deb desktop entry.
 * The project has no GitHub repository or git remote to fall back on, as electron-builder
 * would find it in CI; the test pins that, so only the configuration decides.
 */
async function linuxMetadata(configFile: string): Promise<{ fpm: () => Promise<FpmMeta>; desktop: string }> {
  const packager = new Packager({ projectDir: root, config: configFile })
  await packager.validateConfig()
  packager._appInfo = new AppInfo(packager, null)
  packager._repositoryInfo.value = Promise.resolve(null)
  try {
    const linux = new LinuxPackager(packager)
    const helper = new LinuxTargetHelper(linux)
    const deb = new FpmTarget('deb', linux, helper, join(tmpdir(), 'dnr-deb-never-written'))
    await deb.scriptFiles
    const desktop = await helper.computeDesktopEntry(linux.platformSpecificBuildOptions)
    const meta = deb.computeFpmMetaInfoOptions()
    await meta.catch(() => undefined)
    return { fpm: () => meta, desktop }
  } finally {
    await packager.tempDirManager.cleanup()
  }
}

/** electron-builder.yml with some of its settings taken out, in a temporary file. */
function configWithout(remove: (c: Record<string, unknown>) => void): { file: string; dispose: () => void } {
  const copy = structuredClone(config)
  remove(copy)
  const dir = mkdtempSync(join(tmpdir(), 'dnr-builder-'))
  const file = join(dir, 'electron-builder.yml')
  writeFileSync(file, yaml.dump(copy))
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

describe('Linux package metadata, as electron-builder computes it', () => {
  it('gives deb the maintainer, vendor and homepage we set, and AppImage its desktop entry', async () => {
    const { fpm, desktop } = await linuxMetadata(join(root, 'electron-builder.yml'))
    const maintainer = (config.linux as { maintainer: string }).maintainer
    expect(maintainer).toMatch(/^[^<>]+ <[^@\s]+@[^@\s>]+>$/u)
    await expect(fpm()).resolves.toEqual({
      name: 'district-news-reader',
      maintainer,
      vendor: maintainer,
      url: (config.extraMetadata as { homepage: string }).homepage,
    })
    expect(desktop).toContain('Name=District News Reader')
    expect(desktop).toContain('Categories=Office;')
    expect(desktop).toContain(
      `Comment=${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).description}`
    )
  }, 30_000)

  it('refuses a configuration without a maintainer (package.json has no author to fall back on)', async () => {
    const { file, dispose } = configWithout((c) => delete (c.linux as Record<string, unknown>).maintainer)
    try {
      const { fpm } = await linuxMetadata(file)
      await expect(fpm()).rejects.toThrow(/Please specify author 'email'/u)
    } finally {
      dispose()
    }
  }, 30_000)

  it('refuses a configuration without a homepage (the defect this configuration had)', async () => {
    const { file, dispose } = configWithout((c) => delete c.extraMetadata)
    try {
      const { fpm } = await linuxMetadata(file)
      await expect(fpm()).rejects.toThrow(/Please specify project homepage/u)
    } finally {
      dispose()
    }
  }, 30_000)
})
