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
 * rank_hits(rowid, score, keepAll, k): an aggregate that reads a query's hits once and gives their
 * count with either every hit (when there are keepAll or fewer) or the k best, in the order
 * `ORDER BY score, rowid DESC` gives. A common phrase's search counted its hits, then scored them
 * again for its page, and had first scored up to keepAll of them to see whether it could rank them
 * all: three readings of the index where one does. The result is a blob of doubles (rowids are
 * below 2^53): the count, then (rowid, score) pairs.
 *
 * A SQLite loadable extension: no Node or Electron headers, built by scripts/build-rank-extension.mjs
 * and loaded on each connection (src/main/core/db/rank-extension.ts). Searches use bm25() where
 * it is not built.
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <math.h>
#include <stdlib.h>

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

typedef struct {
  double id;
  double score;
} Hit;

typedef struct {
  sqlite3_int64 n;     /* hits seen */
  sqlite3_int64 keep;  /* every hit is kept while n <= keep */
  sqlite3_int64 k;     /* then the k best */
  sqlite3_int64 cap;   /* allocated */
  sqlite3_int64 len;   /* kept: every hit while n <= keep, then a heap of the k best (worst on top) */
  Hit *a;
  int heaped;
} HitsAgg;

/* Whether x comes before y: lower score first, equal scores higher rowid first. */
static int hitBefore(const Hit *x, const Hit *y) {
  if (x->score != y->score) return x->score < y->score;
  return x->id > y->id;
}

/* The heap keeps the worst of the k best on top. */
static void siftDown(Hit *a, sqlite3_int64 len, sqlite3_int64 i) {
  for (;;) {
    sqlite3_int64 l = 2 * i + 1, r = l + 1, worst = i;
    if (l < len && hitBefore(&a[worst], &a[l])) worst = l;
    if (r < len && hitBefore(&a[worst], &a[r])) worst = r;
    if (worst == i) return;
    Hit t = a[i];
    a[i] = a[worst];
    a[worst] = t;
    i = worst;
  }
}

static void heapify(HitsAgg *g) {
  /* Every hit was kept; the k best of them become the heap. */
  sqlite3_int64 i;
  Hit *a = g->a;
  sqlite3_int64 len = g->len < g->k ? g->len : g->k;
  for (i = len / 2 - 1; i >= 0; i--) siftDown(a, len, i);
  for (i = len; i < g->len; i++)
    if (len > 0 && hitBefore(&a[i], &a[0])) {
      a[0] = a[i];
      siftDown(a, len, 0);
    }
  g->len = len;
  g->heaped = 1;
}

static void hitsStep(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  HitsAgg *g = (HitsAgg *)sqlite3_aggregate_context(ctx, sizeof(HitsAgg));
  Hit h;
  (void)argc;
  if (!g) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (g->n == 0) {
    g->keep = sqlite3_value_int64(argv[2]);
    g->k = sqlite3_value_int64(argv[3]);
    if (g->keep < 0) g->keep = 0;
    if (g->k < 0) g->k = 0;
  }
  h.id = (double)sqlite3_value_int64(argv[0]);
  h.score = sqlite3_value_double(argv[1]);
  g->n++;
  if (g->heaped) {
    if (g->len > 0 && hitBefore(&h, &g->a[0])) {
      g->a[0] = h;
      siftDown(g->a, g->len, 0);
    }
    return;
  }
  if (g->len == g->cap) {
    sqlite3_int64 cap = g->cap ? g->cap * 2 : 256;
    Hit *a = (Hit *)sqlite3_realloc64(g->a, sizeof(Hit) * (sqlite3_uint64)cap);
    if (!a) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    g->a = a;
    g->cap = cap;
  }
  g->a[g->len++] = h;
  if (g->n > g->keep && g->len > g->k) heapify(g);
}

static int compareHits(const void *x, const void *y) {
  const Hit *a = (const Hit *)x, *b = (const Hit *)y;
  return hitBefore(a, b) ? -1 : hitBefore(b, a) ? 1 : 0;
}

static void hitsFinal(sqlite3_context *ctx) {
  HitsAgg *g = (HitsAgg *)sqlite3_aggregate_context(ctx, 0);
  sqlite3_int64 n = g ? g->n : 0;
  sqlite3_int64 len = g ? g->len : 0;
  double *out;
  sqlite3_int64 i;
  /* Beyond keepAll the best are given in order (heaped, or kept whole while k exceeds the count). */
  if (g && n > g->keep && len > 1) qsort(g->a, (size_t)len, sizeof(Hit), compareHits);
  out = (double *)sqlite3_malloc64(sizeof(double) * (sqlite3_uint64)(1 + 2 * len));
  if (!out) {
    sqlite3_free(g ? g->a : 0);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  out[0] = (double)n;
  for (i = 0; i < len; i++) {
    out[1 + 2 * i] = g->a[i].id;
    out[2 + 2 * i] = g->a[i].score;
  }
  if (g) sqlite3_free(g->a);
  sqlite3_result_blob64(ctx, out, sizeof(double) * (sqlite3_uint64)(1 + 2 * len), sqlite3_free);
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
  int rc = api->xCreateFunction(api, "rank_bm25", 0, rankBm25, 0);
#ifndef FTS5_RANK_NO_HITS /* a build as they were before rank_hits (a test of the fallback) */
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "rank_hits", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, 0, hitsStep,
                                    hitsFinal, 0);
#endif
  return rc;
}
