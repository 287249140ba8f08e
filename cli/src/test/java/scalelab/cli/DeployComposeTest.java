package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml and deploy/Dockerfile, read as files (no container engine here): every service and role is
 * there with a health check, dependencies wait for health, and every command and {@code SCALELAB_*} variable is one
 * the real CLI accepts.
 */
class DeployComposeTest {
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SCALELAB_VARIABLE = Pattern.compile("SCALELAB_[A-Z0-9_]+");

    /** Every role of the stack: the services of {@code scalelab up}, the workers, and search behind its balancer. */
    private static final Set<String> ROLES = Set.of(
            "albums",
            "kv",
            "catalog",
            "product",
            "cart",
            "flashsale",
            "flashsale-worker",
            "mapreduce",
            "mapper",
            "reducer",
            "search-1",
            "search-2",
            "search-lb");

    private static JsonNode services() throws IOException {
        return YAML.readTree(DEPLOY.resolve("compose.yaml").toFile()).get("services");
    }

    private static List<String> scalelabServices(JsonNode services) {
        var names = new ArrayList<String>();
        services.properties().forEach(e -> {
            if (e.getValue().path("image").asText().contains("scalelab")) names.add(e.getKey());
        });
        return names;
    }

    static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void everyRoleRunsFromTheScalelabImageBesideRabbitMqAndPostgres() throws IOException {
        JsonNode services = services();
        assertThat(services.has("rabbitmq")).isTrue();
        assertThat(services.get("rabbitmq").get("image").asText()).contains("management");
        assertThat(services.has("postgres")).isTrue();
        assertThat(new TreeSet<>(scalelabServices(services))).isEqualTo(new TreeSet<>(ROLES));
        for (String name : ROLES) {
            assertThat(services.get(name).get("build").get("dockerfile").asText())
                    .as(name)
                    .isEqualTo("deploy/Dockerfile");
        }
    }

    @Test
    void everyServiceHasAHealthCheck() throws IOException {
        JsonNode services = services();
        services.properties().forEach(e -> {
            JsonNode test = e.getValue().path("healthcheck").path("test");
            assertThat(test.isArray()).as(e.getKey() + " healthcheck.test").isTrue();
            assertThat(strings(test).get(0)).as(e.getKey()).isIn("CMD", "CMD-SHELL");
        });
        for (String name : ROLES) {
            assertThat(strings(services.get(name).get("healthcheck").get("test")))
                    .as(name)
                    .containsExactly("CMD", "/app/healthcheck.sh");
        }
    }

    @Test
    void dependenciesExistAndAreWaitedForUntilHealthy() throws IOException {
        JsonNode services = services();
        services.properties().forEach(e -> {
            JsonNode dependsOn = e.getValue().path("depends_on");
            dependsOn.properties().forEach(d -> {
                assertThat(services.has(d.getKey()))
                        .as(e.getKey() + " depends on " + d.getKey())
                        .isTrue();
                assertThat(d.getValue().path("condition").asText())
                        .as(e.getKey() + " -> " + d.getKey())
                        .isEqualTo("service_healthy");
            });
            JsonNode env = e.getValue().path("environment");
            if (env.has("SCALELAB_BROKER_URL")) {
                assertThat(dependsOn.has("rabbitmq"))
                        .as(e.getKey() + " waits for rabbitmq")
                        .isTrue();
                assertThat(env.get("SCALELAB_BROKER_URL").asText()).contains("@rabbitmq:5672/");
            }
            if (env.has("SCALELAB_DB_URL")) {
                assertThat(dependsOn.has("postgres"))
                        .as(e.getKey() + " waits for postgres")
                        .isTrue();
                assertThat(env.get("SCALELAB_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
            }
        });
        assertThat(services.get("cart")
                        .get("environment")
                        .get("SCALELAB_PRODUCT_URL")
                        .asText())
                .isEqualTo("http://product:8080");
        assertThat(services.get("cart").get("depends_on").has("product")).isTrue();
    }

    @Test
    void workersRunAsReplicasWithTheBrokerTheyNeed() throws IOException {
        JsonNode services = services();
        assertThat(services.get("flashsale-worker")
                        .get("deploy")
                        .get("replicas")
                        .asInt())
                .isGreaterThanOrEqualTo(2);
        assertThat(services.get("mapper").get("deploy").get("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(services.get("reducer").get("deploy").get("replicas").asInt())
                .isGreaterThanOrEqualTo(1);
        // the API leaves payment to the worker processes, which share its broker and database
        assertThat(strings(services.get("flashsale").get("command"))).containsSequence("--workers", "0");
        assertThat(services.get("flashsale-worker").get("environment"))
                .isEqualTo(services.get("flashsale").get("environment"));
    }

    @Test
    void everyCommandIsARealScalelabCommandLine() throws IOException {
        JsonNode services = services();
        for (String name : scalelabServices(services)) {
            List<String> command = strings(services.get(name).get("command"));
            CliModel.assertRunnable("compose service " + name, command);
        }
    }

    @Test
    void everyScalelabVariableIsOneTheCliReads() throws IOException {
        Set<String> known = CliModel.environmentVariables();
        assertThat(known).contains("SCALELAB_DB_URL", "SCALELAB_BROKER_URL", "SCALELAB_PORT", "SCALELAB_LOG_LEVEL");
        JsonNode services = services();
        services.properties()
                .forEach(e -> e.getValue().path("environment").properties().forEach(v -> {
                    if (v.getKey().startsWith("SCALELAB_")) {
                        assertThat(known).as(e.getKey() + " sets " + v.getKey()).contains(v.getKey());
                    }
                }));
    }

    @Test
    void passwordsAreLocalDevDefaultsReplaceableFromTheEnvironment() throws IOException {
        String compose = Files.readString(DEPLOY.resolve("compose.yaml"));
        var secrets = new ArrayList<String>();
        for (String pattern :
                List.of("password=([^&\\s\"]+)", "amqp://[^:/@]+:([^@]+)@", "(?m)^\\s*[A-Z_]*PASS[A-Z_]*:\\s*(\\S+)")) {
            Matcher m = Pattern.compile(pattern).matcher(compose);
            while (m.find()) secrets.add(m.group(1));
        }
        assertThat(secrets)
                .hasSizeGreaterThan(3)
                .allSatisfy(secret ->
                        assertThat(secret).matches("\\$\\{(RABBITMQ|POSTGRES)_PASSWORD:-scalelab-local-dev}"));
    }

    @Test
    void theImageRunsTheJarAsANonRootUserWithAHealthCheckAndContainerJvmFlags() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern("(?m)^FROM eclipse-temurin:2[1-9]-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:2[1-9]-jre$")
                .contains("./mvnw ")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"/app/healthcheck.sh\"]$")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"/app/scalelab.jar\"]$")
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
        assertThat(DEPLOY.resolve("healthcheck.sh")).isExecutable();
        assertThat(DEPLOY.resolve("Dockerfile.dockerignore")).content().contains("**/target/");
        // the image's variables are real ones too
        Matcher m = SCALELAB_VARIABLE.matcher(dockerfile);
        Set<String> known = CliModel.environmentVariables();
        while (m.find()) assertThat(known).as("Dockerfile sets " + m.group()).contains(m.group());
    }
}
