-- A placeholder of branch replicas, so that its migration 0010 follows an
-- unbroken sequence (the runner requires 1, 2, 3, …): at the merge, drop
-- this file and renumber 0010_login_throttle.sql to follow the last one.
SELECT 1;
