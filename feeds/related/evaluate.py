"""Measure related-story precision on a labelled collection: ``python -m feeds.related.evaluate FILE``.

FILE is JSON lines with ``id``, ``label``, ``title`` and ``text`` (as ``shared/data/related/wikiref220.jsonl``).
Every article is indexed, then each is used as a query; a suggestion is right when it carries the query's
label. Prints ``P@1 0.xxx`` and ``P@5 0.xxx`` on lines of their own, then details. Precision is over the
ranking itself (the display threshold off, every query counted, a missing place counted wrong), so a list cut
short by the threshold does not hide a bad ranking; how the threshold behaves is reported after.

``--variants`` runs the table of weighting variants that chose the defaults; ``--halves`` measures again on
halves of the file split by label (two splits: alternate labels in sorted order, and by a hash of the label),
each half indexed alone, to check that a choice helps in general and not just on this one file; ``--splits K``
does the same on both halves of K random splits of the labels (seed 7), to compare two versions of the code on
label sets nobody chose (the "random halves" counts in the tables below were measured on 12 such splits drawn
by a separate script; this option draws its own). Entities come
from ``feeds.entities.extract_story`` when that module works, as the reader stores them: the text's names and the
title's, tagged on its own (``--no-entities`` for text only). Until session 16 the title was tagged as the text's
first line; the tables below were measured that way.

On wikiref220, text only (P@1 / P@5; the P@5 ceiling of that file is 0.950, as 11 of its 220 articles have
fewer than five same-label neighbours):

    0.909 / 0.899  TF-IDF, raw tf, no title boost, no stemming
    0.936 / 0.906  sublinear tf (1 + log tf)
    0.941 / 0.905  + title words x3
    0.936 / 0.908  + light stemming
    0.945 / 0.902  + at most 128 terms a story, 64 a query  (memory and speed; within noise)
    0.945 / 0.915  + headlines' character grams at 0.2 over the best 32
    0.945 / 0.915  + focus and pool diffusion at 0.3 (focus needs names, so diffusion alone)  <- default
    before the headlines:
    0.936 / 0.893  without stop words;  0.932 / 0.900 with bigrams;  0.945 / 0.890 BM25 weights;
    0.945 / 0.903  with pseudo relevance feedback (3 docs, Rocchio 0.5);  0.932 / 0.895 with 64 terms kept

Text only, halves: 0.933 0.954 | 0.964 0.888 before the headlines, 0.935 0.959 | 0.964 0.904 with them,
0.937 0.959 | 0.964 0.907 with the pool diffusion too.

With entities (the reader's setting; P@1 / P@5 on the whole file, then P@5 on the four halves):

    0.936 / 0.907   halves 0.933 0.957 | 0.964 0.901   words and names pooled in one vector (the old rule)
    0.945 / 0.910   halves 0.931 0.957 | 0.964 0.906   names blended at a share of 0.2
    0.950 / 0.917   halves 0.910 0.954 | 0.964 0.901   names blended at 0.5: best here, but not robust
    0.950 / 0.917   halves 0.922 0.956 | 0.964 0.901   pooled, names counted twice
    0.950 / 0.919   halves 0.935 0.959 | 0.964 0.918   names at 0.2 + headlines at 0.2
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   + focus 0.3 and pool diffusion 0.3  <- default to session 12
    0.955 / 0.928   halves 0.939 0.959 | 0.964 0.921   + lead x2, names' burstiness, people x1.5  <- default (end)

Hubness corrections looked best in a separate experiment over dense, unpruned vectors: CSLS (score minus 0.3 x
the candidate's mean cosine with its 5 nearest stories) and plain centring (score minus the candidate's mean
cosine with every story) each gained 0.005-0.015 P@5 on every half there. Built into this index (centring: one
number per story from the postings), it did not carry over: 0.910 -> 0.911 on the file, -0.011 on one half, so
it was left out. Differences under 0.005 are one or two hits in 220 queries: noise.

Re-ranking the best candidates of the first pass (measured over its top 50, each on top of names at 0.2, before
the headlines; P@1 / P@5 on the file, then P@5 on the halves; the mean of the halves was 0.9395):

    0.945 / 0.911   halves 0.931 0.954 | 0.962 0.906   fuller vectors (no 128/64 caps) instead of the capped ones
    0.950 / 0.913   halves 0.935 0.956 | 0.964 0.906   the two cosines half and half (a whole unpruned index: 0.909)
    0.950 / 0.909   halves 0.933 0.954 | 0.964 0.903   +0.02 when the query is in the candidate's own top 5
    0.950 / 0.905   halves 0.933 0.949 | 0.960 0.891   reciprocal rank of the query in the candidate's list (0.1)
    0.945 / 0.898   halves 0.924 0.943 | 0.964 0.885   candidate's margin over its own 5th neighbour (0.5)
    0.950 / 0.909   halves 0.939 0.957 | 0.964 0.906   k-reciprocal sets (k 5), weighted Jaccard at 0.3
    0.941 / 0.912   halves 0.931 0.959 | 0.962 0.899   proper nouns (capitalised inside a sentence) counted x2
    0.945 / 0.917   halves 0.933 0.959 | 0.964 0.904   character 4-5-grams of title + first 500 characters at 0.3
    0.945 / 0.906   halves 0.933 0.957 | 0.964 0.903   the same over the whole text (so: the lead, not the grams)
    0.950 / 0.918   halves 0.933 0.957 | 0.964 0.904   word TF-IDF of title + first 300 characters at 0.3
    0.945 / 0.919   halves 0.935 0.959 | 0.964 0.906   character 4-5-grams of the title only, TF-IDF, at 0.2
    0.950 / 0.919   halves 0.935 0.959 | 0.964 0.918   the same without idf, stop words dropped  <- kept

Proper nouns at x1.5 or x3, or only words never written in lower case, did no better. The headline grams are
not a sharper title boost (title words x4, x5, x6: 0.911, 0.911, 0.909). Their share is flat from 0.15 to 0.3
(P@5 0.919-0.921, mean of halves 0.943-0.944) and so is the pool from 32 to 50 (16: 0.916); 0.2 and 32 are
round choices inside the flat part. On top of them, k-reciprocal re-ranking (0.920, halves 0.937 0.959 0.964
0.919) and fuller vectors (0.921, halves 0.937 0.959 0.964 0.916) add a hit or two: noise, for a per-story
neighbour list or twice the memory, so both are left out.

Corrections inside the pool, after the headline blend (:mod:`feeds.related.pool`; entities on; P@1 / P@5 on
the file, P@5 on the halves and their mean, 0.9439 without; then the change of P@5 over 24 random halves of
the labels, 12 splits drawn with seed 7, and how many of them gain and lose):

    0.945 / 0.924  halves 0.933 0.959 | 0.964 0.921  0.9441  +0.0014, 6 up 2 down   focus alone: x (0.7 + 0.3 c)
    0.945 / 0.920  halves 0.937 0.959 | 0.964 0.918  0.9444  +0.0009, 8 up 1 down   diffusion alone, alpha 0.3
    0.945 / 0.925  halves 0.937 0.959 | 0.964 0.921  0.9452  +0.0023, 12 up 1 down  both at 0.3  <- default
    0.945 / 0.923  halves 0.935 0.959 | 0.964 0.919  0.9443  +0.0019, 7 up 1 down   both at 0.2
    0.950 / 0.925  halves 0.939 0.959 | 0.964 0.922  0.9460  +0.0017, 12 up 3 down  both at 0.5 (one random half -0.007)

``c`` is the share of the weight of a candidate's three strongest entities that the query names too: a
candidate about other names (a "Michelle Obama" story for a "Barack Obama" one, a "Galaxy S5" story for a
general "smartphone" one) loses up to 30%. Diffusion mixes each score with the scores of the candidates most
like it (one step over the pool's own cosines). The pool's best score is kept where it was, so the threshold
means what it did: 4.63 suggestions shown per query as before, 0.963 of them right (0.956 before), the 5 lonely
stories still empty (4 of 5 since Title Case headlines are recased before tagging: see analysis.py). A query costs about 0.2 ms more at 50k stories (bench, mean CPU: 2.6 -> 2.8 ms). All five rows
are a few hits each: the gain is small but the same on every split tried, and it makes sense for news.

Tried and dropped on the way (same measures; "mean" is the mean of the four halves):

    0.955 / 0.917  halves 0.933 0.956 | 0.964 0.904   focus over the 5 strongest words instead (0.5)
    0.945 / 0.919  halves 0.935 0.959 | 0.964 0.916   focus both ways (min), 5 strongest terms of any kind (0.3)
    0.945 / 0.919  halves 0.933 0.956 | 0.964 0.915   focus both ways (min), 3 strongest entities (0.5)
    0.941 / 0.918  halves 0.931 0.956 | 0.964 0.915   the query's 3 strongest entities named by the candidate
    0.950 / 0.924  halves 0.933 0.957 | 0.964 0.918   soft coverage (the smaller of the two weights), 0.5
    0.955 / 0.917  halves 0.935 0.957 | 0.964 0.915   the candidate's single strongest entity (0.5)
    0.945 / 0.924  halves 0.933 0.957 | 0.964 0.919   "named" meaning among the query's 10 strongest entities
    0.941 / 0.880  halves 0.841 0.934 | 0.938 0.835   focus at 1.0 (score times coverage): far too strong
    0.932 / 0.915  halves 0.933 0.959 | 0.964 0.910   consensus: + 0.3 x mean cosine with the 5 best others
    0.945 / 0.919  halves 0.935 0.959 | 0.964 0.910   local idf: terms common to the pool count less (0.3)
    0.950 / 0.920  halves 0.935 0.959 | 0.964 0.912   a word of a multi-word name counted under the name only
    0.945 / 0.921  halves 0.935 0.959 | 0.964 0.915   the same, half of each such word taken out

Consensus lifts the big cluster beside a small label (the 38 "Michelle Obama" stories next to the 5 "Barack
Obama" ones), the opposite of what the borders need; local idf at 0.5 and 1.0 did worse still (0.916, 0.912).
Names are already whole features: the extractor keys "Barack Obama" and "Michelle Obama" apart and links a
bare "Obama" to the full name in the same story, so the only feature the two share is the word "obama"; taking
it out of the word bag did not help. A pool of 48 instead of 32 changes nothing with the corrections on.

P@5 0.93 is not reached. Of the 83 wrong places left, 55 cannot be right (the ceiling); 27 of the other 28 are
label borders: "Barack Obama" articles rank "Michelle Obama" ones (10 places), "Greek debt crisis" ones rank
"Greek elections" ones (9), "smartphone" ones rank "Samsung Galaxy S5" ones (8, 4 of them from one smartphone
article about a Samsung phone, whose same-label neighbours rank 12th and lower). The right "Barack Obama"
neighbours score 0.06-0.13 against 0.17 for the fifth place: stories of his childhood, his mother and his
schoolfriends share little but the name. Stacking everything found in an earlier separate sweep (bigrams,
idf^1.5, capitalised-phrase entities, a hubness correction) reached 0.920, also short of 0.93, at the price of
a per-story neighbourhood statistic we chose not to maintain.

A later sweep tried knowledge from outside the file and more retrieval methods, each in the pool of 32 on top of
the defaults (P@1 / P@5 on the file; "up/down" counts the 24 halves of 12 random label splits that gained or lost
against the defaults). None reached 0.93; none was kept:

    0.950 / 0.924   4 up 5 down    GloVe 6B 50-d story vectors (SIF-weighted), blended at 0.05; worse above that
    0.941 / 0.924   5 up 8 down    words re-weighted by closeness to the story's GloVe centroid
    0.950 / 0.925  12 up 0 down    background idf from large-corpus word frequencies (wordfreq), half and half
    0.941 / 0.914   4 up 9 down    document expansion: each story smoothed with its 5 nearest (0.3)
    0.950 / 0.922   3 up 5 down    Dirichlet language-model score blended at 0.3
    0.950 / 0.924   6 up 3 down    best-matching passage (100-word windows) blended at 0.3
    0.950 / 0.925   7 up 3 down    names weighted by type (people x1.5, places x0.5)
    0.964 / 0.927   9 up 9 down    score minus 0.2 x the candidate's mean cosine with its 5 nearest stories
    0.945 / 0.925  11 up 2 down    the first 30 words of the text counted twice
    0.945 / 0.923   1 up 8 down    MMR diversity (0.97); pivoted length normalisation, mutual proximity: no better

Pre-trained vectors are near chance on the borders that matter: inside a pool, a right candidate outranks a
wrong one for a "Barack Obama" query 56% of the time by GloVe, 87% by the current score. The background idf and
the lead are the only steady gains, a hit or two on small halves and none on the file, for a 58 MB dependency
(whose data is CC BY-SA) or a lonely story whose best neighbour then crosses the display threshold at some
settings; neither was worth it. What separates the borders left (Greek debt in 2010 from the 2012 elections) is
mostly not in the words of the articles.

A pretrained sentence encoder, the last kind of outside knowledge left (all-MiniLM-L6-v2 as an int8 ONNX model,
measured in a scratch environment, never a dependency), blended into the pool before the corrections; P@1 / P@5,
then the 24 random halves against the defaults:

    0.927 / 0.911   9 up 8 down    its cosine alone, title and first 256 word pieces
    0.923 / 0.900   4 up 17 down   alone, mean of 256-piece chunks over the whole text
    0.945 / 0.926  20 up 0 down    title and first 128 pieces at 0.1 (19 up 0 down with seed 11)  <- its best
    0.950 / 0.927  16 up 1 down    the same at 0.2;  0.959 / 0.922 at 0.3
    0.945 / 0.925  17 up 1 down    title and first 256 pieces at 0.1; chunks of the whole text: 0.916-0.925

Steady but small: one or two places on the file, and the share and window were picked on these same articles. It
helps on the Greek border only (inside the pool a right candidate beats a wrong one 96% of the time against 86%
by the current score) and is worse on the Obama (65% against 79%) and smartphone (75% against 81%) borders. It
also costs what the budgets do not have: about 40 ms of CPU a story to embed (a refresh of 10k new stories would
take 400 s of CPU against 4.7 s), 160-215 MB resident for the runtime alone (the 50k-story reader must stay under
300 MB), and 118-146 MB installed. Not taken.

A last sweep of general ideas, each measured by a scratch harness that runs this module's ``evaluate`` on the
file, its four halves and the 24 random halves of ``--splits 12`` (seed 7) with the re-ranking patched (P@1 / P@5
on the file, P@5 on the halves, then up/down against the defaults). None reached 0.93 in a robust way; none was
kept:

    numbers (tokens.py already keeps numbers of three digits or more and words with digits: years, "mh370",
    "s5", "110bn"; 698 such terms, 3% of the file's terms)
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   5 up 3 down    numbers of digits alone dropped
    0.950 / 0.925   halves 0.937 0.959 | 0.964 0.919   4 up 2 down    the same, years (1800-2099) kept
    0.945 / 0.924   halves 0.937 0.959 | 0.964 0.919   5 up 5 down    years counted twice;  half: 0.925, 3 up 4 down
    graphs beyond the one diffusion step
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   0 up 2 down    personalised PageRank inside the pool
                                                                      (restart to the scores, 0.3, 10 steps)
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.919   5 up 4 down    the one-step diffusion applied twice
    0.936 / 0.921   halves 0.937 0.959 | 0.964 0.919   9 up 7 down    two steps over every story's 10 nearest
                                                                      (the whole collection's graph) at 0.2
    0.914 / 0.913   halves 0.939 0.959 | 0.964 0.909   6 up 14 down   the same at 0.4
    0.936 / 0.924   halves 0.937 0.959 | 0.964 0.921   6 up 4 down    PageRank over that graph (restart 0.5) at 0.2
    reciprocal-rank fusion (1 / (k + rank)) instead of a blend of scores
    0.941 / 0.917   halves 0.937 0.959 | 0.964 0.909   4 up 11 down   k 60: the final score, headline grams, the
                                                                      word cosine and the entity cosine
    0.941 / 0.919   halves 0.935 0.959 | 0.964 0.909   3 up 9 down    the same, k 10
    0.941 / 0.915   halves 0.931 0.957 | 0.964 0.907   5 up 15 down   k 60, the three parts without the final score
    fields and query weighting
    0.950 / 0.922   halves 0.935 0.959 | 0.964 0.916   3 up 12 down   headline containment (idf-weighted part of one
                                                                      story's headline terms in the other's terms,
                                                                      both ways) at 0.1;  at 0.2: 0.918, 4 up 15 down
    0.945 / 0.923   halves 0.937 0.959 | 0.964 0.918   2 up 14 down   the candidate's headline in the query only, 0.1
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   1 up 6 down    entities named in the headline counted +2
    0.945 / 0.923   halves 0.937 0.959 | 0.964 0.919   8 up 5 down    ... or in the first 50 words
    0.945 / 0.921   halves 0.937 0.957 | 0.964 0.916   4 up 7 down    query terms weighted by their part of the KL
                                                                      divergence from the collection, p log(p / p_c),
                                                                      at 0.2;  at 0.4: 0.918, 4 up 15 down
    others
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   3 up 0 down    shared pairs among each story's 5 strongest
                                                                      entities at 0.2 (at 0.1: no change at all)
    0.950 / 0.923   halves 0.937 0.957 | 0.964 0.915   4 up 11 down   LSA (SVD of the index's own vectors, 64 dims)
                                                                      at 0.1;  at 0.2: 0.919, 4 up 15 down
    0.959 / 0.932   halves 0.931 0.957 | 0.964 0.910   7 up 15 down   LSA, 32 dims, at 0.2
    0.945 / 0.923   halves 0.935 0.959 | 0.964 0.921   4 up 7 down    Snowball's English stemmer instead of ours
                                                                      (Porter's: 0.922)
    0.955 / 0.927   halves 0.939 0.957 | 0.964 0.915  14 up 7 down    terms in one story only weigh nothing, so a
                                                                      story's unmatchable words do not lengthen it

The LSA 32 row is above the target on the whole file and worse on three of the four halves and on 15 of 24 random
ones: a fit to the file's size (32 dimensions for 220 stories is not 32 for a half of it, nor for 50k), the kind
of figure this protocol is there to catch. Blends of scores beat fusion of ranks, since a score says how much
better the first is, not just that it is; the whole-collection graph would also cost a neighbour list per story.
What the borders need is still not in the words.

An error analysis of the 28 wrong places a right neighbour could take (10 "Barack Obama", 9 "Greek debt crisis",
one of them the "Wall Street" story, 8 "smartphone", one "Galaxy S5") looked at what a reader would use.
Dates do not separate the borders: the Greek debt stories (2010-11) name 2010 as the 2012 election ones do (the
first bailout), two of five name no year, and none of the Obama or smartphone ones names its own; the stories'
own dates are not in the file (``published`` is 0). The caps cut topical words on both sides of each border
("greece", "@greece", "hawaii", "barack": once in a long story, they rank under words no other story has), and
lifting them does not help (below). What it found were defects in how text becomes terms and names, fixed for
their own sake (the same measures; up/down over the 24 random halves against the defaults before them):

    0.945 / 0.925   halves 0.935 0.959 | 0.964 0.921   2 up 1 down    numbers whole ("1,000" was the term "000", in 44
                                                                      stories; "2.5bn" was "5bn"), a U+FFFD inside a
                                                                      word read as the apostrophe it mostly was
                                                                      ("didn", "re", "ll" were terms)
    0.945 / 0.922   halves 0.937 0.959 | 0.964 0.918   2 up 1 down    contractions of stop words are stop words ("don't"
                                                                      and "i'm", terms of 38 and 25 stories, "i'm" a
                                                                      shown reason 8 times)
    0.950 / 0.926   halves 0.937 0.959 | 0.964 0.921   5 up 3 down    entity keys (feeds.entities.aliases.link): "Mr
                                                                      Samaras" was its own key, and a later "Samaras"
                                                                      joined it; "Barack H. Obama" was not "Barack
                                                                      Obama"; a place joined an organisation named
                                                                      after it ("Malaysia" 68 times "Malaysia Airlines",
                                                                      "Paris" 34 "Paris St Germain")
    0.945 / 0.925   halves 0.937 0.959 | 0.964 0.921   6 up 4 down    the three  <- kept (mean of the 24 unchanged)
    0.950 / 0.923   halves 0.939 0.959 | 0.964 0.918   9 up 4 down    256 terms a story (no more memory was wanted)
    0.945 / 0.924   halves 0.939 0.959 | 0.964 0.916   7 up 13 down   no caps at all

They move a place or two, as expected: the fixes are for the reader (a shown reason, a name's stories), not for
this file's borders, where the right and the wrong stories still share as much.

Four later sweeps (latent and topic spaces, graph and fusion re-ranking, entity and term features, stacks of the
steady rows and a blend learned on held-out halves; about 125 rows) are in TRIED.md beside this module. None
reached 0.93. The rows above are measured against the defaults of their day.

Since session 13 the defaults hold the fourth sweep's best steady stack, as measured there: the first 30 content
terms of the text count twice, names' idf x (1 + log(cf / df)), people's names x1.5 (``Params.lead_terms``,
``name_burstiness``, ``person_weight``). P@1 / P@5 0.955 / 0.928 (1,021 right places, 1,018 before), halves
0.939 0.959 | 0.964 0.921; 16 of the 24 random halves of ``--splits 12`` gain and 2 lose (mean 0.9242 -> 0.9283),
17 and 1 with seed 11 (0.9290 -> 0.9320); 4.62 shown per query, 0.963 of them right. Text only: 0.950 / 0.915.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from feeds.related.analysis import Doc, Params
from feeds.related.index import RelatedIndex
from feeds.text import clean_line, clean_text, fold

Extractor = Callable[[str, str], Sequence[Any]]  # (title, text) -> the story's entities

#: The weights before session 13's (the lead x1, names' idf alone, people as other names).
_BEFORE: dict[str, Any] = {"lead_terms": 0, "name_burstiness": 0.0, "person_weight": 1.0}
#: The steps before the headline blend: no re-ranking beyond the exact cosine.
_PLAIN: dict[str, Any] = {"title_share": 0.0, "focus_share": 0.0, "pool_diffusion": 0.0, **_BEFORE}

VARIANTS: dict[str, Params] = {
    "tfidf plain (raw tf, no title boost, no stemming)": Params(
        sublinear=False,
        title_boost=1.0,
        stemming=False,
        max_terms=100_000,
        query_terms=100_000,
        **_PLAIN,
    ),
    "tfidf sublinear": Params(
        title_boost=1.0, stemming=False, max_terms=100_000, query_terms=100_000, **_PLAIN
    ),
    "+ title x3": Params(stemming=False, max_terms=100_000, query_terms=100_000, **_PLAIN),
    "+ stemming": Params(max_terms=100_000, query_terms=100_000, **_PLAIN),
    "+ prune to 128 terms, 64 query terms": Params(**_PLAIN),
    "+ headlines' character grams at 0.2": Params(focus_share=0.0, pool_diffusion=0.0, **_BEFORE),
    "+ focus and pool diffusion at 0.3": Params(**_BEFORE),
    "+ lead x2, names' burstiness, people x1.5 (default)": Params(),
    "default, lead once": Params(lead_terms=0),
    "default, names' idf alone": Params(name_burstiness=0.0),
    "default, people as other names": Params(person_weight=1.0),
    "default, no stop words": Params(stop_words=False),
    "default + bigrams": Params(bigrams=True),
    "default, title x1": Params(title_boost=1.0),
    "default, title x5": Params(title_boost=5.0),
    "bm25 weights (k1 1.2, b 0.75)": Params(scheme="bm25"),
    "default + pseudo relevance feedback (3 docs)": Params(prf_docs=3),
    "words and names pooled in one vector": Params(entity_share=None),
    "names blended at 0.5": Params(entity_share=0.5),
    "default, 64 terms kept": Params(max_terms=64, query_terms=48),
    "default, 256 terms kept": Params(max_terms=256, query_terms=64),
    "default, headlines off": Params(title_share=0.0),
    "headlines at 0.3": Params(title_share=0.3),
    "default, focus and pool diffusion off": Params(focus_share=0.0, pool_diffusion=0.0),
    "default, focus off": Params(focus_share=0.0),
    "default, pool diffusion off": Params(pool_diffusion=0.0),
}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The labelled articles; blank lines are skipped, a malformed line is an error naming its number."""
    rows = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(row, dict) or not {"id", "label"} <= row.keys():
            raise ValueError(f"{path}:{number}: needs at least 'id' and 'label'")
        rows.append(row)
    return rows


