-- Issue 3 DDL and constraint features through IBM JDBC. One statement per line.
DROP SYNONYM IF EXISTS fd_syn
DROP SEQUENCE IF EXISTS fd_seq
DROP TABLE IF EXISTS fd_child
DROP TABLE IF EXISTS fd_kid
DROP TABLE IF EXISTS fd_parent
CREATE TABLE fd_parent (id SERIAL PRIMARY KEY, code CHAR(3) NOT NULL UNIQUE, note VARCHAR(20) DEFAULT 'none', added DATE DEFAULT TODAY) LOCK MODE ROW
CREATE TABLE fd_child (cid BIGSERIAL, pid INT REFERENCES fd_parent (id) CONSTRAINT fd_child_parent, qty SMALLINT CHECK (qty > 0) CONSTRAINT fd_qty_positive, big INT8)
CREATE INDEX fd_child_qty ON fd_child (qty DESC)
INSERT INTO fd_parent (code) VALUES ('AAA')
INSERT INTO fd_parent (id, code, note) VALUES (10, 'BBB', 'ten')
INSERT INTO fd_parent (code) VALUES ('CCC')
INSERT INTO fd_parent (code, note) VALUES ('AAA', 'duplicate')
INSERT INTO fd_parent (code) VALUES (NULL)
SELECT id, code, note, CASE WHEN added = TODAY THEN 'today' END FROM fd_parent ORDER BY id
INSERT INTO fd_child (pid, qty) VALUES (1, 5)
INSERT INTO fd_child (pid, qty) VALUES (99, 5)
INSERT INTO fd_child (pid, qty) VALUES (10, 0)
DELETE FROM fd_parent WHERE id = 1
UPDATE fd_parent SET id = 2 WHERE id = 1
ALTER TABLE fd_parent ADD (rank INT DEFAULT 0 BEFORE note, flag BOOLEAN)
ALTER TABLE fd_parent MODIFY (note VARCHAR(40) NOT NULL)
ALTER TABLE fd_parent ADD CONSTRAINT CHECK (rank >= 0) CONSTRAINT fd_rank_ok
ALTER TABLE fd_parent DROP flag
UPDATE fd_parent SET rank = -1 WHERE id = 10
SELECT id, rank, note FROM fd_parent ORDER BY id
CREATE VIEW fd_view (parent_code, quantity) AS SELECT p.code, c.qty FROM fd_parent p, fd_child c WHERE p.id = c.pid
SELECT * FROM fd_view
CREATE TEMP TABLE fd_temp (a INT, b VARCHAR(10)) WITH NO LOG
INSERT INTO fd_temp VALUES (1, 'x')
SELECT * FROM fd_temp
UPDATE STATISTICS FOR TABLE fd_parent
SELECT nrows, locklevel FROM systables WHERE tabname = 'fd_parent'
RENAME COLUMN fd_parent.note TO remark
SELECT remark FROM fd_parent WHERE id = 10
DROP VIEW fd_view
TRUNCATE TABLE fd_child
RENAME TABLE fd_child TO fd_kid
SELECT COUNT(*) FROM fd_kid
DELETE FROM fd_parent WHERE id = 1 AND code = 'AAA'
CREATE TABLE fd_bad (a INT REFERENCES fd_nosuch (id))
CREATE SYNONYM fd_syn FOR fd_parent
SELECT COUNT(*) FROM fd_syn
CREATE SEQUENCE fd_seq START WITH 100 INCREMENT BY 10
SELECT fd_seq.NEXTVAL, fd_seq.CURRVAL FROM fd_parent WHERE id = 10
DROP SEQUENCE fd_seq
DROP SYNONYM fd_syn
CREATE TRIGGER fd_trig INSERT ON fd_parent FOR EACH ROW (DELETE FROM fd_kid)
DROP TABLE fd_kid
DROP TABLE fd_parent
