package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;
import org.junit.jupiter.api.Test;

import io.sluice.relay.source.SourceFamily;

/**
 * The relay's build lists both families' migrations (a native image cannot scan the classpath); a run applies its own
 * family's only. The list is made here the way Quarkus makes it: the files under {@code quarkus.flyway.locations}, by
 * their classpath path, with no location of their own.
 */
class FamilyMigrationsTest {

    private static final List<String> BUILD_TIME_LIST = List.of("db/sluice/V1__create_sluice_objects.sql",
            "db/sluice/V2__create_relay_instance.sql", "db/mariadb/sluice/V1__create_sluice_objects.sql",
            "db/mariadb/sluice/V2__create_relay_instance.sql");

    @Test
    void theBuildListsBothFamiliesFoldersAndEachFileIsOnTheClasspath() throws Exception {
        Properties application = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            application.load(in);
        }
        assertThat(application.getProperty("quarkus.flyway.locations")).isEqualTo("classpath:db/sluice,classpath:db/mariadb/sluice");
        assertThat(FamilyMigrations.ALL_FAMILIES).containsExactlyInAnyOrder("db/sluice", "db/mariadb/sluice");
        BUILD_TIME_LIST.forEach(file -> assertThat(getClass().getClassLoader().getResource(file)).as(file).isNotNull());
    }

    @Test
    void aMariaDbRunAppliesTheMariaDbFolderOnly() {
        FluentConfiguration narrowed = FamilyMigrations.narrow(relayDefaults(), SourceFamily.of("jdbc:mariadb://db:3306/sluice"));

        assertThat(narrowed.getLocations()).extracting(Location::getDescriptor).containsExactly("classpath:db/mariadb/sluice");
        assertThat(migrations(narrowed)).containsExactlyInAnyOrder("db/mariadb/sluice/V1__create_sluice_objects.sql",
                "db/mariadb/sluice/V2__create_relay_instance.sql");
    }

    @Test
    void aPostgresRunAppliesThePostgresFolderOnly() {
        FluentConfiguration narrowed = FamilyMigrations.narrow(relayDefaults(), SourceFamily.of("jdbc:postgresql://db:5432/oms"));

        assertThat(narrowed.getLocations()).extracting(Location::getDescriptor).containsExactly("classpath:db/sluice");
        assertThat(migrations(narrowed)).containsExactlyInAnyOrder("db/sluice/V1__create_sluice_objects.sql",
                "db/sluice/V2__create_relay_instance.sql");
    }

    @Test
    void locationsConfiguredOtherwiseAreAppliedAsConfigured() {
        FluentConfiguration own = relayDefaults().locations("classpath:db/sluice", "classpath:db/site-specific");

        FamilyMigrations.narrow(own, SourceFamily.of("jdbc:mariadb://db:3306/sluice"));

        assertThat(own.getLocations()).extracting(Location::getDescriptor).containsExactlyInAnyOrder("classpath:db/sluice",
                "classpath:db/site-specific");
        assertThat(migrations(own)).hasSize(BUILD_TIME_LIST.size());
    }

    /** The relay's Flyway configuration as Quarkus hands it over: both folders, the build-time list as its resources. */
    private static FluentConfiguration relayDefaults() {
        ClassLoader loader = FamilyMigrationsTest.class.getClassLoader();
        List<LoadableResource> listed = BUILD_TIME_LIST.stream()
                .<LoadableResource>map(file -> new ClassPathResource(null, file, loader, StandardCharsets.UTF_8)).toList();
        return Flyway.configure().locations("classpath:db/sluice", "classpath:db/mariadb/sluice").resourceProvider(new ResourceProvider() {
            @Override
            public LoadableResource getResource(String name) {
                return listed.stream().filter(r -> r.getRelativePath().equals(name)).findFirst().orElse(null);
            }

            @Override
            public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
                return listed.stream()
                        .filter(r -> r.getFilename().startsWith(prefix) && List.of(suffixes).stream().anyMatch(r.getFilename()::endsWith))
                        .toList();
            }
        });
    }

    private static List<String> migrations(FluentConfiguration configuration) {
        return configuration.getResourceProvider().getResources("V", new String[]{".sql"}).stream().map(LoadableResource::getAbsolutePath)
                .toList();
    }
}
