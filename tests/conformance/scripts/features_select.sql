-- Issue 3 query features through IBM JDBC. One statement per line.
DROP TABLE IF EXISTS fs_cust
DROP TABLE IF EXISTS fs_ord
CREATE TABLE fs_cust (id SERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, city CHAR(8) DEFAULT 'Paris', born DATE, credit DECIMAL(8,2))
CREATE TABLE fs_ord (oid SERIAL8, cid INT, amount MONEY(8,2), placed DATETIME YEAR TO SECOND, wait INTERVAL DAY(3) TO HOUR)
INSERT INTO fs_cust (name, born, credit) VALUES ('ann', '2000-01-15', 10.5)
INSERT INTO fs_cust (name, city, born, credit) VALUES ('bob', 'Rome', '1990-06-30', NULL)
INSERT INTO fs_cust (id, name, city) VALUES (0, 'cy_x', 'Oslo')
INSERT INTO fs_ord (cid, amount, placed, wait) VALUES (1, 5.25, DATETIME(2024-01-02 03:04:05) YEAR TO SECOND, INTERVAL(2 03) DAY TO HOUR)
INSERT INTO fs_ord (cid, amount, placed, wait) VALUES (2, 7.00, DATETIME(2024-02-29 23:00:00) YEAR TO SECOND, NULL)
SELECT FIRST 2 id, name FROM fs_cust ORDER BY id
SELECT SKIP 1 FIRST 1 name FROM fs_cust ORDER BY id
SELECT name FROM fs_cust ORDER BY id DESC LIMIT 1
SELECT UNIQUE city FROM fs_cust ORDER BY city
SELECT DISTINCT city FROM fs_cust WHERE city <> 'Oslo' ORDER BY 1
SELECT name FROM fs_cust WHERE name MATCHES '[ab]*' ORDER BY 1
SELECT name FROM fs_cust WHERE name LIKE 'cy!_%' ESCAPE '!'
SELECT name FROM fs_cust WHERE name LIKE '_o_'
SELECT CASE WHEN TODAY - born > 0 THEN 'past' END, YEAR(born), MONTH(born), DAY(born), WEEKDAY(born), MDY(2, 29, 2024) FROM fs_cust WHERE id = 1
SELECT COUNT(*) FROM systables WHERE tabid = 1 AND CURRENT YEAR TO SECOND > DATETIME(2020-01-01 00:00:00) YEAR TO SECOND AND TODAY > MDY(1, 1, 2020)
SELECT placed + INTERVAL(1 02:00:00) DAY TO SECOND, placed - DATETIME(2024-01-01 00:00:00) YEAR TO SECOND FROM fs_ord WHERE cid = 1
SELECT EXTEND(placed, YEAR TO DAY), EXTEND(born, YEAR TO MINUTE) FROM fs_ord, fs_cust WHERE cid = 1 AND id = 1
SELECT 3 UNITS DAY + born, born + 1 UNITS MONTH, wait * 2 FROM fs_cust, fs_ord WHERE id = 1 AND cid = 1
SELECT credit::INT, CAST(credit AS CHAR(10)), '42'::SMALLINT + 1, 7/2, -1234.567::DECIMAL(6,2) FROM fs_cust WHERE id = 1
SELECT NVL(credit, -1), DECODE(id, 1, 'one', 2, 'two', 'many'), CASE WHEN id > 1 THEN 'big' ELSE 'small' END FROM fs_cust ORDER BY id
SELECT UPPER(name), LOWER('ABC'), INITCAP('hello world'), LENGTH(city), SUBSTR(name, 1, 2), name[2,3], TRIM(city), LTRIM('  x'), RTRIM('x  ') || '|', LPAD(name, 6, '*'), RPAD(name, 5, '.'), REPLACE(name, 'a', 'A'), CONCAT(name, '!') FROM fs_cust WHERE id = 1
SELECT c.name FROM {database}:informix.fs_cust c WHERE c.id = 2
SELECT {a comment} COUNT(*) /* another */ FROM fs_cust -- trailing
SELECT c.name, o.amount FROM fs_cust c, OUTER fs_ord o WHERE c.id = o.cid ORDER BY c.id
SELECT c.name, o.amount FROM fs_cust c LEFT OUTER JOIN fs_ord o ON c.id = o.cid ORDER BY c.id
SELECT c.name, o.oid FROM fs_cust c, OUTER (fs_ord o, OUTER fs_cust d) WHERE c.id = o.cid AND o.cid = d.id ORDER BY c.id
SELECT name FROM fs_cust WHERE id IN (SELECT cid FROM fs_ord WHERE amount > 6) AND EXISTS (SELECT 1 FROM fs_ord)
SELECT name FROM fs_cust UNION SELECT 'zed' FROM systables WHERE tabid = 1 ORDER BY 1
SELECT city, COUNT(*), SUM(credit), AVG(credit), MIN(name), MAX(id) FROM fs_cust GROUP BY city HAVING COUNT(*) >= 1 ORDER BY city
WITH big AS (SELECT id, name FROM fs_cust WHERE id > 1) SELECT COUNT(*) FROM big
SELECT id, name FROM fs_cust WHERE id < 3 INTO TEMP fs_tmp WITH NO LOG
SELECT * FROM fs_tmp ORDER BY id
SELECT DBINFO('version', 'full') FROM systables WHERE tabid = 1
select dbinfo('version','full') from  table (set{1});
DROP TABLE fs_ord
DROP TABLE fs_cust
