/**
 * The native menu: File (import, export annotations, back up, restore), Edit, View (zoom, theme),
 * Help (About with versions). File items call the same API the renderer uses.
 */
import { app, BrowserWindow, dialog, Menu, nativeTheme, type MenuItemConstructorOptions } from 'electron'
import { writeFile } from 'node:fs/promises'
import type { ApiHandlers, ImportSummary } from '../../shared/api'
import type { ThemeSource } from './window-state'

export interface MenuActions {
  handlers: ApiHandlers
  /** Writes a consistent copy of the library to a file the user chose. */
  backupTo: (file: string) => Promise<void>
  /** Replaces the library with a backup file (the current library is backed up first). */
  restoreFrom: (file: string) => Promise<void>
  /** Reloads the window after the library was replaced. */
  reload: () => void
  setTheme: (theme: ThemeSource) => void
  hasAnnotations: boolean
  sqliteVersion: string
  devTools: boolean
}

export const EXPORT_ANNOTATIONS_ID = 'export-annotations'

function focused(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
}

async function showOpen(options: Electron.OpenDialogOptions): Promise<string[]> {
  const win = focused()
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return result.canceled ? [] : result.filePaths
}

async function showSave(options: Electron.SaveDialogOptions): Promise<string | null> {
  const win = focused()
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}

function importReport(summary: ImportSummary): string {
  const lines = [
    `导入 ${summary.documents} 个文件，${summary.reports} 篇报道；跳过 ${summary.skipped} 个。`,
    `Imported ${summary.documents} file(s) with ${summary.reports} report(s); ${summary.skipped} skipped.`,
    ...summary.failed.slice(0, 10).map((f) => `${f.path}: ${f.message}`),
  ]
  if (summary.failed.length > 10) lines.push(`… ${summary.failed.length - 10} more`)
  return lines.join('\n')
}

async function importFromDialog(actions: MenuActions, folders: boolean): Promise<void> {
  const paths = await showOpen({
    title: folders ? '导入文件夹 Import folder' : '导入文件 Import files',
    properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    filters: folders
      ? []
      : [{ name: 'Text, Markdown, HTML', extensions: ['txt', 'md', 'markdown', 'html', 'htm'] }],
  })
  if (paths.length === 0) return
  const summary = await actions.handlers.importPaths({ paths })
  if (summary.failed.length > 0)
    await dialog.showMessageBox({
      type: 'warning',
      message: '导入完成 Import finished',
      detail: importReport(summary),
    })
}

async function exportFromDialog(actions: MenuActions): Promise<void> {
  const file = await showSave({
    title: '导出批注 Export annotations',
    defaultPath: 'annotations.md',
    filters: [
      { name: 'Markdown', extensions: ['md'] },
      { name: 'W3C Web Annotation JSON-LD', extensions: ['jsonld'] },
      { name: 'CSV', extensions: ['csv'] },
    ],
  })
  if (!file) return
  const format = file.endsWith('.jsonld') ? 'jsonld' : file.endsWith('.csv') ? 'csv' : 'md'
  await writeFile(file, await actions.handlers.exportAnnotations({ format }))
}

/** The open report as a PDF: the page's print stylesheet leaves the report and its notes alone. */
async function exportReportPdf(): Promise<void> {
  const win = focused()
  if (!win) return
  const file = await showSave({
    title: '导出报告为 PDF Export report as PDF',
    defaultPath: 'report.pdf',
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  })
  if (!file) return
  const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
  await writeFile(file, pdf)
}

async function backupFromDialog(actions: MenuActions): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 10)
  const file = await showSave({
    title: '备份文库 Back up library',
    defaultPath: `district-news-library-${stamp}.sqlite3`,
    filters: [{ name: 'Library backup', extensions: ['sqlite3'] }],
  })
  if (!file) return
  await actions.backupTo(file)
  await dialog.showMessageBox({ type: 'info', message: '备份完成 Backup written', detail: file })
}

async function restoreFromDialog(actions: MenuActions): Promise<void> {
  const [file] = await showOpen({
    title: '恢复文库 Restore library',
    properties: ['openFile'],
    filters: [{ name: 'Library backup', extensions: ['sqlite3'] }],
  })
  if (!file) return
  const confirm = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['恢复 Restore', '取消 Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: '用备份替换当前文库？ Replace the library with this backup?',
    detail: '当前文库会先自动备份。 The current library is backed up first.',
  })
  if (confirm.response !== 0) return
  await actions.restoreFrom(file)
  actions.reload()
}

function about(sqliteVersion: string): void {
  const versions = [
    `${app.getName()} ${app.getVersion()}`,
    `Electron ${process.versions.electron}`,
    `Chromium ${process.versions.chrome}`,
    `Node ${process.versions.node}`,
    `V8 ${process.versions.v8}`,
    `SQLite ${sqliteVersion}`,
  ]
  void dialog.showMessageBox({
    type: 'info',
    title: '关于 About',
    message: '区县新闻阅读器 District News Reader',
    detail: versions.join('\n'),
  })
}

export function buildMenu(actions: MenuActions): Menu {
  const run = (task: () => Promise<void>) => () => {
    task().catch((err: unknown) =>
      dialog.showErrorBox('出错了 Error', err instanceof Error ? err.message : String(err))
    )
  }
  const theme = (source: ThemeSource, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: nativeTheme.themeSource === source,
    click: () => {
      nativeTheme.themeSource = source
      actions.setTheme(source)
    },
  })
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '文件 File',
      submenu: [
        {
          label: '导入文件… Import…',
          accelerator: 'CmdOrCtrl+O',
          click: run(() => importFromDialog(actions, false)),
        },
        { label: '导入文件夹… Import folder…', click: run(() => importFromDialog(actions, true)) },
        { type: 'separator' },
        {
          id: EXPORT_ANNOTATIONS_ID,
          label: '导出批注… Export annotations…',
          enabled: actions.hasAnnotations,
          click: run(() => exportFromDialog(actions)),
        },
        {
          label: '导出报告为 PDF… Export report as PDF…',
          accelerator: 'CmdOrCtrl+Shift+E',
          click: run(() => exportReportPdf()),
        },
        {
          label: '打印… Print…',
          accelerator: 'CmdOrCtrl+P',
          click: () => focused()?.webContents.print({ printBackground: true }),
        },
        { type: 'separator' },
        { label: '备份文库… Back up library…', click: run(() => backupFromDialog(actions)) },
        { label: '恢复文库… Restore…', click: run(() => restoreFromDialog(actions)) },
        { type: 'separator' },
        { role: process.platform === 'darwin' ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu', label: '编辑 Edit' },
    {
      label: '视图 View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        {
          label: '主题 Theme',
          submenu: [
            theme('system', '跟随系统 System'),
            theme('light', '浅色 Light'),
            theme('dark', '深色 Dark'),
          ],
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(actions.devTools ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    },
    { label: '帮助 Help', submenu: [{ label: '关于 About', click: () => about(actions.sqliteVersion) }] },
  ]
  return Menu.buildFromTemplate(template)
}

/** Export is offered only while there is something to export. */
export function setExportEnabled(menu: Menu | null, enabled: boolean): void {
  const item = menu?.getMenuItemById(EXPORT_ANNOTATIONS_ID)
  if (item) item.enabled = enabled
}
