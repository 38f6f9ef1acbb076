-- IFX_PAD_VARCHAR=1: VARCHAR/NVARCHAR travel as fixed m+1 bytes; an INT after them must stay aligned.
DROP TABLE IF EXISTS conf_pad
CREATE TABLE conf_pad (a VARCHAR(10), n INT, b NVARCHAR(5,2), c VARCHAR(1))
INSERT INTO conf_pad VALUES ('abc', 7, 'xy', 'z')
INSERT INTO conf_pad VALUES (NULL, 8, '', NULL)
INSERT INTO conf_pad VALUES ('0123456789', 9, 'hello', 'q')
SELECT a, n, b, c FROM conf_pad ORDER BY n
DROP TABLE conf_pad