def find_extractor() -> Extractor | None:
    """``feeds.entities.extract_story`` if newsdesk has a working one (module present, model trained); else None.
    It is what the reader stores for a story: the text's names, and the title's tagged on their own."""
    try:
        from feeds import entities

        extract = getattr(entities, "extract_story", None)
        if not callable(extract):
            return None
        extract("Merkel meets Macron", "Angela Merkel met Emmanuel Macron in Paris.")
    except Exception as exc:  # any failure of an optional part means "text only", said aloud
        print(f"note: entities off ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return extract


def to_doc(row: dict[str, Any], extract: Extractor | None) -> Doc:
    """An evaluation row as the index sees a story: clean text, entity keys when an extractor is given."""
    title = clean_line(str(row.get("title") or ""))
    text = clean_text(str(row.get("text") or ""))
    keys: list[str] = []
    names: dict[str, str] = {}
    typed: Counter[tuple[str, str]] = Counter()
    if extract is not None:
        for entity in extract(title, text):
            name = str(getattr(entity, "text", "") or "")
            key = str(getattr(entity, "key", "") or fold(name))
            if key:
                keys.append(key)
                names.setdefault(key, name or key)
                typed[key, str(getattr(entity, "type", ""))] += 1
    types: dict[str, str] = {}  # the type most mentions give, ties to the first seen (as group_entities)
    for (key, kind), _count in typed.most_common():
        types.setdefault(key, kind)
    return Doc(str(row["id"]), "eval", title, text, 0.0, tuple(keys), names, types)


def evaluate(docs: list[Doc], labels: dict[str, str], params: Params) -> dict[str, float]:
    """P@1 and P@5 of the ranking (threshold off), and how often the threshold empties or cuts a list."""
    index = RelatedIndex(dataclasses.replace(params, min_score=0.0))
    index.add(docs)
    shown = RelatedIndex(params)
    shown.add(docs)
    sizes = Counter(labels.values())
    p1 = p5 = 0.0
    lonely_empty = lonely = kept_right = kept = 0
    started = time.perf_counter()
    for doc in docs:
        label = labels[doc.id]
        top = index.related(doc.id, k=5)
        hits = [labels[s.id] == label for s in top]
        p1 += float(bool(hits) and hits[0])
        p5 += sum(hits) / 5
        visible = shown.related(doc.id, k=5)
        kept += len(visible)
        kept_right += sum(labels[s.id] == label for s in visible)
        if sizes[label] == 1:
            lonely += 1
            lonely_empty += not visible
    elapsed = time.perf_counter() - started
    n = max(len(docs), 1)
    return {
        "p1": p1 / n,
        "p5": p5 / n,
        "shown_precision": kept_right / max(kept, 1),
        "shown_per_query": kept / n,
        "lonely": lonely,
        "lonely_empty": lonely_empty,
        "ms_per_query": 1000 * elapsed / n / 2,
    }


def halves(labels: dict[str, str]) -> list[tuple[str, set[str]]]:
    """Four halves of the labels, from two splits, each naming the labels it keeps."""
    names = sorted(set(labels.values()))
    odd = set(names[::2])
    hashed = {name for name in names if zlib.crc32(name.encode()) % 2}
    return [
        ("sorted labels, 1st of each pair", odd),
        ("sorted labels, 2nd of each pair", set(names) - odd),
        ("label hash odd", hashed),
        ("label hash even", set(names) - hashed),
    ]


def random_halves(labels: dict[str, str], splits: int, seed: int = 7) -> list[tuple[str, set[str]]]:
    """``splits`` random splits of the labels in two, both halves of each, drawn with ``seed``: the way a choice
    is checked against label sets nobody picked (a change that helps in general gains on most of them)."""
    import random

    names = sorted(set(labels.values()))
    rng = random.Random(seed)
    out: list[tuple[str, set[str]]] = []
    for number in range(1, splits + 1):
        keep = set(rng.sample(names, len(names) // 2))
        out += [(f"split {number}a", keep), (f"split {number}b", set(names) - keep)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.related.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", type=Path, help="JSON lines of id, label, title, text")
    parser.add_argument("--no-entities", action="store_true", help="text only, even if an extractor exists")
    parser.add_argument("--variants", action="store_true", help="also measure each weighting variant")
    parser.add_argument("--halves", action="store_true", help="also measure on halves of the file, by label")
    parser.add_argument(
        "--splits",
        type=int,
        default=0,
        metavar="K",
        help="also measure on both halves of K random splits of the labels (seed 7), and their mean",
    )
    args = parser.parse_args(argv)
    try:
        rows = read_jsonl(args.file)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    extract = None if args.no_entities else find_extractor()
    docs = [to_doc(row, extract) for row in rows]
    labels = {doc.id: str(row["label"]) for doc, row in zip(docs, rows, strict=True)}
    result = evaluate(docs, labels, Params())
    print(f"P@1 {result['p1']:.3f}")
    print(f"P@5 {result['p5']:.3f}")
    sizes = Counter(labels.values())
    ceiling = sum(min(5, sizes[label] - 1) / 5 for label in labels.values()) / max(len(labels), 1)
    print(
        f"ceiling of P@5 on this file (a label with fewer than 6 articles cannot fill 5 places): {ceiling:.3f}"
    )
    print(
        f"queries {len(docs)}, entities {'on' if extract else 'off'}, {result['ms_per_query']:.2f} ms/query"
    )
    print(
        f"with the threshold (score >= {Params().min_score}): {result['shown_per_query']:.2f} shown per query, "
        f"{result['shown_precision']:.3f} of them right; "
        f"{result['lonely_empty']}/{result['lonely']} stories alone in their label got an empty list"
    )
    if args.halves:
        for name, keep in halves(labels):
            part = [doc for doc in docs if labels[doc.id] in keep]
            r = evaluate(part, labels, Params())
            print(f"  half ({name}, {len(part)} queries): P@1 {r['p1']:.3f}  P@5 {r['p5']:.3f}")
    if args.splits > 0:
        scores = []
        for name, keep in random_halves(labels, args.splits):
            part = [doc for doc in docs if labels[doc.id] in keep]
            r = evaluate(part, labels, Params())
            scores.append(r["p5"])
            print(f"  {name} ({len(part)} queries): P@1 {r['p1']:.3f}  P@5 {r['p5']:.3f}")
        print(f"  mean P@5 over {len(scores)} random halves: {sum(scores) / len(scores):.4f}")
    if args.variants:
        variants = dict(VARIANTS)
        if extract is not None:
            variants["default + entities x2"] = Params(entity_weight=2.0)
            variants["default, entities off"] = Params(entity_weight=0.0)
        for name, params in variants.items():
            r = evaluate(docs, labels, params)
            print(f"  {r['p1']:.3f}  {r['p5']:.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
