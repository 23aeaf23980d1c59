/**
 * Runs before `npm test`: the end-to-end tests drive Debian's Chromium with CJK fonts. Where they
 * are missing and we are root (CI, containers) they are installed; otherwise the exact command
 * is printed and the run stops before any test.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasFonts = (): boolean => {
  try {
    return /Noto (Sans|Serif) CJK/u.test(execFileSync('fc-list', { encoding: 'utf8' }))
  } catch {
    return false
  }
}

if (!existsSync(chromium) || !hasFonts()) {
  const install = 'apt-get install -y chromium fonts-noto-cjk'
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`test setup: installing Debian's Chromium and CJK fonts (${install})`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const result = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], {
      stdio: 'inherit',
      env,
    })
    if (result.status !== 0) process.exit(result.status ?? 1)
  } else {
    console.error(
      `MISSING_TEST_DEPENDENCY: the e2e tests need Chromium at ${chromium} and Noto CJK fonts; run: sudo ${install}`
    )
    process.exit(1)
  }
}
