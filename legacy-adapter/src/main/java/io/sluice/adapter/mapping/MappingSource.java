package io.sluice.adapter.mapping;

/**
 * The text of one mapping file.
 *
 * @param name the file name, used in every error message about it
 * @param text the YAML text
 */
public record MappingSource(String name, String text) {
}
