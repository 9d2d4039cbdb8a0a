-- The measures watchers are alerted on: every distinct measure that is not background.
SELECT measure_id AS alert_id, * EXCLUDE (measure_id)
FROM measures
WHERE status <> 'background'
