"""Definitions of the Informix catalog tables each database carries.

Column lists follow server-design.md §6 (IBM's "Guide to SQL: Reference");
tabids follow IBM's order as far as it is known (unverified beyond 1..10).
Columns marked hidden (`colattr` 1) are kept out of `SELECT *`, e.g. the
legacy `systables.dirpath` JDBC's locale probe may read.
"""

from __future__ import annotations

from dataclasses import dataclass

# (tabid, name, "col type, ...", hidden columns)
_TABLES: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (
        1,
        "systables",
        "tabname varchar(128), owner char(32), partnum integer, tabid serial, rowsize smallint,"
        " ncols smallint, nindexes smallint, nrows float, created date, version integer,"
        " tabtype char(1), locklevel char(1), npused float, fextsize integer, nextsize integer,"
        " flags smallint, site varchar(128), dbname varchar(128), type_xid integer,"
        " am_id integer, pagesize integer, ustlowts datetime year to fraction(5),"
        " secpolicyid integer, protgranularity char(1), dirpath varchar(64)",
        ("dirpath",),
    ),
    (
        2,
        "syscolumns",
        "colname varchar(128), tabid integer, colno smallint, coltype smallint,"
        " collength smallint, colmin integer, colmax integer, extended_id integer,"
        " seclabelid integer, colattr smallint",
        (),
    ),
    (
        3,
        "sysindices",
        "idxname varchar(128), owner varchar(32), tabid integer, idxtype char(1),"
        " clustered char(1), levels smallint, leaves float, nunique float, clust float,"
        " nrows float, indexkeys lvarchar(512), amid integer, amparam lvarchar(2048),"
        " collation char(32), pagesize integer, nhashcols smallint, nbuckets smallint,"
        " ustlowts datetime year to fraction(5), ustbuildduration interval day(5) to fraction(3),"
        " nupdates float, ndeletes float, ninserts float, fextsize integer, nextsize integer,"
        + "".join(f" part{n} smallint," for n in range(1, 17)).rstrip(","),
        tuple(f"part{n}" for n in range(1, 17)),
    ),
    (4, "systabauth", "grantor char(32), grantee char(32), tabid integer, tabauth char(9)", ()),
    (
        5,
        "syscolauth",
        "grantor char(32), grantee char(32), tabid integer, colno smallint, colauth char(3)",
        (),
    ),
    (6, "sysviews", "tabid integer, seqno smallint, viewtext char(64)", ()),
    (
        7,
        "sysusers",
        "username char(32), usertype char(1), priority smallint, password char(16),"
        " defrole char(32)",
        (),
    ),
    (8, "sysdepend", "btabid integer, btype char(1), dtabid integer, dtype char(1)", ()),
    (9, "syssynonyms", "owner char(32), synname varchar(128), created date, tabid integer", ()),
    (
        10,
        "syssyntable",
        "tabid integer, servername varchar(128), dbname varchar(128), owner char(32),"
        " tabname varchar(128), btabid integer",
        (),
    ),
    (
        11,
        "sysconstraints",
        "constrid serial, constrname varchar(128), owner char(32), tabid integer,"
        " constrtype char(1), idxname varchar(128), collation char(32)",
        (),
    ),
    (
        12,
        "sysreferences",
        "constrid integer, primary integer, ptabid integer, updrule char(1),"
        " delrule char(1), matchtype char(1), pendant char(1)",
        (),
    ),
    (13, "syschecks", "constrid integer, type char(1), seqno smallint, checktext char(32)", ()),
    (
        14,
        "sysdefaults",
        "tabid integer, colno smallint, type char(1), default char(256), class char(1)",
        (),
    ),
    (15, "syscoldepend", "constrid integer, tabid integer, colno smallint", ()),
    (
        16,
        "sysprocedures",
        "procname varchar(128), owner char(32), procid serial, mode char(1), retsize integer,"
        " symsize integer, datasize integer, codesize integer, numargs integer,"
        " isproc char(1), specificname varchar(128), externalname varchar(255),"
        " paramstyle char(1), langid integer, paramtypes lvarchar(2048), variant boolean,"
        " client boolean, handlesnulls boolean, iterator boolean, percallcost integer,"
        " commutator varchar(128), negator varchar(128), selfunc varchar(128),"
        " internal boolean, class char(18), stack integer, parallelizable boolean,"
        " costfunc varchar(128), selconst smallfloat",
        (),
    ),
    (17, "sysprocbody", "procid integer, datakey char(1), seqno integer, data char(256)", ()),
    (
        18,
        "sysprocplan",
        "procid integer, planid integer, datakey char(1), seqno integer,"
        " created date, datasize integer, data char(256)",
        (),
    ),
    (19, "sysprocauth", "grantor char(32), grantee char(32), procid integer, procauth char(1)", ()),
    (20, "sysblobs", "spacename varchar(128), type char(1), tabid integer, colno smallint", ()),
    (
        21,
        "sysopclstr",
        "owner char(32), clstrname varchar(128), clstrsize integer,"
        " tabid integer, blobcol1 smallint, blobcol2 smallint, clstrkey1 smallint",
        (),
    ),
    (
        22,
        "systriggers",
        "trigid serial, trigname varchar(128), owner char(32), tabid integer,"
        " event char(1), old varchar(128), new varchar(128), mode char(1), collation char(32)",
        (),
    ),
    (23, "systrigbody", "trigid integer, datakey char(1), seqno integer, data char(256)", ()),
    (
        24,
        "sysdistrib",
        "tabid integer, colno smallint, seqno integer, constructed date,"
        " mode char(1), resolution float, confidence float, encdat lvarchar(256)",
        (),
    ),
    (
        25,
        "sysfragments",
        "fragtype char(1), tabid integer, indexname varchar(128),"
        " colno integer, partn integer, strategy char(1), location char(1),"
        " servername varchar(128), evalpos integer, exprtext text, dbspace varchar(128),"
        " levels smallint, npused float, nrows float, clust integer, partition varchar(128)",
        (),
    ),
    (
        26,
        "sysobjstate",
        "objtype char(1), owner char(32), name varchar(128), tabid integer, state char(1)",
        (),
    ),
    (27, "sysviolations", "targettid integer, viotid integer, diatid integer, maxrows integer", ()),
    (
        28,
        "sysfragauth",
        "grantor char(32), grantee char(32), tabid integer,"
        " fragment varchar(128), fragauth char(6)",
        (),
    ),
    (29, "sysroleauth", "rolename char(32), grantee char(32), is_grantable char(1)", ()),
    (
        30,
        "sysxtdtypes",
        "extended_id serial, domain char(1), mode char(1), owner char(32),"
        " name varchar(128), type smallint, source integer, maxlen integer, length integer,"
        " byvalue char(1), cannothash char(1), align smallint, locator integer",
        (),
    ),
    (
        31,
        "sysattrtypes",
        "extended_id integer, seqno smallint, levelno smallint,"
        " parent_no smallint, fieldname varchar(128), fieldno smallint, type smallint,"
        " length smallint, xtd_type_id integer",
        (),
    ),
    (32, "sysxtddesc", "extended_id integer, seqno smallint, description char(256)", ()),
    (33, "sysinherits", "child integer, parent integer, class char(1)", ()),
    (
        34,
        "syscolattribs",
        "tabid integer, colno smallint, extentsize integer,"
        " flags integer, flags1 integer, sbspace varchar(128)",
        (),
    ),
    (35, "syslogmap", "tabloc integer, tabid integer, fragid integer", ()),
    (
        36,
        "syscasts",
        "owner char(32), argument_type smallint, argument_xid integer,"
        " result_type smallint, result_xid integer, routine_name varchar(128),"
        " routine_owner char(32), class char(1)",
        (),
    ),
    (37, "sysxtdtypeauth", "grantor char(32), grantee char(32), type integer, auth char(2)", ()),
    (
        38,
        "sysroutinelangs",
        "langid serial, langname char(30), langinitfunc varchar(128),"
        " langpath char(255), langclass char(128)",
        (),
    ),
    (39, "syslangauth", "grantor char(32), grantee char(32), langid integer, langauth char(1)", ()),
    (
        40,
        "sysams",
        "am_name varchar(128), am_owner char(32), am_id integer, am_type char(1),"
        " am_sptype char(1), am_defopclass integer, am_keyscan integer",
        (),
    ),
    (41, "systabamdata", "tabid integer, am_param lvarchar(2048), am_space varchar(128)", ()),
    (
        42,
        "sysopclasses",
        "opclassname varchar(128), owner char(32), amid integer,"
        " opclassid serial, ops lvarchar(2048), support lvarchar(2048)",
        (),
    ),
    (
        43,
        "syserrors",
        "sqlstate char(5), locale char(36), level smallint, seqno smallint, message varchar(255)",
        (),
    ),
    (44, "systraceclasses", "name char(18), classid serial", ()),
    (
        45,
        "systracemsgs",
        "name char(18), msgid serial, locale char(36), seqno smallint, message varchar(255)",
        (),
    ),
    (
        46,
        "sysaggregates",
        "name varchar(128), owner char(32), aggid serial,"
        " init_func varchar(128), iter_func varchar(128), combine_func varchar(128),"
        " final_func varchar(128), handlesnulls char(1)",
        (),
    ),
    (
        47,
        "syssequences",
        "seqid serial, tabid integer, start_val int8, inc_val int8,"
        " max_val int8, min_val int8, cycle char(1), restart_val int8, cache integer,"
        " order char(1)",
        (),
    ),
    (
        48,
        "sysdirectives",
        "id serial, query text, directive text, directivecode byte,"
        " active smallint, hashcode integer",
        (),
    ),
    (
        49,
        "sysxasourcetypes",
        "xa_source_typeid serial, xadatasourcetype varchar(128), owner char(32)",
        (),
    ),
    (
        50,
        "sysxadatasources",
        "xa_datasource_rmid serial, xa_datasourcename varchar(128),"
        " owner char(32), xa_source_typeid integer",
        (),
    ),
    (
        51,
        "sysproccolumns",
        "procid integer, paramid integer, paramname varchar(128),"
        " paramtype smallint, paramlen smallint, paramxid integer, paramattr integer",
        (),
    ),
    (52, "sysdomains", "id serial, owner char(32), name varchar(128), type smallint", ()),
    (53, "sysautolocate", "autolocate smallint", ()),
    (54, "sysusertypes", "name varchar(128), owner char(32)", ()),
    (55, "systablocks", "tabid integer, locklevel char(1)", ()),
)

