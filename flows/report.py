"""What the warehouse holds, as a short text summary for the end of a run."""

from __future__ import annotations

from warehouse.db import open_warehouse

SUMMARY_MEMORY = "64MB"  # DuckDB's cache for these scans: the summary's memory does not grow with the archive

QUERIES = {
    "articles by language": "SELECT lang, count(*) FROM v_articles WHERE usable GROUP BY ALL ORDER BY 1",
    "pages by status": "SELECT status, count(*) FROM articles GROUP BY ALL ORDER BY 1",
    "mentions by entity type": "SELECT e.type, count(*) FROM mentions m JOIN entities e USING (entity_id) "
                               "GROUP BY ALL ORDER BY 1",
    "most mentioned": "SELECT e.name, count(DISTINCT m.article_id) AS n FROM mentions m "
                      "JOIN entities e USING (entity_id) GROUP BY ALL ORDER BY n DESC, 1 LIMIT 8",
    "sanction events by measure and status": "SELECT measure || ' / ' || status, count(*) FROM sanction_events "
                                             "GROUP BY ALL ORDER BY 2 DESC, 1",
    "relations by predicate": "SELECT predicate, count(*) FROM relations GROUP BY ALL ORDER BY 1",
    "alerts by measure": "SELECT measure, count(*) FROM v_alerts GROUP BY ALL ORDER BY 2 DESC, 1",
}


def warehouse_summary(db: str) -> str:
    """Counts of articles, mentions, events and relations now in the warehouse at `db`."""
    lines = [f"warehouse {db} now holds:"]
    with open_warehouse(db, read_only=True) as con:
        con.execute(f"SET memory_limit = '{SUMMARY_MEMORY}'")
        con.execute("SET threads = 1")
        for label, sql in QUERIES.items():
            rows = con.execute(sql).fetchall()
            lines.append(f"  {label}: " + (", ".join(f"{k} {v}" for k, v in rows) or "none"))
    return "\n".join(lines)
