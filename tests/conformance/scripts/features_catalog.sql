-- Catalog rows IBM JDBC users read: systables, syscolumns, sysindexes, sysconstraints, sysreferences, systabauth, sysviews, sysdefaults, syschecks; sysmaster.
DROP VIEW IF EXISTS fc_view
DROP TABLE IF EXISTS fc_child
DROP TABLE IF EXISTS fc_parent
CREATE TABLE fc_parent (id INT NOT NULL PRIMARY KEY CONSTRAINT fc_pk, name VARCHAR(30,4) DEFAULT 'x', amount DECIMAL(10,2), at DATETIME YEAR TO SECOND)
CREATE TABLE fc_child (pid INT REFERENCES fc_parent CONSTRAINT fc_fk, qty SMALLINT CHECK (qty > 0) CONSTRAINT fc_ck)
CREATE VIEW fc_view AS SELECT id, name FROM fc_parent
SELECT tabname, tabtype, ncols FROM systables WHERE tabname MATCHES 'fc_*' ORDER BY tabname
SELECT t.tabname, c.colname, c.colno, c.coltype, c.collength FROM systables t, syscolumns c WHERE t.tabid = c.tabid AND t.tabname = 'fc_parent' ORDER BY c.colno
SELECT i.idxtype, i.part1, i.part2 FROM sysindexes i, systables t WHERE i.tabid = t.tabid AND t.tabname = 'fc_parent'
SELECT c.constrname, c.constrtype FROM sysconstraints c, systables t WHERE c.tabid = t.tabid AND t.tabname MATCHES 'fc_*' AND c.constrtype <> 'N' ORDER BY c.constrname
SELECT r.delrule, p.constrname FROM sysreferences r, sysconstraints p, sysconstraints f WHERE r.primary = p.constrid AND r.constrid = f.constrid AND f.constrname = 'fc_fk'
SELECT k.checktext FROM syschecks k, sysconstraints c WHERE k.constrid = c.constrid AND c.constrname = 'fc_ck'
SELECT d.type, d.default FROM sysdefaults d, systables t WHERE d.tabid = t.tabid AND t.tabname = 'fc_parent'
SELECT v.viewtext FROM sysviews v, systables t WHERE v.tabid = t.tabid AND t.tabname = 'fc_view'
SELECT a.grantee, a.tabauth FROM systabauth a, systables t WHERE a.tabid = t.tabid AND t.tabname = 'fc_parent' ORDER BY a.grantee
SELECT name, is_logging, is_ansi FROM sysmaster:sysdatabases WHERE name = '{database}'
SELECT tabname FROM sysmaster:systabnames WHERE dbsname = '{database}' AND tabname MATCHES 'fc_*' ORDER BY tabname
SELECT dummy FROM sysmaster:sysdual
SELECT FIRST 1 tabid, tabname FROM informix.systables ORDER BY tabid
DROP VIEW fc_view
DROP TABLE fc_child
DROP TABLE fc_parent
