package io.sluice.testkit.demo;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where the demo's legacy order system lives: {@code scripts/demo --source=postgresql} (the default) or {@code --source=mariadb}. */
enum DemoSource {

    POSTGRESQL("postgresql", "PostgreSQL"), MARIADB("mariadb", "MariaDB");

    private final String flag;
    private final String label;

    DemoSource(String flag, String label) {
        this.flag = flag;
        this.label = label;
    }

    /** The flag's value ({@code mariadb}). */
    String flag() {
        return flag;
    }

    /** The family's name for people ({@code MariaDB}). */
    String label() {
        return label;
    }

    /**
     * The source named by the demo's arguments; no argument means PostgreSQL.
     *
     * @throws IllegalArgumentException naming the unknown argument or value and what is accepted
     */
    static DemoSource fromArguments(String... args) {
        DemoSource source = POSTGRESQL;
        for (String arg : args) {
            if (!arg.startsWith("--source=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "': the demo takes " + usage());
            }
            String value = arg.substring("--source=".length());
            source = Arrays.stream(values()).filter(s -> s.flag.equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown source '" + value + "': use " + usage()));
        }
        return source;
    }

    private static String usage() {
        return Arrays.stream(values()).map(s -> "--source=" + s.flag).collect(Collectors.joining(" or ")) + " (default: --source="
                + POSTGRESQL.flag + ")";
    }
}
