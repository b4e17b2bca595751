DROP TABLE counseling_reads;
DROP TABLE counseling_follow_ups;
DROP TABLE counseling_addenda;
DROP TABLE counseling_cases;
DROP TABLE guidance_competencies;
DROP TABLE guidance_feedback;
DROP TABLE guidance_participants;
DROP TABLE guidance_sessions;
ALTER TABLE periods DROP COLUMN guidance_min_per_semester;
