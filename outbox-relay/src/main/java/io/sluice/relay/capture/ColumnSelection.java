package io.sluice.relay.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sluice.adapter.change.TableId;

/**
 * Which columns of each captured table the relay captures (issue 18, point 5): of a mapped table, the columns its mappings
 * read ({@link io.sluice.adapter.mapping.MappingCatalog#columnsRead}), its primary key and its replica identity's columns
 * (PostgreSQL requires those in a publication's column list, and Debezium keys records by the primary key). Every column
 * of outbox tables, of tables a Java mapper reads (what it reads is not known) and of tables whose needed columns are all
 * of them. A table not named here is captured whole.
 */
public final class ColumnSelection {

    /** Nothing narrowed: every column of every captured table. */
    public static final ColumnSelection ALL = new ColumnSelection(Map.of(), Set.of());

    /**
     * What the source's catalogue says of one table.
     *
     * @param columns      its publishable columns, in table order (PostgreSQL: not dropped, not generated)
     * @param primaryKey   its primary key's columns; empty without one
     * @param identity     the columns whose old values its replica identity logs (for {@code REPLICA IDENTITY FULL}: all)
     * @param identityFull whether its replica identity is {@code FULL}: then PostgreSQL refuses a column list for a
     *                     publication of updates and deletes (it must hold every column), and only Debezium filters
     */
    public record LiveTable(List<String> columns, Set<String> primaryKey, Set<String> identity, boolean identityFull) {
    }

    private final Map<TableId, List<String>> narrowed;
    private final Set<TableId> identityFull;

    private ColumnSelection(Map<TableId, List<String>> narrowed, Set<TableId> identityFull) {
        this.narrowed = narrowed;
        this.identityFull = identityFull;
    }

    /**
     * @param live the captured tables as the source has them; a table missing here is captured whole
     */
    public static ColumnSelection of(ChangeRouting routing, Map<TableId, LiveTable> live) {
        Map<TableId, List<String>> narrowed = new LinkedHashMap<>();
        Set<TableId> full = new java.util.LinkedHashSet<>();
        Set<TableId> whole = new java.util.HashSet<>(routing.outbox().tables());
        whole.addAll(routing.adapter().javaMapperTables());
        for (TableId table : routing.catalog().tables()) {
            LiveTable columns = live.get(table);
            if (whole.contains(table) || columns == null) {
                continue;
            }
            Set<String> needed = new TreeSet<>(routing.catalog().columnsRead(table));
            needed.addAll(columns.primaryKey());
            if (!columns.identityFull()) { // FULL: no column list in the publication, so its columns need not be captured
                needed.addAll(columns.identity());
            }
            List<String> kept = columns.columns().stream().filter(needed::contains).toList();
            if (kept.size() < columns.columns().size()) {
                narrowed.put(table, kept);
                if (columns.identityFull()) {
                    full.add(table);
                }
            }
        }
        return new ColumnSelection(Map.copyOf(narrowed), Set.copyOf(full));
    }

    /** @return the columns captured of this table, in table order; empty: all of them */
    public Optional<List<String>> columnsOf(TableId table) {
        return Optional.ofNullable(narrowed.get(table));
    }

    /**
     * @return the column list of this table in a publication; empty: none (all columns), also for a table whose replica
     *         identity is {@code FULL}, which only Debezium's column filter narrows
     */
    public Optional<List<String>> publicationColumnsOf(TableId table) {
        return identityFull.contains(table) ? Optional.empty() : columnsOf(table);
    }

    /** Narrowed tables whose replica identity is {@code FULL}: PostgreSQL sends all their columns, Debezium drops the others. */
    public Set<TableId> narrowedByDebeziumOnly() {
        return identityFull;
    }

    /** Whether any table is captured with fewer than all of its columns. */
    public boolean narrows() {
        return !narrowed.isEmpty();
    }

    /**
     * Debezium's {@code column.include.list}: the captured columns of each narrowed table, every column ({@code .*}) of the
     * other included tables (a column include list drops the columns of tables it does not name). Fully qualified
     * {@code schema.table.column} regular expressions, names quoted.
     *
     * @param included every table the engine captures
     * @return empty when nothing is narrowed
     */
    public Optional<String> columnIncludeList(Set<TableId> included) {
        if (!narrows()) {
            return Optional.empty();
        }
        List<String> patterns = new ArrayList<>();
        for (TableId table : included.stream().sorted(java.util.Comparator.comparing(TableId::toString)).toList()) {
            String prefix = Pattern.quote(table.schema()) + "\\." + Pattern.quote(table.table()) + "\\.";
            List<String> columns = narrowed.get(table);
            if (columns == null) {
                patterns.add(prefix + ".*");
            } else {
                columns.forEach(column -> patterns.add(prefix + Pattern.quote(column)));
            }
        }
        return Optional.of(patterns.stream().collect(Collectors.joining(",")));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ColumnSelection that && narrowed.equals(that.narrowed) && identityFull.equals(that.identityFull);
    }

    @Override
    public int hashCode() {
        return narrowed.hashCode();
    }

    @Override
    public String toString() {
        return narrowed.toString();
    }
}