SYSINDEXES_TABID = 56
SYSINDEXES_COLUMNS = (
    "idxname varchar(128), owner varchar(32), tabid integer, idxtype char(1),"
    " clustered char(1),"
    + "".join(f" part{n} smallint," for n in range(1, 17))
    + " levels smallint, leaves float, nunique float, clust float, idxflags smallint"
)
SYSINDEXES_VIEW_SQL = (
    'CREATE VIEW "sysindexes" AS SELECT idxname, owner, tabid, idxtype, clustered, '
    + ", ".join(f"part{n}" for n in range(1, 17))
    + ', levels, leaves, nunique, clust, 0 AS idxflags FROM "sysindices"'
)

# Pseudo rows of systables that describe the database itself.
VERSION_TABID = 97
GL_COLLATE_TABID = 98
GL_CTYPE_TABID = 99
FIRST_USER_TABID = 100

SYSMASTER_TABLES: tuple[tuple[str, str], ...] = (
    (
        "sysdatabases",
        "name char(128), partnum integer, owner char(32), created date, is_logging integer,"
        " is_buff_log integer, is_ansi integer, is_nls integer, is_case_insens integer,"
        " flags smallint",
    ),
    (
        "systabnames",
        "partnum integer, dbsname char(128), owner char(32), tabname char(128), collate char(32)",
    ),
    ("sysdual", "dummy char(1)"),
    ("sysdbslocale", "dbs_dbsname char(128), dbs_collate char(32)"),
)

INTERNAL_SERIALS = "ifx__serials"
INTERNAL_TABLE_PREFIXES = ("ifx__", "sqlite_")


@dataclass(frozen=True)
class TableDef:
    tabid: int
    name: str
    columns: str
    hidden: tuple[str, ...] = ()
    view_sql: str | None = None


def catalog_tables() -> list[TableDef]:
    tables = [TableDef(tabid, name, cols, hidden) for tabid, name, cols, hidden in _TABLES]
    tables.append(
        TableDef(SYSINDEXES_TABID, "sysindexes", SYSINDEXES_COLUMNS, (), SYSINDEXES_VIEW_SQL)
    )
    return tables


def sysmaster_tables() -> list[TableDef]:
    return [
        TableDef(FIRST_USER_TABID + index, name, cols)
        for index, (name, cols) in enumerate(SYSMASTER_TABLES)
    ]


def sqlite_table_name(tabname: str) -> str:
    """SQLite name of an Informix table (internal names cannot be shadowed)."""
    if tabname.startswith(INTERNAL_TABLE_PREFIXES):
        return "ifx__u_" + tabname
    return tabname
