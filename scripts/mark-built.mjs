/** After `electron-vite build`: records which sources out/ was built from (see build-freshness.mjs). */
import { markBuildFresh } from './build-freshness.mjs'

markBuildFresh()
