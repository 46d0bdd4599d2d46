package io.sluice.testkit.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The project's {@code docker-compose.yml}, read as data, so that tests can check it against the
 * applications' configuration where no Docker engine runs.
 */
public final class ComposeFile {

    private final Path path;
    private final JsonNode services;

    private ComposeFile(Path path, JsonNode root) {
        this.path = path;
        this.services = root.path("services");
    }

    /** Finds {@code docker-compose.yml} in the working directory or one of its parents. */
    public static ComposeFile locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docker-compose.yml");
            if (Files.isRegularFile(candidate)) {
                return read(candidate);
            }
        }
        throw new IllegalStateException("No docker-compose.yml in " + Path.of("").toAbsolutePath() + " or its parents");
    }

    public static ComposeFile read(Path path) {
        try {
            return new ComposeFile(path, new ObjectMapper(new YAMLFactory()).readTree(path.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public Set<String> services() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The service's environment (map or list form). */
    public Map<String, String> environment(String service) {
        JsonNode env = service(service).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        } else if (env.isArray()) {
            env.forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                result.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        }
        return result;
    }

    /** Published ports as written ({@code "8080:8080"}). */
    public List<String> ports(String service) {
        List<String> ports = new ArrayList<>();
        service(service).path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }

    /** The profiles a service belongs to; none: it runs in every variant ({@code docker compose up}). */
    public Set<String> profiles(String service) {
        Set<String> names = new TreeSet<>();
        service(service).path("profiles").forEach(p -> names.add(p.asText()));
        return names;
    }

    /** Volumes as written (short form: {@code ./host/path:/container/path:ro}). */
    public List<String> volumes(String service) {
        List<String> volumes = new ArrayList<>();
        service(service).path("volumes").forEach(v -> volumes.add(v.isObject()
                ? v.path("source").asText() + ":"
                        + v.path("target").asText()
                : v.asText()));
        return volumes;
    }

    public boolean hasHealthcheck(String service) {
        return service(service).path("healthcheck").has("test");
    }

    /** The services this one waits for. */
    public Set<String> dependsOn(String service) {
        JsonNode depends = service(service).path("depends_on");
        Set<String> names = new TreeSet<>();
        if (depends.isObject()) {
            depends.fieldNames().forEachRemaining(names::add);
        } else {
            depends.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    /** The service's command as one string. */
    public String command(String service) {
        JsonNode command = service(service).path("command");
        if (command.isArray()) {
            List<String> parts = new ArrayList<>();
            command.forEach(p -> parts.add(p.asText()));
            return String.join(" ", parts);
        }
        return command.asText();
    }

    /**
     * A property as written in the application's {@code src/main/resources/application.properties} (the
     * module being tested is the working directory); tests override some values, such as the HTTP port.
     */
    public static String applicationProperty(String name) {
        Path file = Path.of("src", "main", "resources", "application.properties");
        var properties = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
        return properties.getProperty(name);
    }

    /** The environment-variable form of a configuration property name (SmallRye Config's rule). */
    public static String environmentForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private JsonNode service(String name) {
        JsonNode service = services.path(name);
        if (service.isMissingNode()) {
            throw new IllegalArgumentException(path + " has no service '" + name + "' (services: " + services() + ")");
        }
        return service;
    }
}
