import type Database from 'better-sqlite3'
import { documentsAndSections } from './001-documents-and-sections'
import { searchIndex } from './002-search-index'
import { annotations } from './003-annotations'
import { structureAndCorrections } from './004-structure-and-corrections'
import { registryIndexes } from './005-registry-indexes'
import { registryToken } from './006-registry-token'
import { facts } from './007-facts'
import { savedSearches } from './008-saved-searches'
import { sectionPlaces } from './009-section-places'
import { topHits } from './010-top-hits'
import { sectionRows } from './011-section-rows'
import { documentTexts } from './012-document-texts'
import { leanRows } from './013-lean-rows'
import { indexHashSize } from './014-index-hash-size'

export interface Migration {
  version: number
  name: string
  up(db: Database.Database): void
  /**
   * Compact the file once the migrations are applied (VACUUM, outside their transactions): for a
   * migration that leaves many pages empty, such as one that drops a large column.
   */
  compactAfter?: boolean
}

/** Forward only, in order; `PRAGMA user_version` records the last one applied. */
export const migrations: readonly Migration[] = [
  documentsAndSections,
  searchIndex,
  annotations,
  structureAndCorrections,
  registryIndexes,
  registryToken,
  facts,
  savedSearches,
  sectionPlaces,
  topHits,
  sectionRows,
  documentTexts,
  leanRows,
  indexHashSize,
]
