-- The exact age rule everywhere (issue #8): a roster entry keeps the whole date of birth when the
-- commune's list gives one ("Ngày sinh"), so that moving the first voting day before the stamp is
-- checked to the day, as the import checked it. Lists that give only the year ("Năm sinh"), and every
-- entry imported before this migration, keep NULL here and are judged by birth_year alone.
ALTER TABLE roster_entries ADD COLUMN birth_date TEXT
  CHECK (birth_date IS NULL OR (
    birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'
    AND CAST(substr(birth_date, 1, 4) AS INTEGER) = birth_year
  ));
