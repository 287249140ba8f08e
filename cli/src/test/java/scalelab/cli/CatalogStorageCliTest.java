package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `scalelab catalog --db`: the option is documented, and a database that cannot be reached is one clear line. */
class CatalogStorageCliTest {

    @Test
    void catalogHelpOffersTheDatabaseOption() {
        var run = CliTest.run("catalog", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--db=URL", "SCALELAB_DB_URL", "in memory");
    }

    @Test
    void catalogWithAnUnreachableDatabaseFailsWithExit1OneLineAndNoPassword() {
        var run = CliTest.run(
                "catalog", "--port", "0", "--db", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hush");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("scalelab: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test")
                .doesNotContain("hush", "\tat ");
    }
}
