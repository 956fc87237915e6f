-- One ballot per household (campaign.onePer = 'household', DESIGN §3): the list allows as many
-- ballots as it has households, not entries, and that is the minutes' "roster" (the denominator of
-- a roster-based rule set, the bound of "issued ≤ roster", the base of turnout). Each roster version
-- now records its households (distinct `householdKey`s, entries without a code counting for none)
-- beside its entries, so a minutes naming an older version is checked against that version's count.
-- Versions recorded before this migration have none: their minutes were made with the entries.
ALTER TABLE roster_commitments ADD COLUMN households INTEGER CHECK (households IS NULL OR households >= 0);
