-- Kiosks paired before kiosk numbers existed keep the number their label shows, and each point counts
-- on from its highest one, so a new pairing never repeats a label. Safe to run on any database.
UPDATE kiosks SET number = CAST(substr(label, 5) AS INTEGER)
  WHERE number IS NULL AND point_id IS NOT NULL AND label LIKE 'Máy %';
UPDATE points SET kiosk_counter = max(
  kiosk_counter,
  (SELECT coalesce(max(number), 0) FROM kiosks WHERE kiosks.point_id = points.id)
);
