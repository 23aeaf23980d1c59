import { journey } from './desktop-journey'
import { test } from './fixtures'

test('the desktop smoke test’s journey holds in the app as it is now', async ({ app }) => {
  await journey(app.page)
})
