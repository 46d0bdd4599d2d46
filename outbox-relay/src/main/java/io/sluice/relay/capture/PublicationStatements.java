package io.sluice.relay.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.sluice.adapter.change.TableId;

/**
 * The SQL of a PostgreSQL publication that carries only the captured columns (PostgreSQL 15+ column lists), and the
 * comparison of a publication with what the mappings need. Pure: {@link PublicationColumns} runs it.
 */
final class PublicationStatements {

    private PublicationStatements() {
    }

    /** {@code CREATE PUBLICATION "p" FOR TABLE "S"."T" ("A", "B"), ...;} */
    static String create(String publication, Set<TableId> tables, ColumnSelection selection) {
        return "CREATE PUBLICATION " + quote(publication) + " FOR TABLE " + tableList(tables, selection);
    }

    /** {@code ALTER PUBLICATION "p" SET TABLE "S"."T" ("A", "B"), ...;}: replaces the publication's tables. */
    static String setTables(String publication, Set<TableId> tables, ColumnSelection selection) {
        return "ALTER PUBLICATION " + quote(publication) + " SET TABLE " + tableList(tables, selection);
    }

    /**
     * Whether the publication already publishes exactly these tables with these columns.
     *
     * @param published per table the publication has: the columns it publishes ({@code pg_publication_tables.attnames})
     * @param live      the tables as the source has them (a table published whole publishes all its columns)
     */
    static boolean upToDate(Map<TableId, List<String>> published, Set<TableId> tables, ColumnSelection selection,
            Map<TableId, ColumnSelection.LiveTable> live) {
        if (!published.keySet().equals(tables)) {
            return false;
        }
        for (TableId table : tables) {
            Optional<List<String>> wanted = selection.publicationColumnsOf(table)
                    .or(() -> Optional.ofNullable(live.get(table)).map(ColumnSelection.LiveTable::columns));
            if (wanted.isPresent() && !Set.copyOf(wanted.get()).equals(Set.copyOf(published.get(table)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a publication made by someone else lacks: per captured table it does not publish, or publishes without some
     * column the relay captures, one sentence naming table, missing columns and the statements that fix it.
     *
     * @param needed per captured table, the columns the relay captures of it
     */
    static List<String> missing(String publication, Map<TableId, List<String>> published, Map<TableId, List<String>> needed) {
        List<String> problems = new ArrayList<>();
        for (TableId table : needed.keySet().stream().sorted(Comparator.comparing(TableId::toString)).toList()) {
            List<String> columns = needed.get(table);
            List<String> has = published.get(table);
            if (has == null) {
                problems.add(table + " is not in it; run ALTER PUBLICATION " + quote(publication) + " ADD TABLE " + quote(table)
                        + " (" + quoted(columns) + ");");
                continue;
            }
            List<String> lacking = columns.stream().filter(c -> !has.contains(c)).toList();
            if (!lacking.isEmpty()) {
                List<String> both = new ArrayList<>(has);
                columns.stream().filter(c -> !has.contains(c)).forEach(both::add);
                problems.add(table + " lacks column" + (lacking.size() == 1 ? " " : "s ") + lacking + "; run BEGIN; ALTER PUBLICATION "
                        + quote(publication) + " DROP TABLE " + quote(table) + "; ALTER PUBLICATION " + quote(publication)
                        + " ADD TABLE " + quote(table) + " (" + quoted(both) + "); COMMIT;");
            }
        }
        return problems;
    }

    private static String tableList(Set<TableId> tables, ColumnSelection selection) {
        return tables.stream().sorted(Comparator.comparing(TableId::toString))
                .map(table -> quote(table) + selection.publicationColumnsOf(table).map(c -> " (" + quoted(c) + ")").orElse(""))
                .collect(Collectors.joining(", "));
    }

    static String quote(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String quoted(List<String> columns) {
        return columns.stream().map(PublicationStatements::quote).collect(Collectors.joining(", "));
    }
}
