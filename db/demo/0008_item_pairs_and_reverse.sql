-- Art. 19(1) and reverse scoring in the demo: each "before" satisfaction item names its "after" counterpart (the same
-- respondents answered both, so the findings compare them pairwise), and the public questionnaires of the seed
-- document get one negatively worded item (反向计分), so the findings show how a standard scores it. Only definitions
-- not yet published (seed-demo publishes them after these scripts); the answers come from src/Cli (DemoTexts.cs).
update questionnaire q
set definition = jsonb_set(q.definition, '{sections,1,questions,6,pair}', '"q11"')
from consultation c join decision d on d.id = c.decision_id
where c.id = q.consultation_id and d.is_demo and q.current_version_id is null
  and q.definition #>> '{sections,1,questions,6,key}' = 'q10' and q.definition #>> '{sections,1,questions,7,key}' = 'q11';

update questionnaire q
set definition = jsonb_insert(q.definition, '{sections,1,questions,8}',
    $json${"key": "q15", "type": "likert", "text": "《办法》规定的评估程序繁琐，增加了基层负担。", "required": true, "scale": "agreement", "criterion": "operability", "period": "after", "reverse": true}$json$::jsonb)
from consultation c join decision d on d.id = c.decision_id
where c.id = q.consultation_id and d.is_demo and q.current_version_id is null
  and q.definition #>> '{sections,1,questions,7,key}' = 'q11' and q.definition #> '{sections,1,questions,8}' is null;

update questionnaire q
set definition = jsonb_set(q.definition, '{sections,0,questions,7,pair}', '"q9"')
from consultation c join decision d on d.id = c.decision_id
where c.id = q.consultation_id and d.is_demo and q.current_version_id is null
  and q.definition #>> '{sections,0,questions,7,key}' = 'q8' and q.definition #>> '{sections,0,questions,8,key}' = 'q9';
