package io.sluice.adapter.mapping;

/**
 * A mapping file that cannot be used. The message names the file, the key path inside it, what is
 * wrong and how to fix it: {@code orders.yaml: fields.status.convert: unknown conversion 'enum'; use one of ...}.
 */
public class MappingDefinitionException extends RuntimeException {

    private final String file;
    private final String key;

    public MappingDefinitionException(String file, String key, String problem) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
        this.file = file;
        this.key = key;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}
