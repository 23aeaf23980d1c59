/** The native menu: File (import, export annotations, back up, restore), Edit, View, Help. */
import { app, BrowserWindow, dialog, Menu, nativeTheme, type MenuItemConstructorOptions } from 'electron'
import { writeFileSync } from 'node:fs'
import type { Library } from '../core/library'
import { exportAnnotations } from '../core/library'

export interface MenuActions {
  library: () => Library
  importPaths: (paths: string[]) => Promise<void>
  reload: () => void
}

function window(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
}

async function importFromDialog(actions: MenuActions, folders: boolean): Promise<void> {
  const win = window()
  const options: Electron.OpenDialogOptions = {
    title: folders ? '导入文件夹 Import folder' : '导入文件 Import files',
    properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    filters: folders
      ? []
      : [{ name: 'Text, Markdown, HTML', extensions: ['txt', 'md', 'markdown', 'html', 'htm'] }],
  }
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  if (!result.canceled && result.filePaths.length > 0) await actions.importPaths(result.filePaths)
}

async function exportFromDialog(actions: MenuActions): Promise<void> {
  const result = await dialog.showSaveDialog({
    title: '导出批注 Export annotations',
    defaultPath: 'annotations.md',
    filters: [
      { name: 'Markdown', extensions: ['md'] },
      { name: 'W3C Web Annotation JSON-LD', extensions: ['jsonld'] },
      { name: 'CSV', extensions: ['csv'] },
    ],
  })
  if (result.canceled || !result.filePath) return
  const format = result.filePath.endsWith('.jsonld')
    ? 'jsonld'
    : result.filePath.endsWith('.csv')
      ? 'csv'
      : 'md'
  writeFileSync(result.filePath, exportAnnotations(actions.library().db, format))
}

async function backupFromDialog(actions: MenuActions): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 10)
  const result = await dialog.showSaveDialog({
    title: '备份文库 Back up library',
    defaultPath: `district-news-library-${stamp}.sqlite3`,
    filters: [{ name: 'Library backup', extensions: ['sqlite3'] }],
  })
  if (result.canceled || !result.filePath) return
  await actions.library().backup(result.filePath)
  await dialog.showMessageBox({ type: 'info', message: '备份完成 Backup written', detail: result.filePath })
}

async function restoreFromDialog(actions: MenuActions): Promise<void> {
  const result = await dialog.showOpenDialog({
    title: '恢复文库 Restore library',
    properties: ['openFile'],
    filters: [{ name: 'Library backup', extensions: ['sqlite3'] }],
  })
  if (result.canceled || !result.filePaths[0]) return
  const confirm = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['恢复 Restore', '取消 Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: '用备份替换当前文库？ Replace the library with this backup?',
    detail: '当前文库会先自动备份。 The current library is backed up first.',
  })
  if (confirm.response !== 0) return
  try {
    await actions.library().restore(result.filePaths[0])
    actions.reload()
  } catch (err) {
    dialog.showErrorBox('恢复失败 Restore failed', err instanceof Error ? err.message : String(err))
  }
}

function about(): void {
  const versions = [
    `${app.getName()} ${app.getVersion()}`,
    `Electron ${process.versions.electron}`,
    `Chromium ${process.versions.chrome}`,
    `Node ${process.versions.node}`,
    `V8 ${process.versions.v8}`,
  ]
  void dialog.showMessageBox({
    type: 'info',
    title: 'About',
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
  const theme = (source: 'system' | 'light' | 'dark', label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: nativeTheme.themeSource === source,
    click: () => {
      nativeTheme.themeSource = source
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
        { label: '导出批注… Export annotations…', click: run(() => exportFromDialog(actions)) },
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
      ],
    },
    { label: '帮助 Help', submenu: [{ label: '关于 About', click: about }] },
  ]
  return Menu.buildFromTemplate(template)
}
