"""Bring an office's existing records in: spreadsheets exported from a proposal-handling
system (``shangliang import``) and saved news reports as draft records (``shangliang draft``).

Nothing here writes a fact the input does not give: what a row or a report leaves out stays
out of the record, or is written as the placeholder 【待填写】 that validation refuses.
"""
