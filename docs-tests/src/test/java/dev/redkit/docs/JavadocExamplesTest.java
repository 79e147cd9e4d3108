package dev.redkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@code <pre>{@code ...}</pre>} example in the Javadoc of the published modules is a copy of a region of a
 * compiled source in {@code dev.redkit.docs.javadoc} (see {@link JavadocExamples}). With
 * {@code -Dredkit.javadoc.sync=true} the test first rewrites the Javadoc blocks from their regions.
 */
class JavadocExamplesTest {

    private static final String SOURCE = String.join(
            "\n",
            "/**",
            " * Locks.",
            " *",
            " * <!-- snippet: LockSnippets#acquire -->",
            " * <pre>{@code",
            " * Lease lease = locks.acquire(\"a\");",
            " * if (lease != null) {",
            " *     lease.close();",
            " * }",
            " * }</pre>",
            " */",
            "interface Locks {}");

    private static final Map<String, List<String>> REGIONS = JavadocExamples.regions(
            "LockSnippets",
            String.join(
                    "\n",
                    "class LockSnippets {",
                    "    void acquire(Locks locks) {",
                    "        // region acquire",
                    "        Lease lease = locks.acquire(\"a\");",
                    "        if (lease != null) {",
                    "            lease.close();",
                    "        }",
                    "        // endregion",
                    "    }",
                    "}"));

    @Test
    void everyJavadocExampleIsACopyOfACompiledRegion() throws IOException {
        Path root = JavadocExamples.repositoryRoot();
        if (Boolean.getBoolean("redkit.javadoc.sync")) {
            JavadocExamples.sync(root);
        }
        JavadocExamples.Report report = JavadocExamples.check(root);
        assertThat(report.examples()).as("Javadoc examples found").isGreaterThanOrEqualTo(72);
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aMatchingExamplePasses() {
        assertThat(JavadocExamples.check("Locks.java", SOURCE, REGIONS)).isEmpty();
    }

    @Test
    void aDriftedExampleFails() {
        String drifted = SOURCE.replace("locks.acquire(\"a\")", "locks.acquireOld(\"a\")");

        assertThat(JavadocExamples.check("Locks.java", drifted, REGIONS))
                .containsExactly(
                        "Locks.java:5: the example differs from LockSnippets#acquire at its line 1: "
                                + "Javadoc 'Lease lease = locks.acquireOld(\"a\");', region 'Lease lease = locks.acquire(\"a\");'");
    }

    @Test
    void anExampleNamingNoRegionFails() {
        String unknown = SOURCE.replace("LockSnippets#acquire", "LockSnippets#release");

        assertThat(JavadocExamples.check("Locks.java", unknown, REGIONS))
                .singleElement()
                .asString()
                .contains("names LockSnippets#release, which is no region");
    }

    @Test
    void anExampleWithoutMarkerFails() {
        String unmarked = SOURCE.replace(" * <!-- snippet: LockSnippets#acquire -->\n", "");

        assertThat(JavadocExamples.check("Locks.java", unmarked, REGIONS))
                .containsExactly("Locks.java:4: an example has no <!-- snippet: File#region --> marker on the line "
                        + "before it");
    }

    @Test
    void aRegionThatCannotBeCopiedIntoJavadocFails() {
        Map<String, List<String>> bad = JavadocExamples.regions(
                "LockSnippets", "// region acquire\nString s = \"*/\";\nif (x) {\n// endregion\n");

        assertThat(JavadocExamples.check("Locks.java", "", bad))
                .containsExactly(
                        "LockSnippets#acquire: a region copied into Javadoc cannot contain */",
                        "LockSnippets#acquire: a region copied into {@code} needs balanced braces");
    }

    @Test
    void syncRewritesADriftedExampleFromItsRegion() {
        String drifted = SOURCE.replace("        lease.close();", "lease.close(); // old")
                .replace(" *     lease.close();", " *   lease.close(); // old");

        String synced = JavadocExamples.rewrite(drifted, REGIONS);

        assertThat(synced).isEqualTo(SOURCE);
        assertThat(JavadocExamples.check("Locks.java", synced, REGIONS)).isEmpty();
    }
}
