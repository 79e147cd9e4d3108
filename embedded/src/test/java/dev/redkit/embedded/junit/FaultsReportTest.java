package dev.redkit.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link Faults#report} ships in a published artifact: it logs through SLF4J and neither prints to
 * {@code System.out} nor writes files (it used to print and append to {@code target/reliability-<component>.txt}).
 */
class FaultsReportTest {

    @Test
    void reportNeitherPrintsToStandardOutNorWritesAFile() {
        Path file = Path.of("target", "reliability-faults-report-test.txt");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Faults.report("faults-report-test", "a figure");
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }
}
