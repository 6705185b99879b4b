"""The Bộ chỉ số 766 (QĐ 766/QĐ-TTg, 23/06/2022; the criteria of NĐ 118/2025 Điều 32) for an agency
or a province over any period: `rules` (groups, indicators, points, thresholds, and where each comes
from), `selectors` (the figures, from the dossiers selectors, quality's feedback and the competence
list, plus the figures entered by hand) and `export` (.xlsx). docs/bo-chi-so-766.md explains them.

The index lives in quality, above dossiers: it reads the dossier figures through the dossiers
selectors (the counting contract), citizens' feedback from quality, and is read by oversight's
rankings (oversight.scoring, rule "index_766_total").
"""
