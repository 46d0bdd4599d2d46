package io.sluice.relay.capture;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.locations.LocationParser;
import org.flywaydb.core.api.resource.LoadableResource;

import io.sluice.relay.source.SourceFamily;

/**
 * Sluice's own migrations for the source's family only. Quarkus lists the migration files of
 * {@code quarkus.flyway.locations} at build time (a native image has no classpath to scan), so that list names every
 * family's folder ({@link #ALL_FAMILIES}); each run applies the files of its own family's folder
 * ({@link SourceFamily#sluiceMigrations()}), taken from that list. Locations configured otherwise are applied as
 * configured.
 */
final class FamilyMigrations implements ResourceProvider {

    /** {@code quarkus.flyway.locations} of the relay's build: both families' folders. */
    static final Set<String> ALL_FAMILIES = Set.of("db/sluice", "db/mariadb/sluice");

    private final ResourceProvider all;
    private final String folder;

    private FamilyMigrations(ResourceProvider all, String folder) {
        this.all = all;
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    /**
     * Narrows a configuration made from Quarkus's (its locations, resource provider and Java migrations) to the family's
     * folder, when its locations are the relay's defaults.
     */
    static FluentConfiguration narrow(FluentConfiguration configuration, SourceFamily family) {
        Set<String> configured = Arrays.stream(configuration.getLocations()).filter(Location::isClassPath).map(Location::getRootPath)
                .collect(Collectors.toSet());
        if (!configured.equals(ALL_FAMILIES) || configuration.getLocations().length != ALL_FAMILIES.size()) {
            return configuration;
        }
        Location own = LocationParser.parseLocation(family.sluiceMigrations());
        ResourceProvider resources = configuration.getResourceProvider();
        return configuration.locations(own).resourceProvider(resources == null ? null : new FamilyMigrations(resources, own.getRootPath()));
    }

    @Override
    public LoadableResource getResource(String name) {
        LoadableResource resource = all.getResource(name);
        return resource != null && ours(resource) ? resource : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return all.getResources(prefix, suffixes).stream().filter(this::ours).toList();
    }

    private boolean ours(LoadableResource resource) {
        return resource.getAbsolutePath().startsWith(folder);
    }
}
