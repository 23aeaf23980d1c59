/**
 * Annotations shared before their file: imported into the notebook they wait as orphans that say
 * why, and are placed on their passage as soon as the file is imported.
 */
import { createHash } from 'node:crypto'
import { test, expect, confirmImportPreview } from './fixtures'

const ROUNDUP =
  '扬州各地\n2024-02-18 来源：扬州发布\n广陵区\n广陵项目推进\n2月17日，广陵区召开全区重大项目推进会，部署全年重点项目建设任务。\n'

function sharedNotes(): Buffer {
  const hash = createHash('sha256').update(ROUNDUP).digest('hex')
  return Buffer.from(
    JSON.stringify({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      items: [
        {
          id: 'urn:uuid:5f0c7a4e-1b2d-4c3e-9f10-2a3b4c5d6e7f',
          type: 'Annotation',
          body: [
            { type: 'TextualBody', value: '同事的批注：核实项目清单', purpose: 'commenting' },
            { type: 'TextualBody', value: 'green', purpose: 'highlighting' },
          ],
          target: {
            source: `urn:district-news-reader:document:${hash}#district:广陵`,
            'dcterms:source': 'roundup.txt',
            selector: [
              { type: 'TextQuoteSelector', exact: '部署全年重点项目建设任务', prefix: '', suffix: '' },
            ],
          },
        },
      ],
    })
  )
}

test('a shared note waits as an orphan that says why, then lands on its passage when the file comes', async ({
  app,
}) => {
  const { page } = app
  await page.getByRole('button', { name: '批注本' }).click()
  const notebook = page.getByRole('main', { name: '批注本' })
  await notebook
    .locator('input[type=file]')
    .setInputFiles([{ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: sharedNotes() }])
  await expect(notebook.getByRole('status')).toContainText('导入 1 条批注，1 条未能定位')
  await expect(notebook).toContainText('所属报告还不在文库中')
  await expect(notebook).toContainText('roundup.txt')

  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: 'roundup.txt', mimeType: 'text/plain', buffer: Buffer.from(ROUNDUP) }])
  await confirmImportPreview(page)
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('新增 1 个文件')
  await expect(notebook).not.toContainText('所属报告还不在文库中')
  await notebook.getByRole('button', { name: /部署全年重点项目建设任务/u }).click()
  await expect(page.locator('mark.anno-green')).toHaveText('部署全年重点项目建设任务')
})
