-- Reasons were stored as JSON objects, repeating "kind", "target", "text" and "weight" in every one: a
-- third of the database. They are now short arrays (src/store/reasons-codec.ts). Existing rows become
-- [kind letter, target, weight, text]; rows written from now on also shorten the tagger's usual texts.
UPDATE items
SET reasons = (
  SELECT json_group_array(json_array(
    CASE json_extract(r.value, '$.kind')
      WHEN 'stage' THEN 's' WHEN 'theme' THEN 't' WHEN 'source' THEN 'o' WHEN 'model' THEN 'm'
      WHEN 'profile' THEN 'p' WHEN 'deadline' THEN 'd' WHEN 'amount' THEN 'a' WHEN 'correction' THEN 'c'
      ELSE json_extract(r.value, '$.kind') END,
    json_extract(r.value, '$.target'),
    json_extract(r.value, '$.weight'),
    json_extract(r.value, '$.text')))
  FROM json_each(items.reasons) AS r
)
WHERE json_valid(reasons) AND reasons LIKE '[{%'
  -- Only reasons with no keys beyond the four the compact form holds.
  AND NOT EXISTS (
    SELECT 1 FROM json_each(items.reasons) AS r, json_each(r.value) AS k
    WHERE k.key NOT IN ('kind', 'target', 'text', 'weight'));
