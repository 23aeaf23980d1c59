/*
 * rank_bm25(report_fts): FTS5's bm25 without its second pass, where it can be left out.
 *
 * FTS5's bm25() computes an IDF for each phrase of the query by evaluating that phrase once more
 * over the whole index (xQueryPhrase, counting the rows), before it scores the first hit: for a
 * phrase of common tokens that doubles the search. For a query of one phrase the IDF multiplies
 * every hit's score by the same positive number, so the hits' order is the same without it: this
 * function then returns the rest of bm25's formula (term frequency and length, k1 = 1.2, b =
 * 0.75, as FTS5's). For a query of several phrases it computes bm25 exactly as FTS5 does. Called
 * with the table alone: bm25's per-column weights are not taken (the index has one column).
 *
 * A SQLite loadable extension: no Node or Electron headers, built by scripts/build-rank-extension.mjs
 * and loaded on each connection (src/main/core/db/rank-extension.ts). Searches use bm25() where
 * it is not built.
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <math.h>

typedef struct {
  int nPhrase;
  double avgdl;
  double *aIDF; /* one per phrase, only when nPhrase > 1 */
  double *aFreq;
} RankData;

static void rankDataFree(void *p) {
  RankData *d = (RankData *)p;
  if (d) sqlite3_free(d->aIDF);
  sqlite3_free(d);
}

static int countCb(const Fts5ExtensionApi *api, Fts5Context *fts, void *pUserData) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)pUserData)++;
  return SQLITE_OK;
}

static int rankData(const Fts5ExtensionApi *api, Fts5Context *fts, RankData **out) {
  RankData *d = (RankData *)api->xGetAuxdata(fts, 0);
  if (d) {
    *out = d;
    return SQLITE_OK;
  }
  int rc = SQLITE_OK;
  int nPhrase = api->xPhraseCount(fts);
  sqlite3_int64 nRow = 0, nToken = 0;
  d = (RankData *)sqlite3_malloc(sizeof(RankData));
  if (!d) return SQLITE_NOMEM;
  d->nPhrase = nPhrase;
  d->aIDF = 0;
  d->aFreq = 0;
  rc = api->xRowCount(fts, &nRow);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &nToken);
  d->avgdl = nRow > 0 ? (double)nToken / (double)nRow : 1.0;
  if (rc == SQLITE_OK && nPhrase > 1) {
    d->aIDF = (double *)sqlite3_malloc64(sizeof(double) * 2 * (sqlite3_uint64)nPhrase);
    if (!d->aIDF) rc = SQLITE_NOMEM;
    else {
      int i;
      d->aFreq = &d->aIDF[nPhrase];
      /* As FTS5's bm25 (fts5_aux.c, fts5Bm25GetData). */
      for (i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
        sqlite3_int64 nHit = 0;
        rc = api->xQueryPhrase(fts, i, (void *)&nHit, countCb);
        if (rc == SQLITE_OK) {
          double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
          if (idf <= 0.0) idf = 1e-6;
          d->aIDF[i] = idf;
        }
      }
    }
  }
  if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, d, rankDataFree);
  else rankDataFree(d);
  if (rc == SQLITE_OK) *out = d;
  return rc;
}

static void rankBm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                     sqlite3_value **apVal) {
  const double k1 = 1.2;
  const double b = 0.75;
  RankData *d = 0;
  int nInst = 0;
  int nTok = 0;
  double score = 0.0;
  (void)nVal;
  (void)apVal;
  int rc = rankData(api, fts, &d);
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &nInst);
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &nTok);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double D = (double)nTok;
  if (d->nPhrase <= 1) {
    double tf = (double)nInst;
    score = (tf * (k1 + 1.0)) / (tf + k1 * (1 - b + b * D / d->avgdl));
  } else {
    int i;
    for (i = 0; i < d->nPhrase; i++) d->aFreq[i] = 0.0;
    for (i = 0; rc == SQLITE_OK && i < nInst; i++) {
      int ip, ic, io;
      rc = api->xInst(fts, i, &ip, &ic, &io);
      if (rc == SQLITE_OK) d->aFreq[ip] += 1.0;
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    for (i = 0; i < d->nPhrase; i++)
      score += d->aIDF[i] * ((d->aFreq[i] * (k1 + 1.0)) / (d->aFreq[i] + k1 * (1 - b + b * D / d->avgdl)));
  }
  sqlite3_result_double(ctx, -1.0 * score);
}

static fts5_api *fts5Api(sqlite3 *db) {
  fts5_api *api = 0;
  sqlite3_stmt *stmt = 0;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", 0);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  fts5_api *api = fts5Api(db);
  if (!api || api->iVersion < 2) {
    *pzErrMsg = sqlite3_mprintf("FTS5 is not available");
    return SQLITE_ERROR;
  }
  return api->xCreateFunction(api, "rank_bm25", 0, rankBm25, 0);
}
