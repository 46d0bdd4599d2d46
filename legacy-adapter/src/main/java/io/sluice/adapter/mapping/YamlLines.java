package io.sluice.adapter.mapping;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Line numbers of the key paths of a YAML text, in the notation of mapping errors
 * ({@code fields.status.convert}, {@code events[1].when}), so an error can point at its line.
 * Only computed when an error is reported.
 */
final class YamlLines {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Indexes the text; a text that does not parse yields what was read before the problem. */
    static YamlLines of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = frames.isEmpty() ? "" : frames.peek().child(true);
                        if (!path.isEmpty()) {
                            lines.putIfAbsent(path, line);
                        }
                        frames.push(new Frame(token == JsonToken.START_ARRAY, path));
                    }
                    case END_OBJECT, END_ARRAY -> frames.pop();
                    case FIELD_NAME -> {
                        frames.peek().field = parser.currentName();
                        lines.putIfAbsent(frames.peek().child(false), line);
                    }
                    default -> {
                        if (!frames.isEmpty() && frames.peek().array) {
                            lines.putIfAbsent(frames.peek().child(true), line);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what was indexed: lines are a help, not a requirement
        }
        return new YamlLines(lines);
    }

    /** The line of the key path, or of its nearest indexed parent; -1 if none. */
    int lineOf(String keyPath) {
        String path = keyPath;
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return -1;
    }

    private static final class Frame {
        final boolean array;
        final String path;
        String field;
        int index = -1;

        Frame(boolean array, String path) {
            this.array = array;
            this.path = path;
        }

        /** The path of the current child; in an array, advancing to the next element when {@code advance}. */
        String child(boolean advance) {
            if (array) {
                if (advance) {
                    index++;
                }
                return path + "[" + index + "]";
            }
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
