package io.sluice.adapter.mapping;

/**
 * A mapping file that cannot be used. The message names the file, the key path inside it, what is
 * wrong and how to fix it: {@code orders.yaml: fields.status.convert: unknown conversion 'enum'; use one of [...] (line 12)}.
 */
public class MappingDefinitionException extends RuntimeException {

    private final String file;
    private final String key;
    private final int line;

    public MappingDefinitionException(String file, String key, String problem) {
        this(file, key, problem, -1);
    }

    /**
     * @param line the line of the key in the file, or -1 when unknown
     */
    public MappingDefinitionException(String file, String key, String problem, int line) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem + (line > 0 ? " (line " + line + ")" : ""));
        this.file = file;
        this.key = key;
        this.line = line;
    }

    /** The mapping file's name. */
    public String file() {
        return file;
    }

    /** The key path inside the file, e.g. {@code events[1].when.transition.to}; empty for the file as a whole. */
    public String key() {
        return key;
    }

    /** The line of the key in the file, or -1 when unknown. */
    public int line() {
        return line;
    }
}
