"""The matcher, pure: text in, ranked matches out; no database, no Telegram.

text (normalisation, the sentence splitter) → lexicon, translit, gazetteer, declension →
analyze (what a text says) → index (candidates) → rules (refusals) and rank (scores, fusion);
embed and vectors bring the sentence model in, posts picks the sentences of a long post.
"""
