-- Walking-skeleton scenario for IBM JDBC: DDL, DML, a query, an error.
DROP TABLE IF EXISTS conf_skel
CREATE TABLE conf_skel (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,2), born DATE, flag BOOLEAN, big BIGINT, ratio FLOAT, code CHAR(4), small SMALLINT)
INSERT INTO conf_skel VALUES (1, 'ann', 12.50, '2026-08-31', 't', 9000000000, 1.5, 'ab', -7)
INSERT INTO conf_skel VALUES (2, 'bob', NULL, NULL, 'f', NULL, NULL, NULL, NULL)
SELECT id, name, amount, born, flag, big, ratio, code, small FROM conf_skel ORDER BY id
UPDATE conf_skel SET amount = 99.99 WHERE id = 2
SELECT COUNT(*) FROM conf_skel
DELETE FROM conf_skel WHERE id = 1
SELECT id, amount FROM conf_skel
SELECT * FROM conf_no_such_table
INSERT INTO conf_skel (id) VALUES (2)
DROP TABLE conf_skel
