package io.sluice.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the project's Markdown (READMEs, {@code docs/}) resolves: the file or folder exists and
 * the anchor names a heading of the target. Run alone: {@code ./mvnw -B -ntp -pl testkit -am verify
 * -Dtest=DocumentationLinksTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
class DocumentationLinksTest {

    @Test
    void everyRelativeLinkOfTheProjectsMarkdownResolves() {
        MarkdownLinks links = new MarkdownLinks(repositoryRoot());
        List<Path> files = links.markdownFiles();
        assertThat(files).as("Markdown files of the repository").anyMatch(file -> file.endsWith("README.md"));

        List<MarkdownLinks.Broken> broken = files.stream().flatMap(file -> links.brokenLinks(file).stream()).toList();

        assertThat(broken).as("links that do not resolve (file:line: (target) why)").isEmpty();
    }

    @Test
    void reportsAMissingFileAndAMissingAnchorWithFileAndLine(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), "# Guide\n\n## Dead letters\n\n## Dead letters\n");
        Files.writeString(root.resolve("README.md"), String.join("\n",
                "# Project",
                "[ok](docs/guide.md#dead-letters) and [second](docs/guide.md#dead-letters-1), [self](#project)",
                "[gone](docs/missing.md) `[code](not/a/link.md)`",
                "[bad anchor](docs/guide.md#deadletters)",
                "```",
                "[in a code block](nowhere.md)",
                "```",
                "[web](https://example.com/x.md) [folder](docs/)",
                "[ref]: docs/also-missing.md"));

        MarkdownLinks links = new MarkdownLinks(root);

        assertThat(links.brokenLinks(root.resolve("README.md"))).extracting(Object::toString).containsExactly(
                "README.md:3: (docs/missing.md) docs/missing.md does not exist",
                "README.md:4: (docs/guide.md#deadletters) no heading of docs/guide.md has the anchor #deadletters;"
                        + " its anchors: [guide, dead-letters, dead-letters-1]",
                "README.md:9: (docs/also-missing.md) docs/also-missing.md does not exist");
    }

    @Test
    void readsTheProjectsMarkdownButNotBuildOutput(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("outbox-relay/target/quarkus-app"));
        Files.writeString(root.resolve("README.md"), "# Project\n");
        Files.writeString(root.resolve("docs/guide.md"), "# Guide\n");
        Files.writeString(root.resolve("outbox-relay/target/quarkus-app/notes.md"), "[broken](nowhere.md)\n");

        assertThat(new MarkdownLinks(root).markdownFiles()).containsExactly(root.resolve("README.md"), root.resolve("docs/guide.md"));
    }

    @Test
    void makesGitHubAnchorsFromHeadings() {
        assertThat(MarkdownLinks.slug("Modern services, and contracts that protect them"))
                .isEqualTo("modern-services-and-contracts-that-protect-them");
        assertThat(MarkdownLinks.slug("Relay (`outbox-relay`)")).isEqualTo("relay-outbox-relay");
        assertThat(MarkdownLinks.slug("Performance, measured: see [bench](bench/README.md)"))
                .isEqualTo("performance-measured-see-bench");
        assertThat(MarkdownLinks.slug("Kafka TLS & SASL_SSL")).isEqualTo("kafka-tls--sasl_ssl");
    }

    /** The folder that holds {@code mvnw}, above the module the test runs in. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a folder holding mvnw above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
